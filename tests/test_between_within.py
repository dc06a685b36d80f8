"""Between- and within-therapist slopes against a plain numpy recomputation.

The slopes are least squares on [1, therapist mean, distance from it]; the clustered
standard errors are the sandwich (X'X)^-1 (sum over therapists of X_g' e_g e_g' X_g)
(X'X)^-1 with the small-sample factor G / (G - 1) * (N - 1) / (N - K), worked out here
with numpy alone.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliance_lab.analysis.between_within import between_within_slopes


def _clinic(seed, *, n_therapists=30, per=12):
    rng = np.random.default_rng(seed)
    therapist = np.repeat(np.arange(n_therapists), per)
    t_part = rng.normal(size=n_therapists)[therapist]
    alliance = 40 + 3 * t_part + 2 * rng.normal(size=len(therapist))
    outcome = 0.3 * t_part + 0.05 * alliance + rng.normal(size=len(therapist))
    return pd.DataFrame({"therapist": therapist, "alliance": alliance, "outcome": outcome})


def _by_hand(data, level=0.95):
    x, y = data["alliance"].to_numpy(), data["outcome"].to_numpy()
    means = data.groupby("therapist")["alliance"].transform("mean").to_numpy()
    X = np.column_stack([np.ones(len(x)), means, x - means])
    beta = np.linalg.solve(X.T @ X, X.T @ y)
    e = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    groups = data["therapist"].to_numpy()
    meat = sum(
        np.outer(X[groups == g].T @ e[groups == g], X[groups == g].T @ e[groups == g])
        for g in np.unique(groups)
    )
    n, k, g = len(x), X.shape[1], len(np.unique(groups))
    cov = bread @ meat @ bread * g / (g - 1) * (n - 1) / (n - k)
    contrast = np.array([0.0, 1.0, -1.0])
    slopes = np.array([beta[1], beta[2], contrast @ beta])
    se = np.sqrt([cov[1, 1], cov[2, 2], contrast @ cov @ contrast])
    z = stats.norm.ppf(0.5 + level / 2)
    return slopes, se, slopes - z * se, slopes + z * se, 2 * stats.norm.sf(np.abs(slopes / se))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_slopes_and_clustered_intervals_match_numpy(seed):
    data = _clinic(seed)
    table = between_within_slopes(data, alliance="alliance", outcome="outcome", level=0.9)
    slopes, se, low, high, p = _by_hand(data, level=0.9)
    assert table["part"].tolist() == ["between", "within", "between minus within"]
    assert table["slope"].to_numpy() == pytest.approx(slopes)
    assert table["se"].to_numpy() == pytest.approx(se)
    assert table["ci_low"].to_numpy() == pytest.approx(low)
    assert table["ci_high"].to_numpy() == pytest.approx(high)
    assert table["p"].to_numpy() == pytest.approx(p)


def test_standardised_slopes_are_the_slopes_of_standardised_columns():
    data = _clinic(4)
    z = data.assign(
        alliance=(data["alliance"] - data["alliance"].mean()) / data["alliance"].std(),
        outcome=(data["outcome"] - data["outcome"].mean()) / data["outcome"].std(),
    )
    table = between_within_slopes(data, alliance="alliance", outcome="outcome", standardise=True)
    assert table["slope"].to_numpy() == pytest.approx(_by_hand(z)[0])


def test_missing_values_are_left_out_and_input_is_not_changed():
    data = _clinic(5)
    gappy = data.copy()
    gappy.loc[[3, 50], "outcome"] = np.nan
    before = gappy.copy()
    table = between_within_slopes(gappy, alliance="alliance", outcome="outcome")
    expected = _by_hand(gappy.dropna())[0]
    assert table["slope"].to_numpy() == pytest.approx(expected)
    pd.testing.assert_frame_equal(gappy, before)


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match="'outcome'"):
        data = _clinic(1).drop(columns="outcome")
        between_within_slopes(data, alliance="alliance", outcome="outcome")
