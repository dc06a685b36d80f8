"""Dropout analysis against hand values and plain pandas / numpy / scipy recomputation."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliance_lab.analysis import dropout as d

CLIENTS = pd.DataFrame(
    {
        "client": range(1, 9),
        "sessions_attended": [1, 2, 2, 3, 5, 5, 5, 5],
        "dropped_out": [True, True, False, True, False, False, False, False],
        "pattern": list("aabbaabb"),
        "early_alliance": [30.0, 35, 50, 40, 55, 52, 48, 58],
    }
)


def test_kaplan_meier_matches_hand_product_limit():
    curve = d.retention_curves(CLIENTS)
    # at risk 8 -> 1 leaves; 7 -> 1 leaves (one censored at 2); 5 -> 1 leaves at 3
    expected = [1.0, 7 / 8, 7 / 8 * 6 / 7, 7 / 8 * 6 / 7 * 4 / 5, 7 / 8 * 6 / 7 * 4 / 5, 0.6]
    assert curve["retained"].tolist() == pytest.approx(expected)
    assert curve["at_risk"].tolist() == [8, 8, 7, 5, 4, 4]


def test_curves_by_group_are_separate():
    curves = d.retention_curves(CLIENTS, by="pattern")
    last = curves.groupby("group")["retained"].last()
    assert last["a"] == pytest.approx(3 / 4 * 2 / 3)  # a: 1(d) 2(d) 5 5
    assert last["b"] == pytest.approx(1 * 2 / 3)  # b: 2(c) 3(d) 5 5 -> after 3: 2/3


def test_hazard_is_leavers_over_attenders():
    hz = d.dropout_hazard(CLIENTS)
    for _, row in hz.iterrows():
        k = row["session"]
        attended = (CLIENTS["sessions_attended"] >= k).sum()
        left = ((CLIENTS["sessions_attended"] == k) & CLIENTS["dropped_out"]).sum()
        assert (row["at_risk"], row["dropped"]) == (attended, left)
        assert row["hazard"] == pytest.approx(left / attended)
    assert hz["session"].max() == 4  # nobody can leave after the final session


def test_cohens_d_and_interval():
    x, y = np.array([55.0, 52, 48, 58, 50]), np.array([30.0, 35, 40])
    pooled = np.sqrt((4 * x.var(ddof=1) + 2 * y.var(ddof=1)) / 6)
    assert d.cohens_d(x, y) == pytest.approx((x.mean() - y.mean()) / pooled)
    effect = d.dropout_effect_size(CLIENTS)
    assert effect["d"] == pytest.approx(d.cohens_d(x, y))
    # large-sample standard error of d (Hedges & Olkin 1985), by hand: n1 = 5, n2 = 3
    se = np.sqrt(8 / 15 + effect["d"] ** 2 / 16)
    z = stats.norm.ppf(0.975)
    assert (effect["ci_low"], effect["ci_high"]) == pytest.approx(
        (effect["d"] - z * se, effect["d"] + z * se)
    )
    # t = d * sqrt(n1 n2 / (n1 + n2)): same as scipy's pooled t-test
    t = stats.ttest_ind(x, y).statistic
    assert effect["d"] * np.sqrt(5 * 3 / 8) == pytest.approx(t)


def test_dropout_rate_wilson():
    out = d.dropout_rate(CLIENTS)
    assert out["rate"] == 3 / 8
    ci = stats.binomtest(3, 8).proportion_ci(method="wilson")
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((ci.low, ci.high))


def test_strain_rates_equal_pandas_counts():
    sessions = pd.DataFrame(
        {
            "client": [1, 2, 2, 5, 5, 5, 5, 5],
            "session": [1, 1, 2, 1, 2, 3, 4, 5],
            "missed": [1, 0, 1, 0, 0, 0, 1, 0],
            "late_cancel": [0] * 8,
            "disengagement": [0] * 8,
            "confrontation": [0] * 8,
        }
    ).astype({c: bool for c in d.MARKERS})
    out = d.strain_before_leaving(sessions, CLIENTS)
    row = out.query("group == 'dropped out' and sessions_before_end == 1 and marker == 'missed'")
    assert row["rate"].item() == 1.0 and row["n"].item() == 2  # clients 1 and 2, last sessions
    row = out.query("group == 'finished' and sessions_before_end == 2 and marker == 'missed'")
    assert row["rate"].item() == 1.0  # client 5, session 4


def test_tertiles_split_evenly():
    labels = d.alliance_tertiles(pd.DataFrame({"early_alliance": np.arange(9.0)}))
    assert labels.value_counts().tolist() == [3, 3, 3]
    assert labels.iloc[0] == "weakest third"
