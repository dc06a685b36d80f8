"""Every notebook, run top to bottom in the real JupyterLab: no errors, every chart drawn,
every widget shown. A screenshot of each is kept in build/screenshots/."""

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

WIDGET_OUTPUTS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.widget-view+json']"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(page, lab_server, name):
    open_notebook(page, lab_server, f"notebooks/{name}")
    run_all_cells(page)

    assert error_outputs(page) == []
    assert unexecuted_code_cells(page) == 0

    containers, drawn = wait_charts_drawn(page)
    assert containers > 0, "every notebook shows at least one chart"
    assert drawn == containers, f"{containers - drawn} of {containers} charts were not drawn"

    widgets = page.eval_on_selector_all(
        WIDGET_OUTPUTS,
        """els => els.map(e => ({
            text: e.textContent.slice(0, 200),
            height: e.getBoundingClientRect().height,
        }))""",
    )
    broken = [w["text"] for w in widgets if "Error displaying widget" in w["text"]]
    assert broken == []
    assert all(w["height"] > 0 for w in widgets), "a widget output is on the page but empty"
    screenshot(page, f"lab-{Path(name).stem}")
