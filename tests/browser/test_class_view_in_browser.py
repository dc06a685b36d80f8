"""The lecturer's live class view in JupyterLab and in presenter mode (Voila).

Notebook 09 starts the class service in its kernel (rehearsal, 127.0.0.1 only) and
shows the live view. The test then sends one more form as a student's phone would
(the join page, the chair, the form with its CSRF token) and waits for the view on
the page to count it: the view refreshes on its own, without reloading the page.
"""

import re
import time

import httpx

from .lab import error_outputs, open_notebook, open_voila_app, run_all_cells, screenshot

NOTEBOOK = "notebooks/09_class_role_play.ipynb"
FIRST_VIEW = ".alliance-lab-class-view"
COUNT = f"{FIRST_VIEW} .alliance-lab-class-count"


def _first_view_state(page):
    return page.evaluate(
        f"""() => {{
        const view = document.querySelector('{FIRST_VIEW}');
        const count = view.querySelector('.alliance-lab-class-count');
        return {{
            forms: Number(count.dataset.forms),
            header: view.querySelector('.alliance-lab-class-header').innerText,
            text: view.innerText,
            charts: view.querySelectorAll('.vega-embed').length,
            drawn: view.querySelectorAll('.vega-embed .marks').length,
            dots: view.querySelectorAll('.vega-embed .mark-symbol path').length,
            status_role: count.getAttribute('role'),
            // vega names the element it draws into (its container) with the description
            chart_names: Array.from(view.querySelectorAll('.vega-embed svg.marks'))
                .map(svg => svg.parentElement.getAttribute('aria-label') || ''),
            chart_parts_named: Array.from(view.querySelectorAll('.vega-embed svg.marks'))
                .map(svg => Array.from(svg.querySelectorAll('[aria-label]'))
                    .map(e => e.getAttribute('class'))),
            chart_titles: Array.from(view.querySelectorAll('.vega-embed svg.marks'))
                .map(svg => (svg.querySelector('.role-title-text') || {{}}).textContent || ''),
            table_headers: view.querySelectorAll('.alliance-lab-class-agreement th').length,
        }};
    }}"""
    )


def _send_a_form(join_url):
    """What a phone does: open the form for a chair, send every item, follow to "received"."""
    with httpx.Client(timeout=30, follow_redirects=True) as phone:
        page = phone.get(f"{join_url}/form", params={"perspective": "observer"})
        assert page.status_code == 200, page.text[:500]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        round_number = re.search(r'name="round" value="(\d+)"', page.text).group(1)
        items = sorted({int(n) for n in re.findall(r'name="item-(\d+)"', page.text)})
        data = {"csrf": csrf, "round": round_number, "perspective": "observer"}
        data.update({f"item-{i}": "4" for i in items})
        reply = phone.post(f"{join_url}/form", data=data)
        assert reply.status_code == 200 and "eceived" in reply.text, reply.text[:500]


def _new_form_appears(page, name):
    page.wait_for_selector(f"{COUNT}[data-forms='40']", timeout=180_000)
    page.wait_for_function(
        f"() => document.querySelectorAll('{FIRST_VIEW} .vega-embed .marks').length >= 3",
        timeout=60_000,
    )
    before = _first_view_state(page)
    assert before["charts"] == before["drawn"] == 3
    # read out to screen readers: the count is a live status, every chart is one image named
    # by its description (its marks and axes are not read one by one), the agreement table has
    # column headers, the round choice a label
    assert before["status_role"] == "status"
    assert all(len(name) > 20 for name in before["chart_names"]), before["chart_names"]
    # inside a chart only its title and subtitle are read; no mark, axis or legend item
    for parts in before["chart_parts_named"]:
        assert {name.split()[-1] for name in parts} <= {"role-title-text", "role-title-subtitle"}
    assert before["chart_titles"] == [
        "Forms received",
        "Scores by chair: total",
        "Client minus therapist, per component",
    ]
    assert before["table_headers"] == 5
    assert page.locator(FIRST_VIEW).first.get_by_label("Round").count() == 1
    join_url = re.search(r"Join at (http://127\.0\.0\.1:\d+/c/\w+)", before["header"]).group(1)
    page.locator(FIRST_VIEW).first.scroll_into_view_if_needed()
    screenshot(page, f"class-view-{name}-before", whole_notebook=False)

    _send_a_form(join_url)
    sent = time.monotonic()
    page.wait_for_selector(f"{COUNT}[data-forms='41']", timeout=20_000)
    seen_after = time.monotonic() - sent
    # the new dot is drawn in the same chart (data swapped in, the page not reloaded)
    page.wait_for_function(
        f"""n => document.querySelectorAll('{FIRST_VIEW} .vega-embed .mark-symbol path')
                 .length > n""",
        arg=before["dots"],
        timeout=20_000,
    )
    after = _first_view_state(page)
    assert after["charts"] == after["drawn"] == 3
    assert "41 forms so far" in after["text"]
    screenshot(page, f"class-view-{name}-after", whole_notebook=False)
    return seen_after


def test_class_view_in_jupyterlab_shows_a_new_form(page, lab_server):
    open_notebook(page, lab_server, NOTEBOOK)
    run_all_cells(page, timeout=300)
    assert error_outputs(page) == []
    seen = _new_form_appears(page, "lab")
    assert seen < 15


def test_class_view_in_presenter_mode_shows_a_new_form(presenter, local_page):
    page = local_page
    _, errors = open_voila_app(page, *presenter("09_class_role_play"), ready=COUNT)
    seen = _new_form_appears(page, "voila")
    assert seen < 15
    assert errors == []
    assert page.requested_urls == [], "presenter mode tried to reach the internet"
