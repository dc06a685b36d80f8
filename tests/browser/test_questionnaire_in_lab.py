"""A questionnaire in the real JupyterLab: filled in with clicks and keys, submitted, the kernel
restarted, and the saved answers read back in a new cell.

Screenshots: build/screenshots/questionnaire-*.png
"""

import re

import pytest

import alliance_lab as al

from .lab import (
    error_outputs,
    open_notebook,
    restart_kernel,
    run_cell,
    screenshot,
    wait_charts_drawn,
    write_notebook,
)

NAME = "questionnaire_check.ipynb"
FORM_CELL = """\
import alliance_lab as al

al.setup_notebook()
form = al.questionnaire(
    "bond-partnership-teaching", perspective="client", respondent="browser check"
)
form"""
READ_BACK = """\
import alliance_lab as al

saved = al.load_responses(respondent="browser check")
print("SAVED", saved["item"].tolist(), saved["response"].tolist())
print("SCORE", al.score(saved, "bond-partnership-teaching")["score"].tolist())"""


@pytest.fixture
def check_notebook(server_root):
    return write_notebook(server_root, NAME, FORM_CELL)


def radios(page, row):
    """The radio inputs of item ``row`` (0-based) of the form."""
    return page.locator(".alliance-lab-choice").nth(row).locator("input[type=radio]")


def test_fill_in_submit_restart_and_read_back(page, lab_server, check_notebook, user_data_dir):
    open_notebook(page, lab_server, check_notebook)
    run_cell(page, 0)
    page.wait_for_selector(".alliance-lab-choice", timeout=30_000)
    assert page.locator(".alliance-lab-choice").count() == 8
    assert page.get_by_text("teaching item, not a validated instrument").count() >= 1

    # items 1-6 with the mouse: click the labelled points
    for row, label in enumerate(
        ["4 completely true", "3 mostly true", "3 mostly true", "1 not true"]
        + ["2 a little true", "2 a little true"]
    ):
        page.locator(".alliance-lab-choice").nth(row).get_by_text(label, exact=True).click()
    submit = page.get_by_role("button", name="Submit")
    submit.click()
    page.get_by_text("Still missing: items 7, 8").wait_for(timeout=10_000)
    screenshot(page, "questionnaire-1-missing")

    # items 7 and 8 with the keyboard only: Space picks a point, the arrow keys move within
    # the row, Tab goes on to the next row
    radios(page, 6).first.focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # item 7: 4 completely true
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # item 8: 1 not true
    assert radios(page, 6).nth(3).is_checked()
    assert radios(page, 7).nth(0).is_checked()
    submit.focus()
    page.keyboard.press("Enter")
    saved = page.get_by_text("Saved as submission")
    saved.wait_for(timeout=20_000)
    # numbered across the data folder, which earlier browser tests of this run also write to
    number = re.search(r"Saved as submission (\d+)", saved.inner_text()).group(1)
    page.wait_for_selector(".vega-embed .marks", timeout=30_000)  # the profile chart
    containers, drawn = wait_charts_drawn(page)
    assert containers >= 1 and drawn == containers
    # bond (4 + 3 + 3 + 4) / 4, item 5 reverse-keyed; partnership (3 + 4 + 2 + 1) / 4, item 4
    page.get_by_text("Bond 3.5 of 4 (mean item score), partnership 2.5 of 4").wait_for(
        timeout=10_000
    )
    page.locator(".vega-embed").first.scroll_into_view_if_needed()
    screenshot(page, "questionnaire-2-submitted")

    # a second click on the unchanged form saves nothing new, and the form says so
    submit.click()
    again = page.get_by_text(f"Already saved as submission {number}; nothing new was saved.")
    again.wait_for(timeout=20_000)
    assert page.locator(".vega-embed").count() >= 1  # the chart stays
    again.scroll_into_view_if_needed()
    screenshot(page, "questionnaire-2b-second-click")

    # the kernel forgets everything; the answers must come back from the database
    restart_kernel(page)
    page.evaluate(
        """(source) => {
            const panel = window.jupyterapp.shell.currentWidget;
            panel.content.activeCellIndex = 0;
            window.jupyterapp.commands.execute('notebook:insert-cell-below');
            panel.content.activeCell.model.sharedModel.setSource(source);
        }""",
        READ_BACK,
    )
    run_cell(page, 1)
    output = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output")
    output.get_by_text("SAVED").wait_for(timeout=20_000)
    text = output.inner_text()
    assert "SAVED [1, 2, 3, 4, 5, 6, 7, 8] [4.0, 3.0, 3.0, 1.0, 2.0, 2.0, 4.0, 1.0]" in text
    assert "SCORE [3.5, 2.5, 3.0]" in text
    assert error_outputs(page) == []
    output.scroll_into_view_if_needed()
    screenshot(page, "questionnaire-3-after-restart")

    # the server's kernels saved into the test's data folder
    saved = al.load_responses(data_dir=user_data_dir, respondent="browser check")
    assert saved["response"].tolist() == [4.0, 3.0, 3.0, 1.0, 2.0, 2.0, 4.0, 1.0]
