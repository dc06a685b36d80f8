"""Start-up time of ``import alliance_lab`` and of the ``alliance-lab`` command (a script).

Run ``.venv/bin/python benchmarks/bench_import.py``. Each figure is the median wall time
of a fresh Python process (so nothing is cached in memory from an earlier import), over
several repeats, and is printed as a ratio to the floor: a process that imports only
altair, pandas and ipywidgets, the libraries no notebook of the course can do without.

Budgets (issue 13):

* ``import alliance_lab``: at most 1.15x the floor (it loads names on first use, so it
  should be far below);
* every public name looked up (what the eager import used to cost): close to the floor;
* ``alliance-lab --help``: under 1 s.

It prints, it does not assert; the machine it runs on sets the absolute numbers.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

REPEATS = 7
FLOOR_LIMIT = 1.15
HELP_LIMIT_S = 1.0

FLOOR = "import altair, pandas, ipywidgets"
CASES = [
    ("python alone", "pass"),
    ("import alliance_lab", "import alliance_lab"),
    ("al.setup_notebook()", "import alliance_lab as al; al.setup_notebook()"),
    (
        "al.simulate(classroom preset)",
        "import alliance_lab as al; al.simulate(al.Scenario.preset('classroom'))",
    ),
    ("every public name", "import alliance_lab as al; [getattr(al, n) for n in al.__all__]"),
]


def command_line():
    """How a student starts the command: the installed script, else the module."""
    script = os.path.join(os.path.dirname(sys.executable), "alliance-lab")
    if os.path.exists(script) or shutil.which("alliance-lab"):
        return [script if os.path.exists(script) else shutil.which("alliance-lab")]
    return [sys.executable, "-m", "alliance_lab.app.cli"]


def median_seconds(argv):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    subprocess.run([sys.executable, "-c", FLOOR], check=True)  # warm the disk cache
    floor = median_seconds([sys.executable, "-c", FLOOR])
    print(f"{'floor: ' + FLOOR:<40} {floor * 1000:7.0f} ms   1.00x")
    for name, code in CASES:
        seconds = median_seconds([sys.executable, "-c", code])
        note = ""
        if name == "import alliance_lab":
            verdict = "within" if seconds <= FLOOR_LIMIT * floor else "OVER"
            note = f"  ({verdict} the {FLOOR_LIMIT}x budget)"
        print(f"{name:<40} {seconds * 1000:7.0f} ms   {seconds / floor:.2f}x{note}")
    seconds = median_seconds([*command_line(), "--help"])
    verdict = "within" if seconds < HELP_LIMIT_S else "OVER"
    print(
        f"{'alliance-lab --help':<40} {seconds * 1000:7.0f} ms   {seconds / floor:.2f}x"
        f"  ({verdict} the {HELP_LIMIT_S:.0f} s budget)"
    )


if __name__ == "__main__":
    main()
