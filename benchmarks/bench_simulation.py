"""Speed and memory of the simulated clinic (a script, not a test).

Run ``python benchmarks/bench_simulation.py``. It prints:

* the median time for 50,000 clients x 20 planned sessions with item-level answers
  to the 12-item teaching questionnaire (target: under 2 s);
* the ratio of that time to the time numpy alone needs to draw the same number of
  random values (the floor; aim: 5x or less);
* the median time for a classroom clinic of 300 clients (target: under 50 ms);
* the peak memory of the 50,000-client run.
"""

import statistics
import time
import tracemalloc

import numpy as np

import alliance_lab as al

BIG = al.Scenario(n_clients=50_000, n_therapists=500, planned_sessions=20, seed=1)
CLASSROOM = al.Scenario.preset("classroom")


def median_time(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_values_drawn(result):
    """How many random numbers the engine draws, by kind, for this result."""
    s = result.scenario
    n, planned, rows = s.n_clients, s.planned_sessions, len(result.sessions)
    normal64 = s.n_therapists + 3 * n + n * planned + 2 * n + rows
    uniform = n * planned + 4 * rows + n  # dropout draws, strain markers, onsets
    normal32 = rows * (3 + 12 + 4)  # components, 12 answers, 4 session-rating lines
    return normal64, uniform, normal32


def numpy_floor(counts, repeats):
    normal64, uniform, normal32 = counts

    def draw():
        rng = np.random.default_rng(0)
        rng.standard_normal(normal64)
        rng.random(uniform)
        rng.standard_normal(normal32, dtype=np.float32)

    return median_time(draw, repeats)


def main():
    al.simulate(CLASSROOM)  # warm-up (imports, instrument definitions)
    big = median_time(lambda: al.simulate(BIG), 5)
    result = al.simulate(BIG)
    counts = random_values_drawn(result)
    floor = numpy_floor(counts, 5)
    classroom = median_time(lambda: al.simulate(CLASSROOM), 30)

    tracemalloc.start()
    al.simulate(BIG)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"50,000 clients x 20 planned sessions: {len(result.sessions):,} sessions, "
        f"{len(result.responses):,} item answers"
    )
    print(f"  median time            {big:6.2f} s   (target < 2 s)")
    print(f"  numpy floor            {floor:6.2f} s   ({sum(counts):,} random values)")
    print(f"  ratio to floor         {big / floor:6.1f} x   (aim <= 5 x)")
    print(f"  peak memory (traced)   {peak / 2**20:6.0f} MiB")
    print(
        f"classroom, {CLASSROOM.n_clients} clients: median {classroom * 1000:5.1f} ms "
        "(target < 50 ms)"
    )


if __name__ == "__main__":
    main()
