"""Time to score one million item responses (a script, not a test).

Run ``.venv/bin/python benchmarks/bench_scoring.py``. It prints the median time of
``al.score`` on 1,000,000 answers to the 12-item teaching questionnaire (83,333
respondents), and the ratio to the floor: plain pandas summing the same answers by
respondent and subscale. Budget: 1 s. It prints, it does not assert.
"""

import statistics
import time

import numpy as np
import pandas as pd

import alliance_lab as al

BUDGET_S = 1.0
REPEATS = 5


def median_time(function):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    n = 1_000_000 // 12
    rng = np.random.default_rng(3)
    data = pd.DataFrame(
        {
            "client": np.repeat(np.arange(n), 12),
            "item": np.tile(np.arange(1, 13), n),
            "response": rng.integers(1, 6, n * 12),
        }
    )
    instrument = al.load_instrument("bordin-teaching")
    subscale = {item.number: item.subscale for item in instrument.items}

    def plain_pandas():
        data.assign(scale=data["item"].map(subscale)).groupby(["client", "scale"])["response"].sum()

    al.score(data, instrument)  # warm up
    seconds = median_time(lambda: al.score(data, instrument))
    floor = median_time(plain_pandas)
    verdict = "within" if seconds < BUDGET_S else "OVER"
    print(
        f"score 1,000,000 item responses: {seconds * 1000:.0f} ms "
        f"({verdict} the {BUDGET_S:.0f} s budget); plain pandas sum {floor * 1000:.0f} ms, "
        f"ratio {seconds / floor:.1f}x"
    )


if __name__ == "__main__":
    main()
