"""The client-minus-therapist gap, by hand and against plain pandas."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.chairs import chair_gap
from alliance_lab.simulation.raters import simulate_raters


def test_chair_gap_by_hand_and_against_pandas():
    data = simulate_raters("bordin-teaching", n_raters=30, n_groups=10, seed=3)
    out = chair_gap(data, "bordin-teaching")
    assert len(out) == 10 * 4
    scores = al.score(data, "bordin-teaching")
    wide = scores.pivot_table(
        index=["group", "scale"], columns="perspective", values="score", aggfunc="mean"
    )
    merged = out.merge(wide.reset_index(), on=["group", "scale"], suffixes=("", "_ref"))
    assert len(merged) == len(out)
    assert np.allclose(merged["gap"], merged["client_ref"] - merged["therapist_ref"])
    assert np.allclose(merged["observer"], merged["observer_ref"])
    assert (merged["gap"] != 0).any()


def test_chair_gap_of_a_whole_hall_by_hand():
    data = pd.DataFrame(
        {
            "round": 1,
            "group": pd.array([pd.NA] * 15, dtype="Int64"),
            "respondent": [1] * 5 + [2] * 5 + [3] * 5,
            "perspective": ["client"] * 5 + ["therapist"] * 5 + ["observer"] * 5,
            "item": [1, 2, 3, 4, 5] * 3,
            "response": [9, 8, 9, 9, 6, 7, 6, 8, 7, 7, 8, 8, 8, 8, 8],
        }
    )
    out = chair_gap(data, "session-rating-teaching")
    assert out["scale"].tolist() == ["goal", "task", "bond", "repair", "teamwork", "total"]
    assert out["gap"].tolist() == pytest.approx([2, 2, 1, 2, -1, 6])
    assert out["observer"].tolist() == pytest.approx([8, 8, 8, 8, 8, 40])
    assert out["group"].isna().all()


def test_chair_gap_refuses_unknown_chairs():
    data = pd.DataFrame(
        {
            "round": [1],
            "group": [1],
            "perspective": ["teacher"],
            "respondent": [1],
            "item": [1],
            "response": [3],
        }
    )
    with pytest.raises(ValueError, match="column .perspective. must be one of"):
        chair_gap(data, "bordin-teaching")
