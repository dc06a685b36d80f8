"""Split alliance: hand-computed splits and dropout rates, and the couple simulation."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from alliance_lab.analysis.split import split_alliance, split_dropout
from alliance_lab.simulation.couples import CoupleScenario, simulate_couples


def test_split_of_couples_by_hand():
    data = pd.DataFrame(
        {
            "couple": [1, 1, 2, 2, 3, 3],
            "partner": ["A", "B"] * 3,
            "alliance": [6.0, 4.0, 5.5, 5.0, 3.0, 6.5],
            "therapist": ["T1", "T1", "T1", "T1", "T2", "T2"],
            "dropped_out": [False, False, False, False, True, True],
        }
    )
    out = split_alliance(data, threshold=1.0)
    assert out["split"].tolist() == [2.0, 0.5, 3.5]
    assert out["mean_alliance"].tolist() == [5.0, 5.25, 4.75]
    assert out["is_split"].tolist() == [True, False, True]
    assert out["therapist"].tolist() == ["T1", "T1", "T2"]
    assert out["dropped_out"].tolist() == [False, False, True]


def test_family_split_is_highest_minus_lowest():
    data = pd.DataFrame(
        {"family": "F", "member": ["mother", "father", "teen"], "alliance": [6, 5, 2.5]}
    )
    out = split_alliance(data, unit="family", member="member")
    assert out.loc[0, "split"] == 3.5 and out.loc[0, "n_members"] == 3
    assert out.loc[0, "mean_alliance"] == pytest.approx(13.5 / 3)


def test_threshold_tie_counts_as_split():
    data = pd.DataFrame({"couple": 1, "partner": ["A", "B"], "alliance": [5.2, 4.2]})
    assert split_alliance(data, threshold=1.0)["is_split"].item()


def test_columns_that_vary_within_a_couple_are_not_carried():
    data = pd.DataFrame(
        {"couple": 1, "partner": ["A", "B"], "alliance": [5, 4], "age": [30, 34], "site": "x"}
    )
    out = split_alliance(data)
    assert "age" not in out.columns and out.loc[0, "site"] == "x"


def test_dropout_by_split_band_by_hand():
    units = pd.DataFrame(
        {
            "split": [0.0, 0.3, 0.5, 0.9, 1.0, 1.4, 2.0, 0.1],
            "dropped_out": [False, False, True, False, True, True, False, True],
        }
    )
    out = split_dropout(units, bands=(0.5, 1.0))
    # under 0.5: 0.0, 0.3, 0.1 -> 1 of 3; 0.5 to under 1: 0.5, 0.9 -> 1 of 2;
    # 1 or more: 1.0, 1.4, 2.0 -> 2 of 3.
    assert out["n"].tolist() == [3, 2, 3]
    assert out["dropouts"].tolist() == [1, 1, 2]
    assert out["dropout_rate"].tolist() == pytest.approx([1 / 3, 1 / 2, 2 / 3])
    assert out["band"].tolist() == ["under 0.5", "0.5 to under 1", "1 or more"]


def test_empty_band_has_nan_rate():
    units = pd.DataFrame({"split": [0.1], "dropped_out": [True]})
    out = split_dropout(units, bands=(1.0,))
    assert out["n"].tolist() == [1, 0] and np.isnan(out["dropout_rate"].iloc[1])


@pytest.mark.parametrize(
    ("frame", "options", "message"),
    [
        (pd.DataFrame({"couple": [1], "partner": ["A"], "alliance": [5]}), {}, "only one"),
        (
            pd.DataFrame({"couple": [1, 1], "partner": ["A", "A"], "alliance": [5, 4]}),
            {},
            "more than once",
        ),
        (
            pd.DataFrame({"couple": [1, 1], "partner": ["A", "B"], "alliance": [5, None]}),
            {},
            "missing",
        ),
        (pd.DataFrame({"couple": [1], "alliance": [5]}), {}, "missing"),
        (
            pd.DataFrame({"couple": [1, 1], "partner": ["A", "B"], "alliance": [5, 4]}),
            {"threshold": -1},
            "threshold",
        ),
    ],
)
def test_bad_input_explains_itself(frame, options, message):
    with pytest.raises(ValueError, match=message):
        split_alliance(frame, **options)


def test_bands_must_increase():
    with pytest.raises(ValueError, match="increasing"):
        split_dropout(pd.DataFrame({"split": [1.0], "dropped_out": [True]}), bands=(1, 0.5))


def test_simulation_matches_its_settings():
    result = simulate_couples(n_couples=4000, seed=5)
    couples = result.couples
    # Dropout rate is solved to match in expectation; binomial SE at n=4000 is about .0075.
    assert couples["dropped_out"].mean() == pytest.approx(0.35, abs=0.03)
    # |difference of two N(0, s)| has mean s * 2 / sqrt(pi) = 1.128 s (clipping aside).
    assert couples["split"].mean() == pytest.approx(0.5 * 2 / np.sqrt(np.pi), rel=0.06)
    # Larger splits, more dropout (split_link > 0).
    rates = split_dropout(couples)["dropout_rate"]
    assert rates.iloc[-1] > rates.iloc[0]
    # The couple table agrees with a plain-pandas recomputation from the partner table.
    wide = result.partners.pivot(index="couple", columns="partner", values="alliance")
    assert np.allclose((wide["A"] - wide["B"]).abs().to_numpy(), couples["split"].to_numpy())


def test_simulated_couples_agree_with_the_analysis_of_their_partners():
    # the simulation writes the couple table from what it drew; the analysis gets the same
    # numbers from the partner table alone, as it would for real couples
    result = simulate_couples(n_couples=500, seed=11)
    analysed = split_alliance(result.partners)
    shared = ["couple", "therapist", "mean_alliance", "lowest", "highest", "split", "dropped_out"]
    pd.testing.assert_frame_equal(result.couples[shared], analysed[shared], check_dtype=False)


def test_no_split_link_means_no_split_gradient_in_expectation():
    result = simulate_couples(n_couples=6000, split_link=0.0, alliance_link=0.0, seed=2)
    rates = split_dropout(result.couples)["dropout_rate"]
    assert rates.max() - rates.min() < 0.06


def test_same_seed_same_clinic_and_scenario_is_validated():
    a = simulate_couples(seed=3).couples
    b = simulate_couples(CoupleScenario(seed=3)).couples
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="dropout_rate"):
        dataclasses.replace(CoupleScenario(), dropout_rate=1.5)
    with pytest.raises(ValueError, match="whole number"):
        CoupleScenario(n_couples=20.5)
