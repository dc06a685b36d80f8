"""Wall time of each notebook run top to bottom in a fresh kernel (a script, not a test).

Budget: 20 s per notebook, kernel start included, as a student would experience it
with *Restart Kernel and Run All Cells*. Run ``.venv/bin/python benchmarks/bench_notebooks.py``.
"""

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BUDGET_S = 20
NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory() as data:
        os.environ["ALLIANCE_LAB_DATA_DIR"] = data  # answers saved by notebook 02 go here
        times = {path.stem: run(path) for path in NOTEBOOKS}
    for name, seconds in times.items():
        verdict = "within" if seconds < BUDGET_S else "OVER"
        print(f"{name:<34} {seconds:5.1f} s  ({seconds / BUDGET_S:4.0%} of the budget, {verdict})")
    print(f"{'all notebooks':<34} {sum(times.values()):5.1f} s")


if __name__ == "__main__":
    main()
