"""Every notebook executes top to bottom in a fresh kernel with no error and no warning.

This uses nbclient (the executor nbval is built on) directly: the committed
notebooks have no stored outputs, so the check that matters is that nothing in
the fresh run is an error or goes to stderr, where Python prints its warnings.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

pytestmark = pytest.mark.notebooks


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    # Answers saved while a notebook runs go to a throw-away folder.
    monkeypatch.setenv("ALLIANCE_LAB_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_without_errors_or_warnings(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK_DIR)}}
    ).execute()
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"cell {index}: {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                problems.append(f"cell {index} wrote to stderr: {output['text'][:300]}")
            elif "Warning" in json.dumps(output.get("data", {}).get("text/plain", "")):
                problems.append(f"cell {index} shows a warning: {output['data']['text/plain']}")
    assert problems == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean(path):
    """No outputs, no execution counts: the repository holds the notebooks as written."""
    nb = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"run `make clean-notebooks`: cells {dirty} hold outputs"
    assert all("id" in cell for cell in nb.cells), "cells need stable ids (nbformat >= 4.5)"
