"""Simulated students rating a role-play: chairs, ranges, seeds and the chair shifts."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

import alliance_lab as al
from alliance_lab.simulation.measurement import LIKERT_SPREAD, item_components
from alliance_lab.simulation.raters import CHAIR_SHIFT, RATER_SPREAD, simulate_raters

TEACHING = [
    i
    for i in al.list_instruments()["id"]
    if al.load_instrument(i).teaching and al.load_instrument(i).measures == "alliance"
]


def test_there_are_teaching_instruments():
    assert {"bordin-teaching", "session-rating-teaching"} <= set(TEACHING)
    assert "outcome-teaching" not in TEACHING


def test_outcome_forms_are_refused_with_a_plain_message():
    with pytest.raises(ValueError, match="measures outcome. Choose an alliance form"):
        simulate_raters("outcome-teaching", n_raters=5, seed=1)


@pytest.mark.parametrize("instrument", TEACHING)
@pytest.mark.parametrize("groups", [None, 4])
def test_answers_are_on_the_scale_and_score(instrument, groups):
    inst = al.load_instrument(instrument)
    data = simulate_raters(instrument, n_raters=40, n_groups=groups, round=2, seed=3)
    assert list(data.columns) == ["round", "group", "perspective", "respondent", "item", "response"]
    assert len(data) == 40 * len(inst.items)
    assert data["response"].between(inst.scale.min, inst.scale.max).all()
    if inst.scale.kind == "likert":
        assert (data["response"] == data["response"].round()).all()
    else:
        assert np.allclose(data["response"] * 10, (data["response"] * 10).round())
    assert (data["round"] == 2).all()
    assert data.groupby("respondent")["item"].apply(sorted).map(len).eq(len(inst.items)).all()
    scores = al.score(data, instrument)
    assert scores["score"].notna().all()
    assert len(scores) == 40 * len(inst.scales)


@pytest.mark.parametrize("instrument", TEACHING)
def test_chairs_are_those_the_instrument_has_wording_for(instrument):
    inst = al.load_instrument(instrument)
    for groups in (None, 3):
        data = simulate_raters(instrument, n_raters=12, n_groups=groups, seed=1)
        assert set(data["perspective"]) <= set(inst.perspectives)
        if "therapist" in inst.perspectives:
            assert data.drop_duplicates("respondent")["perspective"].eq("therapist").sum() == (
                groups or 1
            )


def test_whole_hall_has_one_client_one_therapist_and_observers():
    data = simulate_raters("bordin-teaching", n_raters=30, seed=1)
    chairs = data.drop_duplicates("respondent")["perspective"].value_counts().to_dict()
    assert chairs == {"client": 1, "therapist": 1, "observer": 28}
    assert data["group"].isna().all()
    assert all(value is None for value in data["group"])


@pytest.mark.parametrize(("n_raters", "groups"), [(30, 10), (31, 10), (47, 12)])
def test_triads_have_one_of_each_chair(n_raters, groups):
    data = simulate_raters("bordin-teaching", n_raters=n_raters, n_groups=groups, seed=1)
    people = data.drop_duplicates("respondent")
    assert sorted(people["group"].unique()) == list(range(1, groups + 1))
    per_group = people.groupby("group")["perspective"].value_counts().unstack(fill_value=0)
    assert (per_group["client"] == 1).all() and (per_group["therapist"] == 1).all()
    assert (per_group["observer"] >= 1).all()
    sizes = people.groupby("group").size()
    assert sizes.max() - sizes.min() <= 1
    assert people["respondent"].tolist() == list(range(1, n_raters + 1))


def test_same_seed_same_answers_other_seed_or_round_other_answers():
    a = simulate_raters("bordin-teaching", n_raters=20, n_groups=3, seed=5)
    b = simulate_raters("bordin-teaching", n_raters=20, n_groups=3, seed=5)
    pd.testing.assert_frame_equal(a, b)
    c = simulate_raters("bordin-teaching", n_raters=20, n_groups=3, seed=6)
    d = simulate_raters("bordin-teaching", n_raters=20, n_groups=3, seed=5, round=2)
    assert not a["response"].equals(c["response"])
    assert not a["response"].equals(d["response"])


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"n_raters": 1}, "at least 2 students"),
        ({"n_raters": 8, "n_groups": 3}, "3 triads need at least 9 students"),
        ({"n_raters": 2.5}, "n_raters must be a whole number"),
        ({"n_raters": 9, "n_groups": 0}, "n_groups must be a whole number of at least 1 or None"),
        ({"n_raters": 9, "round": 0}, "round must be a whole number of at least 1"),
    ],
)
def test_bad_input_says_what_is_allowed(kwargs, words):
    with pytest.raises(ValueError, match=words):
        simulate_raters("bordin-teaching", **kwargs)


ALLIANCE = [i for i in al.list_instruments()["id"] if al.load_instrument(i).measures == "alliance"]


@pytest.mark.parametrize("instrument", ALLIANCE)
def test_the_session_rating_form_and_only_it_gets_the_session_rating_ceiling(
    instrument, monkeypatch
):
    from alliance_lab.simulation import raters

    real, ceilings = raters.simulate_answers, []

    def spy(*args, ceiling, **kwargs):
        ceilings.append(ceiling)
        return real(*args, ceiling=ceiling, **kwargs)

    monkeypatch.setattr(raters, "simulate_answers", spy)
    inst = al.load_instrument(instrument)
    simulate_raters(inst, n_raters=3, seed=1)
    # the definition decides, not the id: the same form with the mark turned over
    simulate_raters(replace(inst, session_rating=not inst.session_rating), n_raters=3, seed=1)
    session, other = al.Scenario().session_rating_ceiling, al.Scenario().ceiling
    assert ceilings == ([session, other] if inst.session_rating else [other, session])


def _expected_mean_answer(shift, inst, ceiling, noise):
    """E[answer] of a non-reversed Likert item, by hand from the normal distribution.

    The latent value of one answer is normal with mean ``shift`` and variance
    target (1 / rho: shared 1 plus the component's own (1 - rho) / rho) + rater spread²
    + answer noise²; it is placed on the scale, rounded and cut at both ends.
    """
    rho = al.Scenario().component_correlation
    sd = np.sqrt(1 / rho + RATER_SPREAD**2 + noise**2)
    low, high = inst.scale.min, inst.scale.max
    spread = (high - low) * LIKERT_SPREAD
    where = low + ceiling * (high - low)
    mean = 0.0
    for value in range(low, high + 1):
        # the answer is `value` when the unrounded position lies within half a point of it
        lo = -np.inf if value == low else (value - 0.5 - where) / spread
        hi = np.inf if value == high else (value + 0.5 - where) / spread
        mean += value * (norm.cdf(hi, shift, sd) - norm.cdf(lo, shift, sd))
    return mean


def test_chair_means_follow_the_answer_model_in_a_large_class():
    """21,000 students in 7,000 triads: each chair's mean answer matches the hand value."""
    inst = al.load_instrument("bordin-teaching")
    clinic = al.Scenario()
    forward = [
        item.number
        for item, part in zip(inst.items, item_components(inst), strict=True)
        if not item.reverse and part >= 0
    ]
    for seed in (11, 12):
        data = simulate_raters(inst, n_raters=21_000, n_groups=7_000, seed=seed)
        data = data[data["item"].isin(forward)]
        means = data.groupby("perspective")["response"].mean()
        for chair, shift in CHAIR_SHIFT.items():
            expected = _expected_mean_answer(shift, inst, clinic.ceiling, clinic.answer_noise)
            # standard error of a chair mean: 7,000 raters, answers correlated within a rater
            assert means[chair] == pytest.approx(expected, abs=0.03), chair
        assert means["therapist"] < means["observer"] < means["client"]


def test_raters_of_one_target_agree_more_than_raters_of_different_targets():
    """The target is shared: two observers of one triad correlate, of different triads not."""
    data = simulate_raters("bordin-teaching", n_raters=20_000, n_groups=5_000, seed=4)
    totals = al.score(data, "bordin-teaching").query("scale == 'total'")
    observers = totals[totals["perspective"] == "observer"].groupby("group")["score"].agg(list)
    pairs = np.array([v[:2] for v in observers if len(v) >= 2])
    same = np.corrcoef(pairs[:, 0], pairs[:, 1])[0, 1]
    other = np.corrcoef(pairs[:, 0], np.roll(pairs[:, 1], 1))[0, 1]
    assert len(pairs) == 5_000
    assert same > 0.4
    assert abs(other) < 0.05
