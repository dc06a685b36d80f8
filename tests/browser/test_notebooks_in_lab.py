"""Every notebook, run top to bottom in the real JupyterLab: no errors, every chart drawn,
every widget shown. A screenshot of each is kept in build/screenshots/.

The number of charts and widget outputs each notebook shows is written down below: without
the widget extension JupyterLab shows no widget at all (and no chart: the offline renderer
draws charts as widgets), so "every widget on the page is fine" would pass on an empty page.
"""

from pathlib import Path

import pytest

from .lab import (
    error_outputs,
    open_notebook,
    run_all_cells,
    screenshot,
    unexecuted_code_cells,
    wait_charts_drawn,
)

NOTEBOOKS = sorted(p.name for p in (Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))

# Every output JupyterLab renders itself carries `data-mime-type`; the widget manager's
# renderer does not (and shows "Loading widget..." or "Error displaying widget" when it
# cannot draw). Outputs nested inside an Output widget are part of that widget.
WIDGET_OUTPUTS_JS = """() => Array.from(
    document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output:not([data-mime-type])'))
    .filter(e => !e.parentElement.closest('.jp-OutputArea-output'))
    .map(e => ({text: e.textContent.slice(0, 200), height: e.getBoundingClientRect().height}))"""

#: What each notebook shows after "Run All": (drawn charts, widget outputs). A chart is a
#: `.vega-embed` (inside a chart widget or an explorer); a widget output is one cell output
#: rendered by the widget manager (a chart, an explorer, a questionnaire, a self-check).
#: Adding or removing a chart or a widget in a notebook means changing its line here.
EXPECTED = {
    "00_start_here.ipynb": (2, 2),
    "01_bordins_model.ipynb": (2, 4),
    "02_measuring_the_alliance.ipynb": (2, 7),
    "03_a_simulated_caseload.ipynb": (2, 4),
    "04_alliance_and_dropout.ipynb": (6, 8),
    "05_alliance_and_outcome.ipynb": (7, 10),
    "06_ruptures_and_repair.ipynb": (2, 4),
    "07_feedback_informed_treatment.ipynb": (4, 9),
    "08_alliance_across_settings.ipynb": (1, 3),
    "09_class_role_play.ipynb": (6, 2),
}


def test_every_notebook_has_its_expected_counts():
    assert sorted(EXPECTED) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(page, lab_server, name):
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    open_notebook(page, lab_server, f"notebooks/{name}")
    run_all_cells(page)

    assert error_outputs(page) == []
    assert unexecuted_code_cells(page) == 0

    containers, drawn = wait_charts_drawn(page)
    widgets = page.evaluate(WIDGET_OUTPUTS_JS)
    screenshot(page, f"lab-{Path(name).stem}")
    assert (drawn, len(widgets)) == EXPECTED[name], (
        f"{name}: {drawn} of {containers} charts drawn and {len(widgets)} widget outputs; "
        f"expected (charts, widgets) = {EXPECTED[name]}; page errors: {page_errors}"
    )
    assert containers == drawn, f"{containers - drawn} of {containers} charts were not drawn"
    broken = [w["text"] for w in widgets if "Error displaying widget" in w["text"]]
    assert broken == []
    empty = [w["text"][:80] for w in widgets if w["height"] == 0]
    assert empty == [], "a widget output is on the page but empty"
    assert page_errors == [], f"errors in the page: {page_errors}"
