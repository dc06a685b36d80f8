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


def test_measurement_shrinkage_on_the_simulated_clinic():
    table = o.measurement_shrinkage(al.Scenario.preset("classroom")).set_index("measure")
    true = table.loc["true alliance (no measurement error)", "r"]
    assert (
        table.loc["questionnaire, session 1", "r"] < table.loc["questionnaire, sessions 1-3", "r"]
    )
    assert table.loc["very noisy answers", "r"] < true
