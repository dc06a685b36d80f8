"""Outcome analysis against scipy, numpy least squares and hand values."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import alliance_lab as al
from alliance_lab.analysis import outcome as o


def test_correlation_interval_matches_scipy():
    rng = np.random.default_rng(3)
    x = rng.normal(size=80)
    y = 0.3 * x + rng.normal(size=80)
    out = o.correlation_ci(x, y)
    ref = stats.pearsonr(x, y)
    ci = ref.confidence_interval(0.95)
    assert out["r"] == pytest.approx(ref.statistic)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((ci.low, ci.high))


def test_pooled_correlation_hand_value():
    studies = pd.DataFrame({"r": [0.1, 0.3, 0.5], "n": [23, 43, 103]})
    z = np.arctanh([0.1, 0.3, 0.5])
    w = np.array([20, 40, 100])
    assert o.pooled_correlation(studies)["r"] == pytest.approx(np.tanh((w * z).sum() / w.sum()))


def test_simulated_studies_scatter_around_the_truth():
    studies = o.simulate_studies(0.278, n_studies=300, seed=4)
    pooled = o.pooled_correlation(studies)
    assert pooled["ci_low"] < 0.278 < pooled["ci_high"]
    small, large = studies[studies["n"] < 40], studies[studies["n"] > 150]
    assert small["r"].std() > 1.5 * large["r"].std()
    assert studies["n"].between(15, 1000).all()


def test_attenuation_and_spearman_brown():
    assert o.attenuated_correlation(0.5, 0.81, 0.64) == pytest.approx(0.5 * 0.9 * 0.8)
    assert o.spearman_brown(0.5, 2) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="reliability_x"):
        o.attenuated_correlation(0.3, 1.2)


def test_therapist_vs_client_slopes_match_least_squares():
    rng = np.random.default_rng(1)
    therapist = np.repeat(np.arange(20), 10)
    t_part = rng.normal(size=20)[therapist]
    alliance = 40 + 3 * t_part + rng.normal(size=200) * 2
    clients = pd.DataFrame({"therapist": therapist, "early_alliance": alliance})
    clients["outcome"] = 0.2 * t_part + rng.normal(size=200)
    table = o.therapist_vs_client(clients).set_index("part")
    means = clients.groupby("therapist")["early_alliance"].transform("mean")
    X = np.column_stack([np.ones(200), means, alliance - means])
    beta = np.linalg.lstsq(X, clients["outcome"], rcond=None)[0]
    assert table.loc["therapist", "slope"] == pytest.approx(beta[1])
    assert table.loc["client", "slope"] == pytest.approx(beta[2])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measurement_shrinkage_orders_the_measures_on_a_large_clinic(seed):
    # 20,000 clients: each r has a 95 % interval of about +-0.013, and the five measures
    # are taken on the same clients, so the ordering below holds for any seed.
    scenario = al.Scenario(n_clients=20_000, n_therapists=500, seed=seed)
    r = o.measurement_shrinkage(scenario).set_index("measure")["r"]
    true = r["true alliance (no measurement error)"]
    three = r["questionnaire, sessions 1-3"]
    assert true > three > r["questionnaire, session 1"]  # fewer ratings, more error
    assert r["very noisy answers"] < three  # noisier answers, smaller r
    assert r["most answers at the top"] < three  # a ceiling hides differences
