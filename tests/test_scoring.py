"""Scores against hand computations for every built-in instrument, property tests, bad input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliance_lab as al

INSTRUMENTS = list(al.list_instruments()["id"])


def answers(values, **ids):
    return pd.DataFrame({**ids, "item": range(1, len(values) + 1), "response": values})


def as_dict(scores):
    return dict(zip(scores["scale"], scores["score"], strict=True))


# --- hand computations, one per built-in instrument -------------------------------------------


def test_bordin_teaching_by_hand():
    # version 2.0: goal = items 1, 4, 7, 10; task = 2, 5, 8, 11; bond = 3, 6, 9, 12 (sums, 4-20);
    # items 5 and 7 are reverse-keyed on 1-5 (6 - x): item 5 1 -> 5, item 7 4 -> 2
    scores = al.score(answers([5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4]), "bordin-teaching")
    # goal 5 + 2 + 2 + 1 = 10; task 4 + 5 + 3 + 5 = 17; bond 3 + 5 + 2 + 4 = 14
    assert as_dict(scores) == {"goal": 10, "task": 17, "bond": 14, "total": 41}


def test_session_rating_teaching_by_hand():
    # version 2.0: five lines, one per subscale, summed (0-50)
    scores = al.score(answers([7.5, 8.2, 9.0, 6.3, 4.4]), "session-rating-teaching")
    assert as_dict(scores) == pytest.approx(
        {"goal": 7.5, "task": 8.2, "bond": 9.0, "repair": 6.3, "teamwork": 4.4, "total": 35.4}
    )


def test_bond_partnership_teaching_by_hand():
    # version 2.0: bond = items 1, 3, 5, 7; partnership = 2, 4, 6, 8; means on 1-4;
    # items 4 and 5 are reverse-keyed (5 - x): item 4 1 -> 4, item 5 3 -> 2
    scores = al.score(answers([4, 3, 2, 1, 3, 2, 4, 1]), "bond-partnership-teaching")
    # bond (4 + 2 + 2 + 4) / 4 = 3; partnership (3 + 4 + 2 + 1) / 4 = 2.5; total 22 / 8 = 2.75
    assert as_dict(scores) == pytest.approx({"bond": 3.0, "partnership": 2.5, "total": 2.75})


# --- answers given under version 1.0 of a teaching form keep its key -------------------------


def saved_then_and_now(folder, instrument_id, then, now):
    """One form given under version 1.0 and one under the current version, saved together."""
    old = al.load_instrument(instrument_id, version="1.0")
    al.save_response(dict(enumerate(then, start=1)), old, respondent="then", data_dir=folder)
    al.save_response(
        dict(enumerate(now, start=1)), instrument_id, respondent="now", data_dir=folder
    )
    scores = al.score(al.load_responses(data_dir=folder))
    return {who: as_dict(group) for who, group in scores.groupby("respondent")}, scores


def test_bordin_answers_given_under_version_1_are_scored_by_its_key(tmp_path):
    values = [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4]
    by, scores = saved_then_and_now(tmp_path, "bordin-teaching", values, values)
    # 1.0 had no reverse-keyed item: goal 5 + 2 + 4 + 1, task 4 + 1 + 3 + 5, bond 3 + 5 + 2 + 4
    assert by["then"] == {"goal": 12, "task": 13, "bond": 14, "total": 39}
    # 2.0 turns items 5 and 7 round (as in test_bordin_teaching_by_hand)
    assert by["now"] == {"goal": 10, "task": 17, "bond": 14, "total": 41}
    assert set(zip(scores["respondent"], scores["version"], strict=True)) == {
        ("then", "1.0"),
        ("now", "2.0"),
    }


def test_session_rating_answers_given_under_version_1_keep_its_lines_and_cutoff(tmp_path):
    by, scores = saved_then_and_now(
        tmp_path, "session-rating-teaching", [9.1, 8.7, 9.4, 8.8], [8.1, 7.9, 8.3, 7.7, 8.0]
    )
    assert by["then"] == pytest.approx(
        {"relationship": 9.1, "goals": 8.7, "approach": 9.4, "overall": 8.8, "total": 36.0}
    )
    assert by["now"] == pytest.approx(
        {"goal": 8.1, "task": 7.9, "bond": 8.3, "repair": 7.7, "teamwork": 8.0, "total": 40.0}
    )
    marked = al.apply_cutoffs(scores, "session-rating-teaching", comparison="<=")
    totals = marked[marked["scale"] == "total"].set_index("respondent")
    assert totals["cutoff"].to_dict() == {"then": 36, "now": 40}
    assert totals.loc["then", "meaning"] == "possible alliance problem"
    assert "illustrative" in totals.loc["now", "meaning"]
    assert totals["flagged"].tolist() == [True, True]


def test_bond_partnership_answers_given_under_version_1_are_scored_by_its_key(tmp_path):
    by, _ = saved_then_and_now(
        tmp_path, "bond-partnership-teaching", [6, 5, 2, 7, 4], [4, 3, 2, 1, 3, 2, 4, 1]
    )
    # 1.0: five 7-point items, item 3 reverse-keyed (8 - 2 = 6), one mean (6 + 5 + 6 + 7 + 4) / 5
    assert by["then"] == pytest.approx({"total": 5.6})
    assert by["now"] == pytest.approx({"bond": 3.0, "partnership": 2.5, "total": 2.75})


def test_wai_sr_by_hand():
    # goal 4, 6, 8, 11; task 1, 2, 10, 12; bond 3, 5, 7, 9 (Hatcher & Gillaspy, 2006)
    scores = al.score(answers([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]), "wai-sr")
    assert as_dict(scores) == {"goal": 9, "task": 10, "bond": 14, "total": 33}


def test_srs_by_hand_and_cutoff_boundary():
    scores = al.score(answers([9.1, 8.7, 9.4, 8.8]), "srs")
    assert as_dict(scores)["total"] == 36.0  # exactly, not 35.99999999999999
    below = al.apply_cutoffs(scores, "srs", comparison="<")
    at_or_below = al.apply_cutoffs(scores, "srs", comparison="<=")
    assert below.loc[below["scale"] == "total", "flagged"].tolist() == [False]
    assert at_or_below.loc[at_or_below["scale"] == "total", "flagged"].tolist() == [True]


def test_arm5_by_hand():
    # item 3 reverse-keyed: 2 -> 6; mean (7 + 6 + 6 + 5 + 6) / 5 = 6
    assert as_dict(al.score(answers([7, 6, 2, 5, 6]), "arm-5")) == {"total": 6.0}


def test_haq_ii_by_hand():
    values = [4] * 19
    values[3], values[7] = 1, 6
    # reverse-keyed on 1-6 (7 - x): item 4 1 -> 6, item 8 6 -> 1, items 11, 16, 19 4 -> 3;
    # the other 14 items stay 4: (14 * 4 + 6 + 1 + 3 * 3) / 19 = 72 / 19
    assert as_dict(al.score(answers(values), "haq-ii"))["total"] == pytest.approx(72 / 19)


def test_session_rating_cutoff_both_comparisons():
    scores = al.score(answers([8.1, 7.9, 8.3, 7.7, 8.0], pair=[1] * 5), "session-rating-teaching")
    assert as_dict(scores)["total"] == 40  # exactly, not 39.99999999999999
    for how, flagged in (("<", False), ("<=", True)):
        out = al.apply_cutoffs(scores, "session-rating-teaching", comparison=how)
        row = out[out["scale"] == "total"].iloc[0]
        assert (row["flagged"], row["cutoff"], row["comparison"]) == (flagged, 40, how)
        assert "illustrative" in row["meaning"] and "teaching choice" in row["meaning"]
    subscale_rows = out[out["scale"] != "total"]
    assert subscale_rows["flagged"].isna().all()


# --- missing data ------------------------------------------------------------------------------


def test_one_missing_item_is_prorated_absent_row_or_empty_cell():
    full = answers([5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4])
    as_nan = full.assign(response=full["response"].where(full["item"] != 10))
    absent = full[full["item"] != 10]
    for data in (as_nan, absent):
        scores = al.score(data, "bordin-teaching", notes=True).set_index("scale")
        # goal answered: items 1, 4, 7 -> 5, 2, 4 (reverse-keyed: 2); prorated (9 / 3) * 4
        assert scores.loc["goal", "score"] == pytest.approx(12)
        assert scores.loc["goal", "note"] == "1 of 4 items missing, prorated"
        assert scores.loc["total", "score"] == pytest.approx(12 + 17 + 14)


def test_two_missing_items_leave_the_subscale_and_total_empty_with_a_reason():
    data = answers([5, 4, 3, None, 1, 5, 4, 3, 2, None, 5, 4])
    scores = al.score(data, "bordin-teaching", notes=True).set_index("scale")
    assert np.isnan(scores.loc["goal", "score"]) and np.isnan(scores.loc["total", "score"])
    assert "2 of 4 items missing" in scores.loc["goal", "note"]
    assert "subscale could not be scored" in scores.loc["total", "note"]
    assert scores.loc["task", "score"] == 17  # the other subscales are still scored


def test_mean_rule_missing_items():
    # bond-partnership-teaching 2.0, bond = items 1, 3, 5 (reverse-keyed), 7
    one = al.score(answers([4, 3, None, 1, 2, 2, 3, 1]), "bond-partnership-teaching")
    one = one.set_index("scale")["score"]
    assert one["bond"] == pytest.approx((4 + 3 + 3) / 3)  # item 5: 2 -> 3
    # partnership (3 + 4 + 2 + 1) / 4 = 2.5 (item 4: 1 -> 4); the total weighs each half by its
    # number of items: (10 / 3 * 4 + 2.5 * 4) / 8
    assert one["partnership"] == 2.5
    assert one["total"] == pytest.approx((10 / 3 * 4 + 10) / 8)
    two = al.score(answers([4, 3, None, 1, None, 2, 3, 1]), "bond-partnership-teaching")
    two = two.set_index("scale")["score"]
    assert np.isnan(two["bond"]) and np.isnan(two["total"]) and two["partnership"] == 2.5
    arm = al.score(answers([6, None, None, 7, 4]), "arm-5")
    assert np.isnan(arm["score"].item())


def test_visual_analogue_form_needs_every_line():
    scores = al.score(answers([9, 9, None, 9, 9]), "session-rating-teaching").set_index("scale")
    assert np.isnan(scores.loc["bond", "score"]) and np.isnan(scores.loc["total", "score"])
    assert scores.loc["goal", "score"] == 9


def test_respondent_with_no_rows_for_a_subscale_gets_nan_not_zero():
    data = answers([5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4], client=1)
    data = data[~data["item"].isin([1, 4, 7, 10])]
    scores = al.score(data, "bordin-teaching").set_index("scale")
    assert np.isnan(scores.loc["goal", "score"])


# --- identifiers and shape ---------------------------------------------------------------------


def test_identifier_columns_are_carried_through():
    data = pd.concat(
        [
            answers([5] * 12, client="A", session=1),
            answers([1] * 12, client="B", session=2),
        ]
    )
    scores = al.score(data, "bordin-teaching")
    assert list(scores.columns) == ["client", "session", "instrument", "version", "scale", "score"]
    assert set(scores["instrument"]) == {"bordin-teaching"}
    assert set(scores["version"]) == {al.load_instrument("bordin-teaching").version}
    totals = scores[scores["scale"] == "total"].set_index("client")["score"]
    # items 5 and 7 are reverse-keyed: ten 5s and two 1s; ten 1s and two 5s
    assert totals.to_dict() == {"A": 52, "B": 20}


def test_score_does_not_change_its_input():
    data = answers([4, 3, 2, 1, 3, 2, 4, 1])
    copy = data.copy()
    al.score(data, "bond-partnership-teaching")
    pd.testing.assert_frame_equal(data, copy)


def test_a_large_table_scores_like_plain_pandas():
    # every respondent of a large table, not one spot check (speed: benchmarks/bench_scoring.py)
    n = 20_000
    rng = np.random.default_rng(3)
    data = pd.DataFrame(
        {
            "client": np.repeat(np.arange(n), 12),
            "item": np.tile(np.arange(1, 13), n),
            "response": rng.integers(1, 6, n * 12),
        }
    )
    scores = al.score(data, "bordin-teaching").set_index(["client", "scale"])["score"]
    instrument = al.load_instrument("bordin-teaching")
    assert instrument.rule == "sum"
    subscale = {item.number: item.subscale for item in instrument.items}
    reverse = [item.number for item in instrument.items if item.reverse]
    low, high = instrument.scale.min, instrument.scale.max
    keyed = data["response"].where(~data["item"].isin(reverse), low + high - data["response"])
    data = data.assign(keyed=keyed, scale=data["item"].map(subscale))
    by_hand = data.groupby(["client", "scale"])["keyed"].sum()
    totals = data.groupby("client")["keyed"].sum()
    assert len(scores) == n * 4
    assert scores.loc[by_hand.index].to_numpy() == pytest.approx(by_hand.to_numpy())
    assert scores.xs("total", level="scale").to_numpy() == pytest.approx(totals.to_numpy())


# --- property tests ----------------------------------------------------------------------------


@st.composite
def complete_answers(draw):
    inst = al.load_instrument(draw(st.sampled_from(INSTRUMENTS)))
    n_resp = draw(st.integers(1, 4))
    s = inst.scale
    if s.kind == "likert":
        point = st.integers(int(s.min), int(s.max)).map(float)
    else:
        point = st.integers(0, 100).map(lambda v: v / 10)
    values = draw(st.lists(point, min_size=n_resp * len(inst.items), max_size=n_resp * 4 * 20))
    values = values[: n_resp * len(inst.items)]
    data = pd.DataFrame(
        {
            "client": np.repeat(np.arange(n_resp), len(inst.items)),
            "item": np.tile(np.arange(1, len(inst.items) + 1), n_resp),
            "response": values,
        }
    )
    return inst, data


@settings(max_examples=60, deadline=None)
@given(complete_answers())
def test_every_score_lies_within_its_range(case):
    inst, data = case
    scores = al.score(data, inst)
    for scale, group in scores.groupby("scale"):
        low, high = inst.scale_range(scale)
        assert group["score"].between(low, high).all()


@settings(max_examples=60, deadline=None)
@given(complete_answers())
def test_reverse_keying_twice_is_identity(case):
    inst, data = case
    twice = al.reverse_key(al.reverse_key(data, inst), inst)
    np.testing.assert_allclose(twice["response"], data["response"])


@settings(max_examples=40, deadline=None)
# (pandas' string dtype does not compare "\x00" equal to itself, so labels are printable)
@given(
    complete_answers(),
    st.text(st.characters(codec="utf-8", min_codepoint=32), min_size=1, max_size=5),
    st.integers(),
)
def test_adding_identifier_columns_never_changes_scores(case, label, number):
    inst, data = case
    plain = al.score(data, inst)
    extra = al.score(data.assign(course=label, cohort=number), inst)
    np.testing.assert_array_equal(plain["score"].to_numpy(), extra["score"].to_numpy())
    assert (extra["course"] == label).all()


@settings(max_examples=40, deadline=None)
@given(complete_answers(), st.randoms(use_true_random=False))
def test_permuting_rows_never_changes_scores(case, random):
    inst, data = case
    order = list(range(len(data)))
    random.shuffle(order)
    shuffled = al.score(data.iloc[order], inst)
    plain = al.score(data, inst)
    key = ["client", "scale"]
    pd.testing.assert_frame_equal(
        shuffled.sort_values(key).reset_index(drop=True),
        plain.sort_values(key).reset_index(drop=True),
    )


# --- bad input, one at a time ------------------------------------------------------------------


def test_response_outside_the_scale():
    data = answers([5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4], client="A")
    data.loc[6, "response"] = 6
    with pytest.raises(ValueError) as err:
        al.score(data, "bordin-teaching")
    message = str(err.value)
    assert message.startswith(
        "response (row 6, client='A', item 7) must be on the scale of bordin-teaching: "
        "a whole number from 1 to 5 (1 = never,"
    )
    assert message.endswith(
        "5 = always); got 6. Correct that cell, or check that these answers belong to "
        "bordin-teaching."
    )


def test_response_outside_a_visual_analogue_line():
    with pytest.raises(ValueError, match=r"item 2\) must be on .* from 0 to 10 .*; got 10.5\."):
        al.score(answers([9, 10.5, 9, 9]), "session-rating-teaching")


def test_half_point_on_a_likert_scale():
    with pytest.raises(ValueError, match=r"item 1\) must be .*a whole number .*; got 2.5\."):
        al.score(answers([2.5, 4, 3, 2, 1]), "bond-partnership-teaching")


def test_unknown_item_number():
    data = pd.DataFrame({"client": [1, 1], "item": [1, 13], "response": [3, 3]})
    with pytest.raises(ValueError) as err:
        al.score(data, "bordin-teaching")
    assert str(err.value) == (
        "item (row 1, client=1) must be an item number of bordin-teaching: a whole number "
        "from 1 to 12; got 13. Correct that row, or check that these answers belong to "
        "bordin-teaching."
    )


def test_duplicated_item_for_the_same_respondent():
    data = pd.DataFrame({"client": [1, 1, 2], "item": [4, 4, 4], "response": [3, 5, 2]})
    with pytest.raises(ValueError) as err:
        al.score(data, "bordin-teaching")
    message = str(err.value)
    assert message.startswith(
        "item 4 (rows 0 and 1) must be answered once per respondent; got two answers from the "
        "same respondent (client=1)."
    )
    assert "one answer per item" in message


def test_non_numeric_response():
    data = answers(["4", "often", 3, 2, 1])
    with pytest.raises(ValueError) as err:
        al.score(data, "arm-5")
    message = str(err.value)
    assert message.startswith("response (row 1, item 2) must be a whole number from 1 to 7")
    assert message.endswith(
        "or an empty cell for a missing answer; got 'often'. Correct that cell; leave it empty "
        "if the answer is missing."
    )


def test_unknown_instrument_id():
    with pytest.raises(ValueError) as err:
        al.score(answers([3] * 12), "wai-s")
    assert str(err.value).startswith("instrument must be one of 'arm-5', ")
    assert str(err.value).endswith("; got 'wai-s'. Did you mean 'wai-sr'?")


def test_missing_columns_and_wrong_type():
    with pytest.raises(
        ValueError, match=r"got a table with columns \['item', 'answer'\] \(missing"
    ):
        al.score(pd.DataFrame({"item": [1], "answer": [3]}), "arm-5")
    with pytest.raises(ValueError, match="must be a table"):
        al.score([1, 2, 3], "arm-5")
    with pytest.raises(ValueError, match="got a column named 'score'. Rename it"):
        al.score(answers([3] * 5, score=1), "arm-5")


def test_bad_comparison_for_a_cutoff():
    scores = al.score(answers([9, 9, 9, 9]), "srs")
    with pytest.raises(
        ValueError,
        match=r"comparison \(for the total cutoff of srs\) must be one of '<', '<='; got '=<'",
    ):  # noqa: E501
        al.apply_cutoffs(scores, "srs", comparison="=<")
    with pytest.raises(ValueError, match="has no cutoff"):
        al.apply_cutoffs(al.score(answers([4] * 5), "arm-5"), "arm-5", comparison="<")


# --- scores know their instrument and version ------------------------------------------------


def test_mixed_saved_forms_are_each_scored_by_their_own_key():
    bordin = answers([5, 4, 3, 5, 4, 3, 5, 4, 3, 5, 4, 3], client="A", instrument="bordin-teaching")
    arm = answers([6, 5, 2, 7, 4], client="B", instrument="arm-5")
    scores = al.score(pd.concat([bordin, arm], ignore_index=True))
    by_hand = {
        ("A", "bordin-teaching", "total"): al.score(bordin, "bordin-teaching")["score"].iloc[-1],
        ("B", "arm-5", "total"): (6 + 5 + (8 - 2) + 7 + 4) / 5,  # item 3 reverse-keyed
    }
    got = scores.set_index(["client", "instrument", "scale"])["score"]
    for key, value in by_hand.items():
        assert got[key] == pytest.approx(value)
    assert set(scores.loc[scores["client"] == "B", "scale"]) == {"total"}


def test_naming_one_instrument_refuses_rows_of_another():
    data = answers([3] * 12, client="A", instrument="wai-sr")
    with pytest.raises(ValueError) as err:
        al.score(data, "bordin-teaching")
    message = str(err.value)
    assert message.startswith(
        "the instrument of every row of responses must be 'bordin-teaching', the instrument you "
        "named; got 'wai-sr' in row 0 (12 rows of 'wai-sr')."
    )
    assert "Leave the instrument out to score each form by its own key" in message


def test_without_an_instrument_or_an_instrument_column_score_asks_for_one():
    with pytest.raises(ValueError) as err:
        al.score(answers([3] * 12))
    assert str(err.value).startswith(
        "instrument must be an id from al.list_instruments(), or an 'instrument' column in the "
        "table; got neither"
    )


def test_an_empty_instrument_cell_is_refused():
    data = answers([3] * 12, instrument="bordin-teaching")
    data.loc[3, "instrument"] = None
    with pytest.raises(ValueError, match=r"the instrument column of responses \(row 3\) must be"):
        al.score(data)


def test_saved_answers_are_scored_by_the_version_they_were_given_under(monkeypatch, tmp_path):
    # A made-up older version of the Bordin form that differs in one thing: item 1 (a goal
    # item) was reverse-keyed then.
    from alliance_lab.instruments import definition

    current = al.load_instrument("bordin-teaching")
    assert not current.items[0].reverse and current.items[0].subscale == "goal"
    text = definition._files()["bordin-teaching"].read_text(encoding="utf-8")
    old = text.replace(f'version: "{current.version}"', 'version: "0.5"', 1)
    old = old.replace("reverse: false", "reverse: true", 1)
    path = tmp_path / "bordin-teaching@0.5.yaml"
    path.write_text(old, encoding="utf-8")
    archive = {**definition._archive(), ("bordin-teaching", "0.5"): path}
    monkeypatch.setattr(definition, "_archive", lambda: archive)
    definition._load_archived.cache_clear()
    try:
        values = [5, 4, 3, 5, 4, 3, 5, 4, 3, 5, 4, 3]
        now = answers(values, client="A", instrument="bordin-teaching", version=current.version)
        then = answers(values, client="B", instrument="bordin-teaching", version="0.5")
        scores = al.score(pd.concat([now, then], ignore_index=True), "bordin-teaching")
        goal = scores[scores["scale"] == "goal"].set_index("client")
        plain = al.score(answers(values), "bordin-teaching")  # no version column: current key
        assert goal.loc["A", "score"] == plain.loc[plain["scale"] == "goal", "score"].item()
        # item 1 answered 5 counts 5 now, (1 + 5) - 5 = 1 under version 0.5: 4 points less
        assert goal.loc["B", "score"] == goal.loc["A", "score"] - 4
        assert goal.loc["B", "version"] == "0.5"
        unknown = answers(values, instrument="bordin-teaching", version="7.3")
        with pytest.raises(ValueError, match=r"the version of bordin-teaching .* got '7.3'"):
            al.score(unknown)
    finally:
        definition._load_archived.cache_clear()


def test_apply_cutoffs_refuses_another_instruments_scores():
    bordin = al.score(answers([4] * 12), "bordin-teaching")
    with pytest.raises(ValueError) as err:
        al.apply_cutoffs(bordin, "srs")
    assert str(err.value).startswith(
        "the instrument of every row of scores must be 'srs', the instrument you named; got "
        "'bordin-teaching'"
    )
    # without the instrument column (a hand-made table) the scales and ranges still tell
    bare = bordin[["scale", "score"]]
    with pytest.raises(ValueError, match="the scale of row 0 of scores must be one of the scales"):
        al.apply_cutoffs(bare, "srs")
    total = bare[bare["scale"] == "total"]
    shown = f"{total['score'].item():g}"
    with pytest.raises(ValueError, match=rf"within what srs can give, 0 to 40; got {shown}\."):
        al.apply_cutoffs(total, "srs")


@pytest.mark.parametrize("value, shown", [(1000.0, "1000"), (np.inf, "inf"), (-1.0, "-1")])
def test_apply_cutoffs_refuses_impossible_scores(value, shown):
    scores = pd.DataFrame({"scale": ["total", "total"], "score": [30.0, value]})
    with pytest.raises(ValueError) as err:
        al.apply_cutoffs(scores, "srs")
    message = str(err.value)
    assert f"got {shown}" in message
    assert message.startswith("the total score (row 1)") or message.startswith("score (row 1)")


def test_apply_cutoffs_uses_the_instrument_column_and_refuses_text_scores():
    scores = al.score(answers([9, 9, 9, 8]), "srs")
    flagged = al.apply_cutoffs(scores)  # no instrument named: the column says srs
    total = flagged[flagged["scale"] == "total"].iloc[0]
    assert (total["score"], total["cutoff"], bool(total["flagged"])) == (35, 36, True)
    text = pd.DataFrame({"scale": ["total"], "score": ["high"]})
    with pytest.raises(ValueError, match=r"score \(row 0\) must be a finite number"):
        al.apply_cutoffs(text, "srs")


def test_apply_cutoffs_twice_is_refused():
    once = al.apply_cutoffs(al.score(answers([9, 9, 9, 8]), "srs"))
    with pytest.raises(ValueError, match="already has 'cutoff'"):
        al.apply_cutoffs(once)


@pytest.mark.parametrize("column", ["note", "cutoff", "comparison", "flagged", "meaning", "scale"])
def test_identifier_columns_the_scores_table_uses_are_refused(column):
    data = answers([9, 9, 9, 8], **{column: "x"})
    with pytest.raises(ValueError) as err:
        al.score(data, "srs")
    assert f"got a column named {column!r}. Rename it" in str(err.value)


@pytest.mark.parametrize(
    "bad, shown", [(True, "True"), (1 + 2j, "(1+2j)"), (np.inf, "inf"), ("", None)]
)
def test_odd_responses_are_refused(bad, shown):
    data = answers([3] * 5)
    data["response"] = data["response"].astype(object)
    data.loc[2, "response"] = bad
    if shown is None:  # an empty cell is a missing answer, prorated
        assert al.score(data, "arm-5")["score"].iloc[0] == 3
        return
    with pytest.raises(ValueError) as err:
        al.score(data, "arm-5")
    assert f"; got {shown}." in str(err.value)


def test_a_whole_true_false_column_is_refused():
    data = pd.DataFrame({"item": [1, 2, 3, 4, 5], "response": [True] * 5})
    with pytest.raises(ValueError, match="got True"):
        al.score(data, "arm-5")
    items = pd.DataFrame({"item": [True, 2, 3, 4, 5], "response": [3] * 5})
    with pytest.raises(ValueError, match=r"item \(row 0\) must be an item number"):
        al.score(items, "arm-5")


def test_describe_scores_refuses_other_instruments_and_several_forms():
    scores = al.score(answers([9, 9, 9, 8]), "srs")
    with pytest.raises(ValueError, match="must be 'session-rating-teaching'"):
        al.describe_scores(scores, "session-rating-teaching")
    two = pd.concat([scores, scores], ignore_index=True)
    with pytest.raises(ValueError, match="scores must be the scores of one form"):
        al.describe_scores(two)
    assert "total 35 of 40" in al.describe_scores(scores)


def test_reverse_key_uses_each_rows_own_form_and_keeps_the_row_order():
    arm = answers([6, 5, 2, 7, 4], instrument="arm-5")
    srs = answers([9, 8, 7, 6], instrument="srs")
    mixed = pd.concat([arm.iloc[:2], srs, arm.iloc[2:]], ignore_index=True)
    flipped = al.reverse_key(mixed)
    assert flipped["response"].tolist() == [6, 5, 9, 8, 7, 6, 8 - 2, 7, 4]  # ARM-5 item 3
    with pytest.raises(ValueError, match="must be 'arm-5', the instrument you named; got 'srs'"):
        al.reverse_key(mixed, "arm-5")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"n_pairs": float("inf")}, "n_pairs must be a whole number from 1 to 100,000; got inf"),
        ({"n_pairs": "3"}, "n_pairs must be a whole number from 1 to 100,000; got '3'"),
        (
            {"mean_alliance": float("nan"), "perspectives": ["client"]},
            "mean_alliance must be a number from -5 .*nan",
        ),
        ({"perspectives": "observer"}, "each of perspectives .for srs. must be one of 'client'"),
    ],
)
def test_example_responses_refuse_what_they_cannot_simulate(changes, message):
    with pytest.raises(ValueError, match=message):
        al.example_responses("srs", **changes)


def test_the_cutoff_mismatch_message_speaks_of_scores_not_of_scoring():
    bordin = al.score(answers([4] * 12), "bordin-teaching")
    with pytest.raises(ValueError) as err:
        al.apply_cutoffs(bordin, "srs")
    assert "The cutoffs and ranges of srs say nothing about another form's scores." in str(
        err.value
    )
