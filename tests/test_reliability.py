"""Alpha and item statistics against pingouin (test-only reference) and plain pandas."""

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

import alliance_lab as al


def wide_from(long, instrument):
    keyed = al.reverse_key(long, instrument)
    return keyed.pivot_table(index=["pair", "perspective"], columns="item", values="response")


@pytest.mark.parametrize("instrument", ["bordin-teaching", "bond-partnership-teaching"])
def test_alpha_matches_pingouin(instrument):
    long = al.example_responses(instrument, n_pairs=40, seed=7)
    wide = wide_from(long, instrument)
    ours = al.cronbach_alpha(long, instrument).set_index("scale").loc["total"]
    alpha, (low, high) = pg.cronbach_alpha(data=wide)
    assert ours["alpha"] == pytest.approx(alpha, abs=1e-12)
    # pingouin rounds its interval to three decimals
    assert (round(ours["ci_low"], 3), round(ours["ci_high"], 3)) == (low, high)
    assert (ours["n_respondents"], ours["n_items"]) == (80, len(wide.columns))


def test_subscale_alpha_matches_pingouin_and_listwise_deletion():
    long = al.example_responses("bordin-teaching", n_pairs=30, seed=11)
    long.loc[5, "response"] = np.nan  # one missing answer: that respondent leaves its subscale
    wide = wide_from(long, "bordin-teaching")
    ours = al.cronbach_alpha(long, "bordin-teaching").set_index("scale")
    for name, items in {"goal": [1, 4, 7, 10], "bond": [3, 6, 9, 12]}.items():
        alpha, ci = pg.cronbach_alpha(data=wide[items], nan_policy="listwise")
        assert ours.loc[name, "alpha"] == pytest.approx(alpha)
        assert ours.loc[name, "n_respondents"] == wide[items].dropna().shape[0]


def test_alpha_on_a_wide_table_and_confidence_level():
    rng = np.random.default_rng(5)
    true = rng.normal(size=(200, 1))
    wide = pd.DataFrame(true + rng.normal(size=(200, 6)), columns=list("abcdef"))
    ours = al.cronbach_alpha(wide, confidence=0.9).iloc[0]
    alpha, (low, high) = pg.cronbach_alpha(data=wide, ci=0.9)
    assert ours["alpha"] == pytest.approx(alpha)
    assert (round(ours["ci_low"], 3), round(ours["ci_high"], 3)) == (low, high)


def test_item_statistics_against_pandas_and_pingouin():
    long = al.example_responses("bordin-teaching", n_pairs=40, seed=3)
    wide = wide_from(long, "bordin-teaching")
    stats = al.item_statistics(long, "bordin-teaching", scale="task")
    items = [2, 5, 8, 11]
    assert stats["item"].tolist() == items
    block = wide[items]
    for _, row in stats.iterrows():
        rest = block.drop(columns=row["item"]).sum(axis=1)
        assert row["mean"] == pytest.approx(block[row["item"]].mean())
        assert row["sd"] == pytest.approx(block[row["item"]].std())
        assert row["item_total_r"] == pytest.approx(block[row["item"]].corr(rest))
        alpha, _ = pg.cronbach_alpha(data=block.drop(columns=row["item"]))
        assert row["alpha_if_deleted"] == pytest.approx(alpha)


def test_reliability_bad_input():
    long = al.example_responses("bordin-teaching", n_pairs=1, seed=1)
    with pytest.raises(ValueError, match="alpha needs at least 3"):
        al.cronbach_alpha(long, "bordin-teaching")
    with pytest.raises(ValueError, match="pass instrument="):
        al.cronbach_alpha(long)
    with pytest.raises(ValueError, match=r"scale must be one of \['goal'"):
        al.cronbach_alpha(long, "bordin-teaching", scale="trust")
    with pytest.raises(ValueError, match="confidence must lie between 0 and 1"):
        al.cronbach_alpha(long, "bordin-teaching", confidence=95)
    with pytest.raises(ValueError, match="has 1 item"):
        al.cronbach_alpha(
            al.example_responses("session-rating-teaching", perspectives=("client",), seed=1),
            "session-rating-teaching",
            scale="goal",
        )


def test_example_responses_are_deterministic_and_on_the_scale():
    a = al.example_responses("session-rating-teaching", perspectives=("client",), seed=9)
    b = al.example_responses("session-rating-teaching", perspectives=("client",), seed=9)
    pd.testing.assert_frame_equal(a, b)
    assert a["response"].between(0, 10).all()
    with pytest.raises(ValueError, match="perspectives"):
        al.example_responses("srs", perspectives=("observer",))
