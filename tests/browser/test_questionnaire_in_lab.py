"""A questionnaire in the real JupyterLab: filled in with clicks and keys, submitted, the kernel
restarted, and the saved answers read back in a new cell.

Screenshots: build/screenshots/questionnaire-*.png
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import alliance_lab as al

from .lab import (
    error_outputs,
    open_notebook,
    restart_kernel,
    screenshot,
    wait_charts_drawn,
    wait_kernel_idle,
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
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [new_code_cell(FORM_CELL)]
    nbformat.write(nb, server_root / NAME)
    return NAME


def run_cell(page, index):
    page.evaluate(
        """(index) => {
            const panel = window.jupyterapp.shell.currentWidget;
            panel.content.activeCellIndex = index;
            return window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        index,
    )
    page.wait_for_timeout(300)
    wait_kernel_idle(page)


def radios(page, row):
    """The radio inputs of item ``row`` (0-based) of the form."""
    return page.locator(".widget-radio-box").nth(row).locator("input[type=radio]")


def test_fill_in_submit_restart_and_read_back(page, lab_server, check_notebook, user_data_dir):
    open_notebook(page, lab_server, check_notebook)
    run_cell(page, 0)
    page.wait_for_selector(".widget-radio-box", timeout=30_000)
    assert page.locator(".widget-radio-box").count() == 5
    assert page.get_by_text("teaching item, not a validated instrument").count() >= 1

    # items 1-3 with the mouse: click the labelled points
    page.locator(".widget-radio-box").nth(0).get_by_text("6 agree", exact=True).click()
    page.locator(".widget-radio-box").nth(1).get_by_text("5 slightly agree", exact=True).click()
    page.locator(".widget-radio-box").nth(2).get_by_text("2 disagree", exact=True).click()
    submit = page.get_by_role("button", name="Submit")
    submit.click()
    page.get_by_text("Still missing: items 4, 5").wait_for(timeout=10_000)
    screenshot(page, "questionnaire-1-missing")

    # items 4 and 5 with the keyboard only: Tab walks through the points, Space picks one
    radios(page, 3).first.focus()
    for _ in range(6):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # item 4: 7 strongly agree
    for _ in range(4):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # item 5: 4 neither
    assert radios(page, 3).nth(6).is_checked()
    assert radios(page, 4).nth(3).is_checked()
    submit.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Saved as submission").wait_for(timeout=20_000)
    page.wait_for_selector(".vega-embed .marks", timeout=30_000)  # the profile chart
    containers, drawn = wait_charts_drawn(page)
    assert containers >= 1 and drawn == containers
    page.get_by_text("Total 5.6 of 7").wait_for(timeout=10_000)
    page.locator(".vega-embed").first.scroll_into_view_if_needed()
    screenshot(page, "questionnaire-2-submitted")

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
    assert "SAVED [1, 2, 3, 4, 5] [6.0, 5.0, 2.0, 7.0, 4.0]" in text
    assert "SCORE [5.6]" in text
    assert error_outputs(page) == []
    output.scroll_into_view_if_needed()
    screenshot(page, "questionnaire-3-after-restart")

    # the server's kernels saved into the test's data folder
    saved = al.load_responses(data_dir=user_data_dir, respondent="browser check")
    assert saved["response"].tolist() == [6.0, 5.0, 2.0, 7.0, 4.0]
