"""Agreement statistics against hand computations, plain pandas and pingouin."""

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

import alliance_lab as al
from alliance_lab.analysis.agreement import icc_across_targets, null_variance, rater_agreement
from alliance_lab.simulation.raters import simulate_raters


def test_null_variance_by_hand():
    assert null_variance("bordin-teaching") == pytest.approx((5**2 - 1) / 12)  # 5 categories
    assert null_variance("bond-partnership-teaching") == pytest.approx((4**2 - 1) / 12)
    assert null_variance("session-rating-teaching") == pytest.approx(100 / 12)  # 0-10 line


def _three_raters_goal(answers):
    """Three raters of one target answering bordin-teaching; ``answers``: items 1-12 each."""
    rows = []
    for rater, values in enumerate(answers, start=1):
        rows += [
            {"round": 1, "group": 1, "respondent": rater, "item": i + 1, "response": v}
            for i, v in enumerate(values)
        ]
    return pd.DataFrame(rows)


def test_rwg_j_by_hand():
    inst = al.load_instrument("bordin-teaching")
    goal = [item.number for item in inst.items_of("goal")]
    base = [4] * 12
    # goal items: variances 1 (3,4,5), 0 (4,4,4), 1/3 (4,4,5), 1/3 (4,5,5) -> mean 5/12
    raters = [list(base), list(base), list(base)]
    for rater, (a, b, c, d) in enumerate([(3, 4, 4, 4), (4, 4, 4, 5), (5, 4, 5, 5)]):
        for number, value in zip(goal, (a, b, c, d), strict=True):
            raters[rater][number - 1] = value
    out = rater_agreement(_three_raters_goal(raters), inst)
    row = out[out["scale"] == "goal"].iloc[0]
    ratio = (5 / 12) / 2.0
    assert row["r_wg"] == pytest.approx(4 * (1 - ratio) / (4 * (1 - ratio) + ratio))
    assert row["n_items"] == 4 and row["n_raters"] == 3
    # goal scores 4 items: 15, 17, 19 (reverse-keyed items turned back by al.score)
    scores = al.score(_three_raters_goal(raters), inst).query("scale == 'goal'")["score"]
    assert row["mean"] == pytest.approx(scores.mean())
    assert row["sd"] == pytest.approx(scores.std(ddof=1))
    # the task scale: everyone gave 4 everywhere -> perfect agreement
    assert out.loc[out["scale"] == "task", "r_wg"].item() == pytest.approx(1.0)


def test_rwg_single_item_on_a_line_by_hand():
    data = pd.DataFrame(
        {"round": 1, "respondent": [1, 2, 3], "item": 1, "response": [4.0, 5.0, 4.0]}
    )
    out = rater_agreement(data, "session-rating-teaching", target=["round"])
    row = out[out["scale"] == "goal"].iloc[0]
    assert row["r_wg"] == pytest.approx(1 - (1 / 3) / (100 / 12))


def test_more_spread_than_random_answering_is_no_agreement_and_one_rater_is_empty():
    data = _three_raters_goal([[1] * 12, [5] * 12, [1] * 12])
    out = rater_agreement(data, "bordin-teaching")
    assert (out["r_wg"] == 0).all()  # variance 4/3... per item: 16/3 > 2
    one = rater_agreement(_three_raters_goal([[3] * 12]), "bordin-teaching")
    assert one["r_wg"].isna().all() and one["sd"].isna().all()


def test_rwg_matches_plain_pandas_on_simulated_triads():
    data = simulate_raters("bordin-teaching", n_raters=60, n_groups=12, seed=9)
    out = rater_agreement(data, "bordin-teaching")
    assert len(out) == 12 * 4
    inst = al.load_instrument("bordin-teaching")
    for (_, group), part in data.groupby(["round", "group"]):
        for scale in ("bond", "total"):
            numbers = [item.number for item in inst.items_of(scale)]
            mean_var = (
                part[part["item"].isin(numbers)].groupby("item")["response"].var(ddof=1).mean()
            )
            ratio = min(mean_var / 2.0, 1.0)
            j = len(numbers)
            expected = j * (1 - ratio) / (j * (1 - ratio) + ratio)
            got = out[(out["group"] == group) & (out["scale"] == scale)]["r_wg"].item()
            assert got == pytest.approx(expected)


def test_agreement_by_chair_and_whole_hall():
    data = simulate_raters("bordin-teaching", n_raters=25, seed=2)
    out = rater_agreement(data, "bordin-teaching")
    assert len(out) == 4 and out["group"].isna().all() and (out["n_raters"] == 25).all()
    by_chair = rater_agreement(data, "bordin-teaching", by="perspective")
    observers = by_chair[by_chair["perspective"] == "observer"]
    assert (observers["n_raters"] == 23).all()
    assert by_chair.loc[by_chair["perspective"] == "client", "r_wg"].isna().all()


def test_icc_by_hand():
    scores = pd.DataFrame({"group": [1, 1, 2, 2, 3, 3], "score": [1, 2, 4, 5, 7, 9]})
    out = icc_across_targets(scores, by=()).iloc[0]
    # grand mean 14/3; MSB = 2 * sum((mean - 14/3)^2) / 2 = 127/6; MSW = 3/3 = 1
    assert out["icc1"] == pytest.approx((127 / 6 - 1) / (127 / 6 + 1))
    assert out["icc1k"] == pytest.approx((127 / 6 - 1) / (127 / 6))
    assert out["f"] == pytest.approx(127 / 6)
    assert out["k"] == 2 and out["n_targets"] == 3 and out["n_raters"] == 6


def test_icc_matches_pingouin_on_balanced_triads():
    data = simulate_raters("bordin-teaching", n_raters=48, n_groups=16, seed=4)
    scores = al.score(data, "bordin-teaching")
    ours = icc_across_targets(scores)
    for scale in ("goal", "total"):
        part = scores[scores["scale"] == scale].copy()
        part["rater"] = part.groupby("group").cumcount()
        ref = pg.intraclass_corr(part, targets="group", raters="rater", ratings="score")
        # pingouin names the rows ICC1 / ICC1k (older) or ICC(1,1) / ICC(1,k) (newer)
        ref["Type"] = ref["Type"].replace({"ICC(1,1)": "ICC1", "ICC(1,k)": "ICC1k"})
        ref = ref.set_index("Type")
        ci = "CI95%" if "CI95%" in ref.columns else "CI95"
        row = ours[ours["scale"] == scale].iloc[0]
        assert row["icc1"] == pytest.approx(ref.loc["ICC1", "ICC"])
        assert row["icc1k"] == pytest.approx(ref.loc["ICC1k", "ICC"])
        assert row["f"] == pytest.approx(ref.loc["ICC1", "F"])
        assert row["p_value"] == pytest.approx(ref.loc["ICC1", "pval"])
        low, high = ref.loc["ICC1", ci]
        assert row["ci_low"] == pytest.approx(low, abs=0.006)
        assert row["ci_high"] == pytest.approx(high, abs=0.006)


def test_icc_unbalanced_recovers_the_true_value_in_a_large_sample():
    """20,000 ratings of 6,000 targets with 2-5 raters: ICC(1) = 1 / (1 + 1.5) = 0.4."""
    for seed in (1, 2):
        rng = np.random.default_rng(seed)
        sizes = rng.integers(2, 6, 6_000)
        group = np.repeat(np.arange(6_000), sizes)
        score = rng.normal(0, 1, 6_000)[group] + rng.normal(0, np.sqrt(1.5), len(group))
        out = icc_across_targets(pd.DataFrame({"group": group, "score": score}), by=()).iloc[0]
        assert out["icc1"] == pytest.approx(0.4, abs=0.03)
        assert out["ci_low"] < 0.4 < out["ci_high"]  # the interval covers the true value
        n = len(group)
        assert out["k"] == pytest.approx((n - (sizes**2).sum() / n) / (6_000 - 1))


def test_icc_with_one_target_is_empty():
    scores = pd.DataFrame({"group": [1, 1, 1], "score": [3, 4, 5]})
    out = icc_across_targets(scores, by=()).iloc[0]
    assert out["n_targets"] == 1 and np.isnan(out["icc1"])


def test_icc_bad_level_and_missing_column():
    with pytest.raises(ValueError, match="level must be a number above 0 and below 1; got 95"):
        icc_across_targets(pd.DataFrame({"group": [1], "score": [1]}), by=(), level=95)
    with pytest.raises(ValueError, match="missing 'group'"):
        icc_across_targets(pd.DataFrame({"score": [1]}), by=())
