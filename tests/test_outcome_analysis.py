"""Outcome analysis against scipy, numpy least squares and hand values."""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from therapist_parts import clients_with_a_therapist_part, slopes_by_hand

import alliance_lab as al
from alliance_lab.analysis import outcome as o

Z975 = 1.959963984540054  # the normal quantile printed tables round to 1.96


def test_correlation_interval_matches_scipy():
    rng = np.random.default_rng(3)
    x = rng.normal(size=80)
    y = 0.3 * x + rng.normal(size=80)
    out = o.correlation_ci(x, y)
    ref = stats.pearsonr(x, y)
    ci = ref.confidence_interval(0.95)
    assert out["r"] == pytest.approx(ref.statistic)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((ci.low, ci.high))


def test_pooled_correlation_random_effects_by_hand():
    # Paule-Mandel by hand: tau2 solves Q(tau2) = sum w_i (z_i - m)^2 = k - 1 with
    # w_i = 1 / (v_i + tau2); the mean is the w-weighted mean of Fisher's z.
    studies = pd.DataFrame({"r": [0.1, 0.3, 0.5, 0.05, 0.45], "n": [23, 43, 103, 60, 30]})
    z = np.arctanh(studies["r"].to_numpy())
    v = 1 / (studies["n"].to_numpy() - 3)
    k = len(z)

    def q_minus_df(tau2):
        w = 1 / (v + tau2)
        m = (w * z).sum() / w.sum()
        return (w * (z - m) ** 2).sum() - (k - 1)

    tau2 = optimize.brentq(q_minus_df, 0, 1)
    w = 1 / (v + tau2)
    mean, se = (w * z).sum() / w.sum(), np.sqrt(1 / w.sum())
    out = o.pooled_correlation(studies)
    assert out["tau2"] == pytest.approx(tau2, rel=1e-4)
    assert out["r"] == pytest.approx(np.tanh(mean), rel=1e-4)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(
        (np.tanh(mean - Z975 * se), np.tanh(mean + Z975 * se)), rel=1e-4
    )
    # Higgins, Thompson & Spiegelhalter (2009): mean +- t(k - 2) sqrt(tau2 + se^2);
    # t(3) at 97.5 % is 3.182446305 (printed tables).
    half = 3.182446305 * np.sqrt(tau2 + se**2)
    assert (out["pi_low"], out["pi_high"]) == pytest.approx(
        (np.tanh(mean - half), np.tanh(mean + half)), rel=1e-4
    )
    assert out["pi_low"] < out["ci_low"] and out["pi_high"] > out["ci_high"]
    # I^2 = (Q - df) / Q with the fixed-effect Q (Higgins & Thompson 2002)
    w0 = 1 / v
    q = (w0 * (z - (w0 * z).sum() / w0.sum()) ** 2).sum()
    assert out["i2"] == pytest.approx((q - (k - 1)) / q)
    assert (out["k"], out["n"]) == (5, 259)


def test_prediction_interval_by_hand():
    # mean 0.3, se 0.05, tau2 0.01, 12 studies: t(10) at 97.5 % is 2.228138852
    low, high = o._prediction_interval(0.3, 0.05, 0.01, 12)
    half = 2.228138852 * np.sqrt(0.01 + 0.05**2)
    assert (low, high) == pytest.approx((0.3 - half, 0.3 + half))
    assert np.isnan(o._prediction_interval(0.3, 0.05, 0.01, 2)).all()  # needs 3 studies


def test_pooled_correlation_without_heterogeneity_is_the_fixed_effect_pool():
    # the studies agree more closely than chance alone would make them: tau2 = 0, I^2 = 0,
    # the pool is the n - 3 weighted mean of Fisher's z and the prediction interval
    # only adds the t quantile's width.
    studies = pd.DataFrame({"r": [0.28, 0.27, 0.29, 0.28], "n": [50, 80, 120, 60]})
    out = o.pooled_correlation(studies)
    z, w = np.arctanh(studies["r"]), studies["n"] - 3
    mean = (w * z).sum() / w.sum()
    assert out["tau2"] == 0 and out["i2"] == 0
    assert out["r"] == pytest.approx(np.tanh(mean))
    half = Z975 / np.sqrt(w.sum())
    assert out["ci_high"] == pytest.approx(np.tanh(mean + half), rel=1e-5)
    assert out["pi_high"] == pytest.approx(np.tanh(mean + 4.302652730 / np.sqrt(w.sum())), rel=1e-5)


@pytest.mark.parametrize(
    ("studies", "match"),
    [
        (pd.DataFrame({"r": [0.2, 0.3]}), "columns 'r', 'n'.*missing 'n'"),
        (pd.DataFrame({"r": [0.2], "n": [50]}), "at least 2 studies"),
        (pd.DataFrame({"r": [0.2, 0.3], "n": [50, 3]}), "at least 4 clients"),
    ],
)
def test_pooled_correlation_explains_bad_input(studies, match):
    with pytest.raises(ValueError, match=match):
        o.pooled_correlation(studies)


def test_simulated_studies_scatter_around_the_truth():
    studies = o.simulate_studies(0.278, n_studies=300, seed=4)
    pooled = o.pooled_correlation(studies)
    assert pooled["ci_low"] < 0.278 < pooled["ci_high"]
    small, large = studies[studies["n"] < 40], studies[studies["n"] > 150]
    assert small["r"].std() > 1.5 * large["r"].std()
    assert studies["n"].between(15, 1000).all()
    # each study's interval by hand: Fisher's z, standard error 1 / sqrt(n - 3)
    z, se = np.arctanh(studies["r"]), 1 / np.sqrt(studies["n"] - 3)
    assert studies["ci_low"].to_numpy() == pytest.approx(np.tanh(z - Z975 * se).to_numpy())
    assert studies["ci_high"].to_numpy() == pytest.approx(np.tanh(z + Z975 * se).to_numpy())


def test_study_correlations_match_scipy():
    rng = np.random.default_rng(5)
    a = [rng.normal(size=n) for n in (15, 40, 200)]
    b = [x * 0.3 + rng.normal(size=len(x)) for x in a]
    expected = [stats.pearsonr(x, y).statistic for x, y in zip(a, b, strict=True)]
    assert o._study_correlations(a, b) == pytest.approx(expected)


def test_pooled_interval_covers_the_truth_in_about_95_of_100_literatures():
    # one true r for every study: the random-effects interval should cover it about as
    # often as promised (not more often: a too-wide interval would pass a one-sided test)
    covered = [
        p["ci_low"] <= 0.278 <= p["ci_high"]
        for p in (o.pooled_correlation(o.simulate_studies(0.278, seed=s)) for s in range(200))
    ]
    assert 0.90 <= np.mean(covered) <= 0.99


def test_attenuation_and_spearman_brown():
    assert o.attenuated_correlation(0.5, 0.81, 0.64) == pytest.approx(0.5 * 0.9 * 0.8)
    assert o.spearman_brown(0.5, 2) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="reliability_x"):
        o.attenuated_correlation(0.3, 1.2)


def test_therapist_vs_client_slopes_match_least_squares():
    clients = clients_with_a_therapist_part()
    table = o.therapist_vs_client(clients).set_index("part")
    therapist, client = slopes_by_hand(clients)
    assert table.loc["therapist", "slope"] == pytest.approx(therapist)
    assert table.loc["client", "slope"] == pytest.approx(client)


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
