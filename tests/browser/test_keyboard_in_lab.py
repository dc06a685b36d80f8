"""By keyboard alone in the real JupyterLab: a 12-item questionnaire and an explorer.

Tab, the arrow keys, Space and Enter only (the first focus is put on the form's first
control, as a Tab from the cell above would). The test counts the Tab stops of the
form, checks the values reached the kernel and the chart redrew (waiting on the
change, not on a clock), and reads the accessible names from Chromium's own
accessibility tree (CDP ``Accessibility.getFullAXTree``).

Screenshots: build/screenshots/keyboard-*.png
"""

import pytest

import alliance_lab as al

from .lab import (
    ax_nodes,
    error_outputs,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_charts_drawn,
    write_notebook,
)

NAME = "keyboard_check.ipynb"
FORM_CELL = """\
import alliance_lab as al

al.setup_notebook()
form = al.questionnaire("bordin-teaching", perspective="client", respondent="keyboard check")
form"""
FORM = ".alliance-lab-questionnaire"
EXPLORER = ".alliance-lab-explorer"


@pytest.fixture
def form_notebook(server_root):
    return write_notebook(server_root, NAME, FORM_CELL)


def focused(page):
    """What has the keyboard focus: its tag, type, accessible-ish label and place in the form."""
    return page.evaluate(
        """(form) => {
            const el = document.activeElement;
            const fieldset = el.closest('fieldset');
            return {
                tag: el.tagName.toLowerCase(), type: el.type || '',
                text: (el.textContent || '').trim(),
                legend: fieldset ? fieldset.querySelector('legend').textContent : null,
                inForm: !!el.closest(form),
                checked: !!el.checked,
            };
        }""",
        FORM,
    )


def test_questionnaire_by_keyboard(page, lab_server, form_notebook):
    open_notebook(page, lab_server, form_notebook)
    run_all_cells(page)
    page.wait_for_selector(f"{FORM} fieldset input[type=radio]", timeout=60_000)
    rows = page.locator(f"{FORM} fieldset")
    assert rows.count() == 12

    # Names from the accessibility tree: each row a group named by its statement.
    nodes = ax_nodes(page)
    groups = [name for role, name in nodes if role == "group" and name[:3].rstrip().endswith(".")]
    assert len(groups) == 12, groups
    assert groups[0].startswith("1. ") and groups[11].startswith("12. ")
    assert len([n for r, n in nodes if r == "radio"]) == 60
    assert ("button", "Submit") in nodes

    # Walk: Tab from row to row; in each row the arrow keys choose the point.
    page.locator(f"{FORM} fieldset input[type=radio]").first.focus()
    wanted = [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4]  # 1-5 points
    tab_stops = 1
    for row, point in enumerate(wanted):
        at = focused(page)
        assert at["type"] == "radio" and at["legend"].startswith(f"{row + 1}. "), (row, at)
        page.keyboard.press("Space")  # choose the first point
        for _ in range(point - 1):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        tab_stops += 1
    # after the last row: the respondent box, then Submit
    while focused(page)["text"] != "Submit":
        assert focused(page)["inForm"], "Tab left the form before reaching Submit"
        page.keyboard.press("Tab")
        tab_stops += 1
        assert tab_stops < 30, "Submit not reached"
    print(f"TAB STOPS from the first row to Submit: {tab_stops} (12 rows, respondent, Submit)")
    assert tab_stops == 14
    checked = page.evaluate(
        f"""() => Array.from(document.querySelectorAll('{FORM} fieldset')).map(f =>
              Array.from(f.querySelectorAll('input')).findIndex(i => i.checked) + 1)"""
    )
    assert checked == wanted
    screenshot(page, "keyboard-1-form-filled")

    page.keyboard.press("Enter")
    page.get_by_text("Saved as submission").wait_for(timeout=30_000)
    page.wait_for_selector(f"{FORM} .vega-embed .marks", timeout=30_000)
    # the kernel got the keyboard's answers: items 5 and 7 reverse-keyed (teaching form)
    reading = page.locator(f"{FORM} .alliance-lab-reading").inner_text()
    assert "goal" in reading
    page.locator(f"{FORM} .vega-embed").scroll_into_view_if_needed()
    screenshot(page, "keyboard-2-submitted", whole_notebook=False)

    # Change row 1 by keyboard, submit again: the chart is swapped in place, never blank.
    chart_before = page.locator(f"{FORM} .vega-embed svg.marks").evaluate("s => s.outerHTML")
    page.locator(f"{FORM} fieldset").first.locator("input:checked").focus()
    page.keyboard.press("ArrowLeft")  # 5 -> 4
    for _ in range(13):  # to rows 2-12, the respondent box, then Submit
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "Submit"
    # from here on, the chart area's height and the scroll position are sampled each frame
    page.evaluate(
        """(form) => {
            const area = document.querySelector(form + ' .alliance-lab-chart-area');
            const panel = document.querySelector('.jp-WindowedPanel-outer');
            window.__watch = {minHeight: area.getBoundingClientRect().height,
                              start: area.getBoundingClientRect().height,
                              scroll: [panel.scrollTop], done: false};
            const watch = () => {
                const h = area.getBoundingClientRect().height;
                window.__watch.minHeight = Math.min(window.__watch.minHeight, h);
                window.__watch.scroll.push(panel.scrollTop);
                if (!window.__watch.done) requestAnimationFrame(watch);
            };
            requestAnimationFrame(watch);
        }""",
        FORM,
    )
    page.keyboard.press("Space")
    page.get_by_text("Saved as submission 2").wait_for(timeout=30_000)
    page.wait_for_function(
        """([form, old]) => {
            const svg = document.querySelector(form + ' .vega-embed svg.marks');
            return svg !== null && svg.outerHTML !== old;
        }""",
        arg=[FORM, chart_before],
        timeout=30_000,
    )
    watch = page.evaluate("() => { window.__watch.done = true; return window.__watch; }")
    print(f"CHART AREA during the swap: {watch['start']:.0f} px, lowest {watch['minHeight']:.0f}")
    assert watch["minHeight"] >= 0.9 * watch["start"], watch  # no blank flash
    assert max(watch["scroll"]) - min(watch["scroll"]) < 5, "the page jumped"
    assert error_outputs(page) == []
    screenshot(page, "keyboard-3-resubmitted", whole_notebook=False)


def test_explorer_by_keyboard(page, lab_server):
    open_notebook(page, lab_server, "notebooks/01_bordins_model.ipynb")
    run_all_cells(page)
    assert error_outputs(page) == []
    wait_charts_drawn(page)
    explorer = page.locator(EXPLORER).first
    explorer.scroll_into_view_if_needed()
    page.wait_for_selector(f"{EXPLORER} .vega-embed .marks", timeout=60_000)

    nodes = ax_nodes(page)
    sliders = [name for role, name in nodes if role == "slider"]
    for name in ("Agreement on goals", "Agreement on tasks", "Bond"):
        assert name in sliders, sliders
    buttons = {name for role, name in nodes if role == "button"}
    assert {"Load scenario", "Share this scenario"} <= buttons
    print("SLIDER NAMES", sliders)

    def state():
        return explorer.evaluate(
            """e => ({sentence: e.querySelector('.alliance-lab-sentence').textContent,
                     svg: e.querySelector('.vega-embed svg.marks').outerHTML,
                     readouts: Array.from(e.querySelectorAll('output')).map(o => o.textContent)})"""
        )

    def wait_change(before):
        page.wait_for_function(
            """([e, old]) => e.querySelector('.alliance-lab-sentence').textContent !== old.sentence
                && e.querySelector('.vega-embed svg.marks').outerHTML !== old.svg""",
            arg=[explorer.element_handle(), before],
            timeout=30_000,
        )

    before = state()
    assert before["readouts"] == ["4.5", "2.5", "4.0"]
    explorer.get_by_role("slider", name="Agreement on goals").focus()  # the first Tab stop
    page.keyboard.press("ArrowLeft")  # goal 4.5 -> 4.0
    page.keyboard.press("Tab")  # to "Agreement on tasks"
    assert page.evaluate("() => document.activeElement.labels[0].textContent") == (
        "Agreement on tasks"
    )
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # task 2.5 -> 4.5
    wait_change(before)
    # the kernel's sentence for the profile the keys made, computed here the same way
    expected = al.BordinProfile(goal=4.0, task=4.5, bond=4.0).describe()
    page.wait_for_function(
        "([e, text]) => e.querySelector('.alliance-lab-sentence').textContent === text",
        arg=[explorer.element_handle(), expected],
        timeout=30_000,
    )
    after = state()
    assert after["readouts"] == ["4.0", "4.5", "4.0"], after["readouts"]
    assert after["svg"] != before["svg"]
    screenshot(page, "keyboard-4-explorer", whole_notebook=False)
