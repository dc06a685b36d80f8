"""simulate(): table shapes, consistency with al.score, determinism, mechanics."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.instruments.definition import session_rating_form

SMALL = al.Scenario(n_clients=400, n_therapists=20, seed=11)


@pytest.fixture(scope="module")
def small():
    return al.simulate(SMALL)


def test_tables_have_the_agreed_columns(small):
    assert {
        "client",
        "therapist",
        "pattern",
        "sessions_attended",
        "dropped_out",
        "rupture",
        "repaired",
        "outcome",
    } <= set(small.clients.columns)
    assert {
        "client",
        "therapist",
        "session",
        "goal",
        "task",
        "bond",
        "alliance",
        "session_rating",
        "missed",
        "late_cancel",
        "disengagement",
        "confrontation",
    } <= set(small.sessions.columns)
    assert list(small.responses.columns) == ["client", "session", "item", "response"]
    for marker in ("missed", "late_cancel", "disengagement", "confrontation"):
        assert small.sessions[marker].dtype == bool
    assert small.scenario is SMALL


def test_tables_agree_with_each_other(small):
    c, s = small.clients, small.sessions
    counts = s.groupby("client").size()
    assert (counts.to_numpy() == c["sessions_attended"].to_numpy()).all()
    assert (s.groupby("client")["session"].max().to_numpy() == counts.to_numpy()).all()
    assert c["dropped_out"].equals(c["sessions_attended"] < SMALL.planned_sessions)
    assert not (c["repaired"] & ~c["rupture"]).any()
    assert set(c["therapist"]) == set(range(1, 21))
    assert c["outcome"].to_numpy() == pytest.approx(
        (c["intake_symptoms"] - c["final_symptoms"]).to_numpy()
    )
    last = s.sort_values("session").groupby("client")["symptoms"].last()
    assert last.to_numpy() == pytest.approx(c["final_symptoms"].to_numpy())


def test_alliance_is_the_instrument_total_as_al_score_computes_it(small):
    scores = al.score(small.responses, al.load_instrument("bordin-teaching"))
    total = scores[scores["scale"] == "total"].set_index(["client", "session"])["score"]
    mine = small.sessions.set_index(["client", "session"])["alliance"]
    assert (total.loc[mine.index].to_numpy() == mine.to_numpy()).all()
    assert small.responses["response"].between(1, 5).all()
    assert small.sessions["alliance"].between(12, 60).all()


def test_session_rating_instrument_gives_lines_and_totals():
    result = al.simulate(al.Scenario.preset("session_rating", n_clients=100, n_therapists=10))
    inst = al.load_instrument("srs")
    scores = al.score(result.responses, inst)
    total = scores[scores["scale"] == "total"].set_index(["client", "session"])["score"]
    mine = result.sessions.set_index(["client", "session"])["alliance"]
    assert (total.loc[mine.index].to_numpy() == mine.to_numpy()).all()
    assert result.sessions["alliance"].equals(result.sessions["session_rating"])
    lines = result.responses["response"]
    assert lines.between(0, 10).all() and np.allclose(lines * 10, np.round(lines * 10))


def test_the_session_rating_form_piles_up_alike_whether_chosen_or_drawn_for_its_column():
    """Chosen as the clinic's form (the preset), the session rating form sits at its own
    ceiling, so its ratings pile up at the top as the default clinic's column does."""
    for seed in (1, 2):
        chosen = al.simulate(al.Scenario.preset("session_rating", n_clients=20_000, seed=seed))
        column = al.simulate(al.Scenario(n_clients=20_000, seed=seed))
        below = [(r.sessions["session_rating"] < 36).mean() for r in (chosen, column)]
        assert below[0] == pytest.approx(below[1], abs=0.02), below
        assert 0.10 < below[0] < 0.30  # not half of all sessions, as with the lower ceiling


def test_clients_who_mask_mark_the_top_of_the_session_rating_form_only():
    """Masking belongs to the form marked session_rating in its file, whichever form is chosen."""
    top = session_rating_form().scale_range("total")[1]
    masking = {"n_clients": 200, "n_therapists": 10, "masked_share": 1.0}
    chosen = al.simulate(al.Scenario(instrument=session_rating_form().id, **masking)).sessions
    assert (chosen["alliance"] == top).all()
    teaching = al.load_instrument("session-rating-teaching")
    other = al.simulate(al.Scenario(instrument=teaching.id, **masking)).sessions
    assert (other["session_rating"] == top).all()
    assert (other["alliance"] < teaching.scale_range("total")[1]).mean() > 0.5


def test_early_alliance_matches_plain_pandas(small):
    s = small.sessions
    by_hand = s[s["session"] <= 3].groupby("client")["alliance"].mean()
    assert al.early_alliance(s).to_numpy() == pytest.approx(by_hand.to_numpy())
    assert small.clients["early_alliance"].to_numpy() == pytest.approx(by_hand.to_numpy())


def test_same_seed_same_tables_different_seed_different_tables(small):
    again = al.simulate(SMALL)
    for name in ("clients", "sessions", "responses"):
        pd.testing.assert_frame_equal(getattr(small, name), getattr(again, name))
    other = al.simulate(al.Scenario(n_clients=400, n_therapists=20, seed=12))
    assert not small.sessions["alliance"].head(200).equals(other.sessions["alliance"].head(200))


def test_results_do_not_depend_on_what_was_simulated_before(small):
    al.simulate(al.Scenario(n_clients=3000, seed=99))
    np.random.seed(5)  # noqa: NPY002 - the global numpy state must not matter either
    later = al.simulate(SMALL)
    pd.testing.assert_frame_equal(small.sessions, later.sessions)


def test_components_correlate_as_set():
    result = al.simulate(al.Scenario(n_clients=3000, component_correlation=0.5, seed=3))
    r = result.sessions[["goal", "task", "bond"]].corr().to_numpy()[np.triu_indices(3, 1)]
    # latent alliance variance is 1 plus the pattern shifts, so slightly above the setting
    assert r == pytest.approx([0.55] * 3, abs=0.05)


def test_strain_markers_are_more_likely_when_the_alliance_is_weak():
    result = al.simulate(al.Scenario(n_clients=4000, seed=4))
    s = result.sessions
    weak = s["alliance"] < s["alliance"].median()
    for marker in ("missed", "late_cancel", "disengagement", "confrontation"):
        assert s.loc[weak, marker].mean() > 1.3 * s.loc[~weak, marker].mean()


def test_simulate_rejects_non_scenarios():
    with pytest.raises(ValueError, match="scenario must be an al.Scenario"):
        al.simulate({"n_clients": 5})


@pytest.mark.parametrize("instrument", ["arm-5", "bond-partnership-teaching", "haq-ii", "wai-sr"])
def test_every_instrument_scores_exactly_as_al_score(instrument):
    result = al.simulate(al.Scenario(n_clients=100, n_therapists=10, instrument=instrument))
    inst = al.load_instrument(instrument)
    scores = al.score(result.responses, inst)
    total = scores[scores["scale"] == "total"].set_index(["client", "session"])["score"]
    mine = result.sessions.set_index(["client", "session"])["alliance"]
    assert (total.loc[mine.index].to_numpy() == mine.to_numpy()).all()
    assert result.responses["response"].between(inst.scale.min, inst.scale.max).all()


def test_the_outcome_rating_has_the_form_s_reliability_and_range():
    # the outcome teaching form states a reliability of .90: at the first session the share of
    # the rating's variance that is true well-being (known only in a simulation) must be near it
    result = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=11))
    sessions = result.sessions
    form = al.load_instrument("outcome-teaching")
    assert sessions["outcome_rating"].between(*form.scale_range("total")).all()
    first = sessions[sessions["session"] == 1]
    # the true total the lines are centred on: 6 lines x (4.5 + 1.5 x well-being), where
    # well-being at intake (symptom level plus the week's swing) is in its own standard deviations
    from alliance_lab.simulation.outcome_rating import INTAKE_LEVEL, LINE_SPREAD

    clients = result.clients.set_index("client")
    ratings = first.set_index("client")["outcome_rating"]
    swing = result.scenario.weekly_fluctuation
    assert swing > 0
    # the week's swing is in the rating, not in the symptom measure
    r_symptoms = np.corrcoef(first["outcome_rating"], first["symptoms"])[0, 1]
    expected_r = -np.sqrt(0.9 / (1 + swing**2)) / np.sqrt(1 + result.scenario.symptom_noise**2)
    assert r_symptoms == pytest.approx(expected_r, abs=0.02)
    true_sd = 6 * LINE_SPREAD
    reliability = true_sd**2 / ratings.var()
    assert reliability == pytest.approx(form.reliability.value, abs=0.02)
    assert ratings.mean() == pytest.approx(6 * 10 * INTAKE_LEVEL, abs=1.0)
    # the truth behind it: poor_outcome is a true improvement below the reliable-change yardstick
    from alliance_lab.simulation.outcome_rating import reliable_improvement

    expected = clients["true_improvement"] < reliable_improvement(form)
    assert (clients["poor_outcome"] == expected).all()
    assert 0 < clients["poor_outcome"].mean() < 1
    problems = sessions.groupby("client")["problem"].any()
    assert (clients["alliance_problem"] == problems.reindex(clients.index)).all()


def test_the_week_s_swing_moves_only_the_outcome_rating():
    # the truth and every other measure are those of the clinic without the swing
    swing = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=8))
    still = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=8, weekly_fluctuation=0))
    assert swing.scenario.weekly_fluctuation > 0
    pd.testing.assert_frame_equal(swing.clients, still.clients)
    pd.testing.assert_frame_equal(swing.responses, still.responses)
    others = swing.sessions.columns.drop("outcome_rating")
    pd.testing.assert_frame_equal(swing.sessions[others], still.sessions[others])
    differ = swing.sessions["outcome_rating"] != still.sessions["outcome_rating"]
    assert differ.mean() > 0.9
