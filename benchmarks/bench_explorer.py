"""Median kernel time of one explorer redraw for a classroom scenario (300 clients).

A redraw is what happens when a slider moves: simulate, build the views, write the
sentence and hand the new chart to the page. Budget: 150 ms. Run with
``.venv/bin/python benchmarks/bench_explorer.py``; it prints, it does not assert.
"""

import statistics
import time

import alliance_lab as al

BUDGET_MS = 150
ROUNDS = 15


def bench(name, explorer, control, values):
    for value in values[:2]:  # warm up caches and the chart template
        explorer.controls[control].value = value
    explorer.redraw_seconds.clear()
    start = time.perf_counter()
    for value in values[2:]:
        explorer.controls[control].value = value
    wall = (time.perf_counter() - start) / (len(values) - 2)
    times = [t * 1000 for t in explorer.redraw_seconds]
    median = statistics.median(times)
    verdict = "within" if median < BUDGET_MS else "OVER"
    print(
        f"{name:<22} median {median:6.1f} ms  max {max(times):6.1f} ms  "
        f"(wall per change {wall * 1000:6.1f} ms; {verdict} the {BUDGET_MS} ms budget)"
    )
    return median


def main():
    steps = range(ROUNDS + 2)
    link = [round(0.05 * i, 2) for i in steps]
    clinic = al.simulate(al.Scenario())  # notebooks 06 and 07 explore rules on one clinic
    results = [
        bench("bordin (no simulation)", al.bordin_explorer(), "task",
              [1.0 + 0.5 * (i % 9) for i in steps]),
        bench("caseload, 500 clients", al.caseload_explorer(), "alliance_outcome_link", link),
        bench("dropout, 300 clients", al.dropout_explorer(), "alliance_dropout_link", link),
        bench("outcome, 300 clients", al.outcome_explorer(), "alliance_outcome_link", link),
        bench("rupture rule", al.rupture_explorer(clinic), "drop", [1 + i % 15 for i in steps]),
        bench("feedback alerts", al.feedback_explorer(clinic.sessions), "cutoff",
              [20 + i for i in steps]),
        bench("split alliance", al.split_explorer(), "split_link",
              [0.25 * (i % 13) for i in steps]),
    ]  # fmt: skip
    print(f"slowest median: {max(results):.1f} ms")


if __name__ == "__main__":
    main()
