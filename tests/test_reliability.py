"""Alpha and item statistics against pingouin (test-only reference) and plain pandas."""

import re

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
    ours = al.cronbach_alpha(wide, level=0.9).iloc[0]
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
    with pytest.raises(ValueError, match="must be at least 3 for alpha; got 2"):
        al.cronbach_alpha(long, "bordin-teaching")
    with pytest.raises(ValueError, match="Pass instrument="):
        al.cronbach_alpha(long)
    with pytest.raises(ValueError, match=r"scale must be one of 'goal', 'task', 'bond', 'total'"):
        al.cronbach_alpha(long, "bordin-teaching", scale="trust")
    with pytest.raises(ValueError, match="level must be a number above 0 and below 1; got 95"):
        al.cronbach_alpha(long, "bordin-teaching", level=95)
    with pytest.raises(ValueError, match="must be at least 2 for alpha; got 1"):
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


# --- wide tables and degenerate data ---------------------------------------------------------

WIDE = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})


def test_a_numeric_identifier_column_is_not_counted_as_an_item():
    with_id = WIDE.assign(client=[1, 2, 3, 4, 5])[["client", "a", "b", "c"]]
    with pytest.raises(ValueError) as err:
        al.cronbach_alpha(with_id)
    assert str(err.value) == (
        "the columns of a wide table must be one column per item and nothing else; got "
        "identifier column(s) ['client'] among the items. Counting an identifier as an item "
        "gives a wrong alpha. Move it into the index, for example data.set_index('client'), "
        "or drop it."
    )
    with pytest.raises(ValueError, match="identifier column"):
        al.item_statistics(with_id)
    # the advice works, and gives the alpha of the three items (pingouin agrees: .954)
    alpha = al.cronbach_alpha(with_id.set_index("client"))["alpha"].iloc[0]
    assert alpha == pytest.approx(pg.cronbach_alpha(data=WIDE)[0])
    assert round(alpha, 3) == 0.954


@pytest.mark.parametrize("bad, shown", [(True, "True"), (np.inf, "inf"), ("x", "'x'")])
def test_wide_cells_must_be_finite_numbers(bad, shown):
    data = WIDE.astype(object)
    data.loc[2, "b"] = bad
    with pytest.raises(
        ValueError, match=rf"item column 'b' \(row 2\) .*; got {re.escape(shown)}\."
    ):
        al.cronbach_alpha(data)


@pytest.mark.parametrize(
    "data",
    [
        pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]}),  # nobody varies: alpha is 0/0
        pd.DataFrame({"a": [1, 2, 3], "b": [3, 2, 1]}),  # items vary, totals do not: -inf
    ],
)
def test_alpha_of_data_without_spread_is_refused_not_nan_or_infinite(data, recwarn):
    with pytest.raises(ValueError) as err:
        al.cronbach_alpha(data)
    assert "must be different for at least two respondents" in str(err.value)
    assert "Alpha is undefined when every respondent has the same total" in str(err.value)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_item_statistics_of_a_constant_item_is_empty_without_a_warning(recwarn):
    data = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 3, 3, 5], "c": [4, 4, 4, 4]})
    stats = al.item_statistics(data).set_index("item")
    assert np.isnan(stats.loc["c", "item_total_r"])
    assert stats.loc["a", "item_total_r"] == pytest.approx(
        np.corrcoef(data["a"], data["b"] + data["c"])[0, 1]
    )
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_alpha_refuses_a_mix_of_instruments():
    a = al.example_responses("bordin-teaching", n_pairs=5, seed=1).assign(
        instrument="bordin-teaching"
    )
    b = al.example_responses("arm-5", n_pairs=5, seed=1).assign(instrument="arm-5")
    mixed = pd.concat([a, b], ignore_index=True)
    with pytest.raises(ValueError, match="must be answers to one instrument and one version"):
        al.cronbach_alpha(mixed)
    with pytest.raises(ValueError, match="must be 'bordin-teaching', the instrument you named"):
        al.cronbach_alpha(mixed, "bordin-teaching")
    alone = al.cronbach_alpha(a)  # the instrument column is enough
    pd.testing.assert_frame_equal(alone, al.cronbach_alpha(a, "bordin-teaching"))
