"""The binomial effect size display, checked against hand computation."""

import math

import numpy as np
import pytest

from alliance_lab import binomial_effect_size


def test_meta_analytic_r_by_hand():
    # r = .278: 0.5 + 0.139 = 0.639 and 0.5 - 0.139 = 0.361.
    table = binomial_effect_size(0.278)
    assert table["better_outcome"].tolist() == pytest.approx([0.639, 0.361])
    assert table["worse_outcome"].tolist() == pytest.approx([0.361, 0.639])
    assert table["group"].tolist() == [
        "stronger alliance (top half)",
        "weaker alliance (bottom half)",
    ]


@pytest.mark.parametrize(
    ("r", "high"), [(0.0, 0.5), (0.3, 0.65), (-0.2, 0.4), (1.0, 1.0), (-1.0, 0.0)]
)
def test_hand_checked_values(r, high):
    table = binomial_effect_size(r)
    assert table.loc[0, "better_outcome"] == pytest.approx(high)
    assert table.loc[1, "better_outcome"] == pytest.approx(1 - high)
    assert (table["better_outcome"] + table["worse_outcome"]).tolist() == pytest.approx([1, 1])


@pytest.mark.parametrize("r", [0.05, 0.278, 0.5, -0.4])
def test_phi_of_the_implied_table_is_r(r):
    # Recompute the phi coefficient from the 2 x 2 table of counts out of 100 per group.
    table = binomial_effect_size(r)
    a, b = 100 * table.loc[0, ["better_outcome", "worse_outcome"]].to_numpy(float)
    c, d = 100 * table.loc[1, ["better_outcome", "worse_outcome"]].to_numpy(float)
    phi = (a * d - b * c) / math.sqrt((a + b) * (c + d) * (a + c) * (b + d))
    assert phi == pytest.approx(r)


def test_matches_a_large_bivariate_normal_sample():
    # Median splits of a bivariate normal sample do not give exactly 0.5 + r/2 (that holds
    # for the display, not for every distribution), but the phi of the split counts lies
    # close to (2/pi) * arcsin(r), which is near r for small r: .18 for r = .278.
    rng = np.random.default_rng(11)
    x = rng.standard_normal(200_000)
    y = 0.278 * x + math.sqrt(1 - 0.278**2) * rng.standard_normal(200_000)
    hi_x, hi_y = x > np.median(x), y > np.median(y)
    share = hi_y[hi_x].mean()
    assert share == pytest.approx(0.5 + math.asin(0.278) / math.pi, abs=0.005)
    assert share < binomial_effect_size(0.278).loc[0, "better_outcome"]


@pytest.mark.parametrize("bad", [1.2, -1.01, float("nan"), "0.3", None, True])
def test_bad_input_says_what_is_allowed(bad):
    with pytest.raises(ValueError, match="a number from -1 to 1"):
        binomial_effect_size(bad)
