"""The one interval for a share: Wilson's, against the formula by hand."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.proportion import METHOD, proportion_interval

Z975 = 1.959963984540054


def _wilson(k, n, z=Z975):
    """Wilson (1927) by hand: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)."""
    p = k / n
    centre = p + z**2 / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return (centre - half) / (1 + z**2 / n), (centre + half) / (1 + z**2 / n)


@pytest.mark.parametrize(("k", "n"), [(3, 20), (0, 20), (20, 20), (197, 1000), (1, 3)])
def test_wilson_by_hand(k, n):
    out = proportion_interval(k, n)
    assert out["rate"] == k / n and out["n"] == n
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(_wilson(k, n))


def test_no_dropout_in_a_small_class_still_has_an_upper_limit():
    # the Wald interval would be 0 to 0 for 0 of 20: as if no client could ever drop out
    out = proportion_interval(0, 20)
    assert out["ci_low"] == pytest.approx(0, abs=1e-12) and out["ci_high"] > 0.15


def test_other_levels_use_their_own_quantile():
    z90 = 1.6448536269514722
    out = proportion_interval(3, 20, level=0.90)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(_wilson(3, 20, z90))


def test_dropout_rate_uses_the_same_method():
    assert METHOD == "wilson"
    clients = pd.DataFrame({"dropped_out": [True] * 3 + [False] * 17})
    pd.testing.assert_series_equal(al.dropout_rate(clients), proportion_interval(3, 20))


@pytest.mark.parametrize(
    ("k", "n", "level", "match"),
    [
        (3, 0, 0.95, "at least one case"),
        (5, 4, 0.95, "count between 0 and n; got count=5 of n=4"),
        (3, 20, 95, "level is a confidence level between 0 and 1"),
    ],
)
def test_bad_input_is_explained(k, n, level, match):
    with pytest.raises(ValueError, match=match):
        proportion_interval(k, n, level=level)
