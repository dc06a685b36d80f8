"""In the real JupyterLab: moving an explorer's slider with the keyboard redraws its chart
and rewrites its sentence; loading a bad shared scenario shows a message and changes nothing.
Screenshots before and after are kept in build/screenshots/."""

from playwright.sync_api import expect

from .lab import (
    open_notebook,
    run_all_cells,
    screenshot,
    wait_charts_drawn,
    wait_kernel_idle,
)

EXPLORER = ".alliance-lab-explorer"


def _state(page, explorer):
    return explorer.evaluate(
        """e => ({
            sentence: e.querySelector('.alliance-lab-sentence').textContent,
            marks: e.querySelector('.vega-embed svg.marks, .vega-embed canvas.marks') !== null,
            svg: (e.querySelector('.vega-embed svg.marks') || {outerHTML: ''}).outerHTML,
            readout: Array.from(e.querySelectorAll('.alliance-lab-slider-readout'))
                .map(r => r.textContent).join('|'),
        })"""
    )


def _wait_change(page, explorer, before, *, starts="", timeout=15_000):
    """Wait until the sentence differs from ``before`` (and starts with ``starts``) and the
    drawn chart differs from ``before`` too."""
    page.wait_for_function(
        """([e, old, starts]) => {
            const text = e.querySelector('.alliance-lab-sentence').textContent;
            const svg = e.querySelector('.vega-embed svg.marks');
            return text !== old.sentence && text.startsWith(starts)
                && svg !== null && svg.outerHTML !== old.svg;
        }""",
        arg=[explorer.element_handle(), before, starts],
        timeout=timeout,
    )


def _wait_drawn(page, explorer, *, timeout=15_000):
    page.wait_for_function(
        "e => e.querySelector('.vega-embed svg.marks, .vega-embed canvas.marks') !== null",
        arg=explorer.element_handle(),
        timeout=timeout,
    )


def test_outcome_explorer_slider_redraws_chart_and_sentence(page, lab_server):
    open_notebook(page, lab_server, "notebooks/05_alliance_and_outcome.ipynb")
    run_all_cells(page)
    wait_charts_drawn(page)
    explorer = page.locator(EXPLORER).first
    explorer.scroll_into_view_if_needed()
    _wait_drawn(page, explorer)
    before = _state(page, explorer)
    assert before["marks"], "the explorer's chart is drawn"
    assert before["sentence"].startswith("With 300 clients")
    screenshot(page, "explorer-05-before")

    # Focus the "Clients in the study" slider handle and press the arrow key three times.
    handle = explorer.get_by_role("slider", name="Clients in the study")
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")
    _wait_change(page, explorer, before, starts="With 210 clients")
    after = _state(page, explorer)
    assert after["sentence"].startswith("With 210 clients"), after["sentence"]
    assert after["readout"] != before["readout"]
    assert after["marks"] and after["svg"] != before["svg"], "the chart was redrawn"
    screenshot(page, "explorer-05-after")

    # A malformed shared scenario leaves everything as it was and says why.
    explorer.locator("input[type=text]").fill('{"n_clients": 5000}')
    explorer.get_by_role("button", name="Load scenario").click()
    message = explorer.locator(".jp-OutputArea-output").last
    expect(message).to_contain_text("Nothing was changed", timeout=30_000)
    assert _state(page, explorer)["sentence"] == after["sentence"]
    screenshot(page, "explorer-05-bad-load")


def test_dropout_explorer_slider_redraws(page, lab_server):
    open_notebook(page, lab_server, "notebooks/04_alliance_and_dropout.ipynb")
    run_all_cells(page)
    wait_charts_drawn(page)
    explorer = page.locator(EXPLORER).first
    explorer.scroll_into_view_if_needed()
    _wait_drawn(page, explorer)
    before = _state(page, explorer)
    handle = explorer.get_by_role("slider", name="Alliance → dropout link")
    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")
    wait_kernel_idle(page)  # all ten changes handled
    _wait_change(page, explorer, before)
    after = _state(page, explorer)
    assert after["sentence"] != before["sentence"]
    assert after["svg"] != before["svg"], "the chart was redrawn"
    screenshot(page, "explorer-04-after")
