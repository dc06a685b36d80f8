"""Outcome monitoring on large simulated clinics: the figures behind notebook 07's second half.

A script, not a test. For several seeds it simulates a past clinic (the history) and a monitored
clinic of 20,000 clients each with the default scenario, and prints

1. the share of clients in each reliable-change category (Jacobson & Truax 1991) on the outcome
   teaching form, from the first to the last rating, beside the routine-care ranges (about one
   client in three reliably improved or recovered, Hansen, Lambert & Forman 2002; about 5-10 %
   deteriorated, Lambert's reviews; both unconfirmed: documented ranges, ``ROUTINE_CARE`` in
   ``alliance_lab.analysis.calibration``, not calibration targets);
2. every alert rule scored against each simulated truth (mean over seeds, with the range);
3. the simulated feedback trial's d beside Rognstad et al. (2023).

Run: ``.venv/bin/python benchmarks/bench_outcome_monitoring.py [--seeds 3] [--clients 20000]``
(about a minute per seed).
"""

import argparse
import time

import pandas as pd

import alliance_lab as al
from alliance_lab.analysis.calibration import ROUTINE_CARE


def categories(result, *, reliability, cutoff):
    s = result.sessions.sort_values(["client", "session"])
    g = s.groupby("client")["outcome_rating"]
    table = pd.DataFrame({"before": g.first(), "after": g.last()})
    out = al.reliable_change(
        table, sd=float(table["before"].std()), reliability=reliability, cutoff=cutoff
    )
    return out["category"].value_counts(normalize=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20_000)
    args = parser.parse_args()
    form = al.load_instrument("outcome-teaching")
    cutoff = form.cutoffs[0].value
    shares, rules, effects = [], [], []
    for k in range(args.seeds):
        start = time.perf_counter()
        n, t = args.clients, args.clients // 20
        history = al.simulate(al.Scenario(n_clients=n, n_therapists=t, seed=1000 + 2 * k))
        clinic = al.simulate(al.Scenario(n_clients=n, n_therapists=t, seed=1001 + 2 * k))
        shares.append(categories(clinic, reliability=form.reliability.value, cutoff=cutoff))
        status = al.track_status(clinic.sessions, history=history.sessions)
        table = al.compare_rules(status, clients=clinic.clients)
        rules.append(table.assign(seed=k))
        trial = al.feedback_trial(status, seed=k)
        effects.append(trial.effects.assign(seed=k))
        print(f"seed {k}: {time.perf_counter() - start:.0f} s", flush=True)

    shares = pd.concat(shares, axis=1)
    summary = pd.DataFrame({"mean": shares.mean(axis=1), "min": shares.min(axis=1),
                            "max": shares.max(axis=1)})  # fmt: skip
    summary.loc["improved or recovered"] = (
        (shares.loc["improved"] + shares.loc["recovered"]).agg(["mean", "min", "max"]).to_numpy()
    )
    print(f"\n1. Outcome categories, {args.clients:,} clients x {args.seeds} seeds")
    print(summary.round(3).to_string())
    for documented in ROUTINE_CARE:
        print(
            f"   documented range, {documented.target}: {documented.accepted} ({documented.source})"
        )

    rules = pd.concat(rules)
    columns = ["sensitivity", "specificity", "ppv", "npv", "alert_rate",
               "alerts_per_therapist_week", "median_sessions_before_end"]  # fmt: skip
    print("\n2. Alert rules (default settings), mean over seeds [min-max]")
    grouped = rules.groupby(["truth", "rule"], sort=False)[columns]
    mean, low, high = grouped.mean(), grouped.min(), grouped.max()
    text = mean.round(2).astype(str) + " [" + low.round(2).astype(str) + "-"
    text += high.round(2).astype(str) + "]"
    pd.set_option("display.width", 250)
    print(text.to_string())
    print("base rates:", rules.groupby("truth")["base_rate"].mean().round(3).to_dict())

    effects = pd.concat(effects)
    print("\n3. Feedback trial (default FeedbackEffect), d by group")
    print(effects.groupby("group")[["d", "published_d"]].agg(["mean", "min", "max"]).round(3))


if __name__ == "__main__":
    main()
