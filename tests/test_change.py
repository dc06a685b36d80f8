"""Reliable and clinically significant change against hand computation and plain pandas.

Hand computations (Jacobson & Truax 1991 formulas) are written out next to each case.
"""

import math

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab._validation import InputError


def test_the_worked_example():
    # x1 = 30, x2 = 20, s1 = 7.5, r_xx = .80 (lower is better):
    # SE = 7.5 * sqrt(.20) = 3.354; S_diff = sqrt(2 * 3.354**2) = 4.743; RCI = -10 / 4.743 = -2.108
    errors = al.measurement_error(sd=7.5, reliability=0.80)
    assert errors["se"] == pytest.approx(3.354, abs=5e-4)
    assert errors["s_diff"] == pytest.approx(4.743, abs=5e-4)
    table = pd.DataFrame({"client": [7], "before": [30], "after": [20]})
    out = al.reliable_change(table, sd=7.5, reliability=0.80, direction="lower is better")
    row = out.iloc[0]
    assert row["change"] == -10
    assert row["rci"] == pytest.approx(-2.108, abs=5e-4)
    assert bool(row["reliable"]) and row["category"] == "improved"
    # the same drop on a measure where higher is better is a reliable deterioration
    worse = al.reliable_change(table, sd=7.5, reliability=0.80, direction="higher is better")
    assert worse["category"].tolist() == ["deteriorated"]


def test_measurement_error_by_hand():
    # sd 10, reliability .75: SE = 10 * .5 = 5; S_diff = 5 * sqrt(2) = 7.0711;
    # 1.96 * S_diff = 13.859
    errors = al.measurement_error(sd=10, reliability=0.75)
    assert errors["se"] == pytest.approx(5.0)
    assert errors["s_diff"] == pytest.approx(7.0710678)
    assert errors["smallest_reliable_change"] == pytest.approx(13.859293)
    # reliability 0: all of the spread is error, SE = sd
    assert al.measurement_error(sd=4, reliability=0)["se"] == pytest.approx(4.0)


def test_cutoff_criteria_lower_is_better():
    # dysfunctional M1 = 30, s1 = 7.5; functional M0 = 10, s0 = 5
    # a: 30 - 2 * 7.5 = 15; b: 10 + 2 * 5 = 20; c: (5 * 30 + 7.5 * 10) / 12.5 = 225 / 12.5 = 18
    groups = dict(dysfunctional_mean=30, dysfunctional_sd=7.5, functional_mean=10, functional_sd=5)
    found = {
        k: al.clinical_cutoff(criterion=k, direction="lower is better", **groups) for k in "abc"
    }
    assert found == {"a": 15.0, "b": 20.0, "c": 18.0}


def test_cutoff_criteria_higher_is_better():
    # dysfunctional M1 = 19, s1 = 7; functional M0 = 28, s0 = 6
    # a: 19 + 2 * 7 = 33; b: 28 - 2 * 6 = 16; c: (6 * 19 + 7 * 28) / 13 = 310 / 13 = 23.846
    groups = dict(dysfunctional_mean=19, dysfunctional_sd=7, functional_mean=28, functional_sd=6)
    assert al.clinical_cutoff(criterion="a", **groups) == pytest.approx(33.0)
    assert al.clinical_cutoff(criterion="b", **groups) == pytest.approx(16.0)
    assert al.clinical_cutoff(criterion="c", **groups) == pytest.approx(310 / 13)
    # a needs only the dysfunctional group, b only the functional group
    assert al.clinical_cutoff(criterion="a", dysfunctional_mean=19, dysfunctional_sd=7) == 33.0
    assert al.clinical_cutoff(criterion="b", functional_mean=28, functional_sd=6) == 16.0


def test_criterion_c_with_equal_spreads_is_the_midpoint():
    # s0 = s1: (s * M1 + s * M0) / 2s = (M1 + M0) / 2 = (30 + 10) / 2 = 20
    cut = al.clinical_cutoff(
        criterion="c",
        dysfunctional_mean=30,
        dysfunctional_sd=6,
        functional_mean=10,
        functional_sd=6,
    )
    assert cut == pytest.approx(20.0)


# sd 7.5, reliability .80: S_diff = 4.7434, a change must exceed 1.96 * 4.7434 = 9.297 points.
# Lower is better, cutoff 18 (criterion c above).
LOWER = [
    # before, after, rci (= change / 4.7434), category
    (30, 15, -3.1623, "recovered"),  # -15: reliable, 30 -> 15 crosses 18
    (40, 25, -3.1623, "improved"),  # -15: reliable, 25 still above 18
    (30, 20.5, -2.0028, "improved"),  # -9.5: just reliable, 20.5 above 18
    (30, 21, -1.8974, "unchanged"),  # -9: just short of reliable
    (30, 25, -1.0541, "unchanged"),  # -5
    (20, 12, -1.6865, "unchanged"),  # -8: crosses 18 but not reliable
    (15, 5, -2.1082, "improved"),  # -10: reliable but started in the functional range
    (18, 5, -2.7406, "recovered"),  # -13: exactly at the cutoff counts as dysfunctional
    (20, 30, 2.1082, "deteriorated"),  # +10
    (10, 25, 3.1623, "deteriorated"),  # +15, crossing the cutoff the wrong way
]


def test_categories_by_hand_lower_is_better():
    table = pd.DataFrame(LOWER, columns=["before", "after", "rci_hand", "category_hand"])
    out = al.reliable_change(
        table, sd=7.5, reliability=0.80, direction="lower is better", cutoff=18
    )
    assert out["rci"].to_numpy() == pytest.approx(table["rci_hand"].to_numpy(), abs=1e-4)
    assert out["category"].astype(str).tolist() == table["category_hand"].tolist()
    assert out["crossed_cutoff"].tolist() == [
        True, False, False, False, False, True, False, True, False, False,
    ]  # fmt: skip


# sd 7, reliability .80: SE = 7 * sqrt(.2) = 3.1305, S_diff = 4.4272, threshold 8.677 points.
# Higher is better, cutoff 25.
HIGHER = [
    (15, 30, 3.3882, "recovered"),  # +15, crosses 25
    (10, 20, 2.2588, "improved"),  # +10, still below 25
    (26, 36, 2.2588, "improved"),  # +10, already above 25
    (20, 24, 0.9035, "unchanged"),  # +4
    (24, 26, 0.4518, "unchanged"),  # +2, crosses 25, not reliable
    (30, 20, -2.2588, "deteriorated"),  # -10
]


def test_categories_by_hand_higher_is_better():
    table = pd.DataFrame(HIGHER, columns=["before", "after", "rci_hand", "category_hand"])
    out = al.reliable_change(table, sd=7, reliability=0.80, cutoff=25)
    assert out["rci"].to_numpy() == pytest.approx(table["rci_hand"].to_numpy(), abs=1e-4)
    assert out["category"].astype(str).tolist() == table["category_hand"].tolist()


def test_without_a_cutoff_nobody_is_recovered():
    table = pd.DataFrame(LOWER, columns=["before", "after", "rci_hand", "category_hand"])
    out = al.reliable_change(table, sd=7.5, reliability=0.80, direction="lower is better")
    expected = table["category_hand"].replace("recovered", "improved").tolist()
    assert out["category"].astype(str).tolist() == expected
    assert not out["crossed_cutoff"].any()


def test_against_plain_pandas_on_a_random_table():
    rng = np.random.default_rng(15)
    n = 5_000
    table = pd.DataFrame(
        {
            "client": np.arange(n),
            "therapist": rng.integers(0, 50, n),
            "intake": rng.normal(28, 8, n).round(1),
            "end": rng.normal(20, 10, n).round(1),
        }
    )
    original = table.copy()
    sd, r, cut = 8.0, 0.85, 21.5
    out = al.reliable_change(
        table,
        before="intake",
        after="end",
        sd=sd,
        reliability=r,
        direction="lower is better",
        cutoff=cut,
    )
    pd.testing.assert_frame_equal(table, original)  # the input is not changed
    assert out[["client", "therapist", "intake", "end"]].equals(original)

    s_diff = math.sqrt(2 * (sd * math.sqrt(1 - r)) ** 2)
    rci = (table["end"] - table["intake"]) / s_diff
    better = rci < -1.96
    worse = rci > 1.96
    crossed = (table["intake"] >= cut) & (table["end"] < cut)
    expected = pd.Series("unchanged", index=table.index)
    expected[worse] = "deteriorated"
    expected[better] = "improved"
    expected[better & crossed] = "recovered"
    assert np.allclose(out["rci"], rci)
    assert (out["category"].astype(str) == expected).all()
    # every category occurs, so each branch above was exercised
    assert set(expected) == {"recovered", "improved", "unchanged", "deteriorated"}
    counts = out["category"].value_counts()
    assert counts.sum() == n and list(counts.index.categories) == [
        "recovered", "improved", "unchanged", "deteriorated",
    ]  # fmt: skip


def test_missing_scores_give_no_category():
    table = pd.DataFrame({"before": [30, np.nan, 30], "after": [15, 20, None]})
    out = al.reliable_change(table, sd=7.5, reliability=0.8, direction="lower is better")
    assert out["category"].tolist()[0] == "improved"
    assert out["category"].isna().tolist() == [False, True, True]
    assert out["reliable"].tolist() == [True, False, False]


@pytest.mark.parametrize(
    ("kwargs", "start"),
    [
        ({"sd": 0}, "sd must be a number above 0; got 0."),
        ({"sd": "7.5"}, "sd must be a number above 0; got '7.5'."),
        ({"reliability": 1}, "reliability must be a number from 0 and below 1; got 1."),
        ({"reliability": -0.2}, "reliability must be a number from 0 and below 1; got -0.2."),
        ({"direction": "lower"}, "direction must be one of 'higher is better', 'lower is better'"),
        ({"cutoff": "25"}, "cutoff must be a number; got '25'."),
        ({"before": "pre"}, "data must be a table with the columns 'pre', 'after'"),
    ],
)
def test_bad_input_gets_a_plain_message(kwargs, start):
    table = pd.DataFrame({"before": [30], "after": [20]})
    settings = {"sd": 7.5, "reliability": 0.8, **kwargs}
    with pytest.raises(InputError) as caught:
        al.reliable_change(table, **settings)
    assert str(caught.value).startswith(start)


def test_bad_cells_and_tables_get_a_plain_message():
    with pytest.raises(InputError, match=r"data must be a table .*; got list\. Pass a pandas"):
        al.reliable_change([30, 20], sd=7.5, reliability=0.8)
    table = pd.DataFrame({"before": [30, "thirty"], "after": [20, 20]})
    with pytest.raises(InputError, match=r"data \(row 1\) must be a finite number.*'thirty'"):
        al.reliable_change(table, sd=7.5, reliability=0.8)


def test_a_cutoff_criterion_needs_its_group():
    with pytest.raises(InputError) as caught:
        al.clinical_cutoff(criterion="c", dysfunctional_mean=30, dysfunctional_sd=7.5)
    assert str(caught.value).startswith(
        "functional_mean must be a number for criterion 'c'; got nothing. Give functional_mean"
    )
    with pytest.raises(InputError, match="criterion must be one of 'a', 'b', 'c'; got 'd'"):
        al.clinical_cutoff(criterion="d", functional_mean=1, functional_sd=1)
    with pytest.raises(InputError, match="dysfunctional_sd must be a number above 0; got -1"):
        al.clinical_cutoff(criterion="a", dysfunctional_mean=30, dysfunctional_sd=-1)
