"""The explorers of notebooks 06-08 without a browser: a control changes the scenario, the
chart and the sentence, and the sentence's numbers match a direct computation."""

import pytest

from alliance_lab.analysis.feedback import monitor
from alliance_lab.analysis.ruptures import detect_ruptures
from alliance_lab.simulation import Scenario, simulate
from alliance_lab.widgets.practice_explorers import (
    feedback_explorer,
    rupture_explorer,
    split_explorer,
)


@pytest.fixture(scope="module")
def clinic():
    return simulate(Scenario(n_clients=150, n_therapists=15, seed=11))


def test_feedback_explorer_cutoff_moves_metrics(clinic):
    ex = feedback_explorer(clinic.sessions)
    before_spec, before_sentence = ex.chart.to_dict(), ex.sentence
    ex.controls["cutoff"].value = 30
    assert ex.scenario.cutoff == 30
    assert ex.chart.to_dict() != before_spec and ex.sentence != before_sentence
    expected = monitor(clinic.sessions, cutoff=30).metrics
    assert f"catch {expected.sensitivity:.0%}" in ex.sentence
    assert f"{expected.ppv:.0%} of alerts" in ex.sentence
    assert f"{expected.alerts_per_therapist_week:.1f} alerts a week" in ex.sentence


def test_feedback_explorer_base_rate_keeps_the_truth(clinic):
    ex = feedback_explorer(clinic.sessions)
    before = ex.result.flags["problem"].copy()
    ex.controls["problem_share"].value = 0.4
    assert "where 40% of sessions have one" in ex.sentence
    # what counts as a real problem is the simulation's, whatever the base rate
    assert ex.result.flags["problem"].equals(before)
    assert (ex.result.scored["problem"].mean()) == pytest.approx(0.4, abs=0.005)


def test_feedback_explorer_comparison_and_drop(clinic):
    ex = feedback_explorer(clinic.sessions)
    ex.controls["drop"].value = 1
    assert "fell by 1 point" in ex.sentence
    ex.controls["comparison"].value = "<="
    assert "at or below 36" in ex.sentence


def _by_hand(clinic, drop):
    """Flagged, repaired and the repaired clients' mean outcome, from the detection table."""
    found = detect_ruptures(clinic.sessions, drop=drop, window=3, repair_within=3).clients
    found = found.merge(clinic.clients[["client", "outcome"]], on="client")
    flagged = found[found["rupture"]]
    repaired = flagged[flagged["repaired"].fillna(False).astype(bool)]
    seen = flagged[flagged["repair_seen"].astype(bool)]
    return len(flagged), len(repaired), repaired["outcome"].mean(), len(seen)


def test_rupture_explorer_sentence_matches_the_detection(clinic):
    ex = rupture_explorer(clinic)
    for drop in (3, 8):
        ex.controls["drop"].value = drop
        flagged, repaired, outcome, seen = _by_hand(clinic, drop)
        assert ex.scenario.drop == drop and f"{drop} points or more" in ex.sentence
        assert f"({flagged} of 150) have at least one rupture" in ex.sentence
        assert f"repair window could be seen, {repaired / seen:.0%} are repaired" in ex.sentence
        left = flagged - seen
        assert f"{left} client{'' if left == 1 else 's'} left before a repair" in ex.sentence
        assert f"repaired rupture (n = {repaired}) improved by {outcome:.2f}" in ex.sentence
    assert _by_hand(clinic, 8)[0] < _by_hand(clinic, 3)[0]  # a larger drop flags fewer


def test_rupture_explorer_says_why_a_large_drop_changes_nothing(clinic):
    ex = rupture_explorer(clinic)
    sentences = []
    for drop in range(1, 16):
        ex.controls["drop"].value = drop
        sentences.append(ex.sentence)
        assert "nan" not in ex.sentence and "undefined" not in ex.sentence, ex.sentence
    largest = detect_ruptures(clinic.sessions, drop=1, window=3).sessions["shortfall"].max()
    above = int(largest) + 1  # the first drop that no rating reaches
    assert above <= 14, "the clinic must have a drop the slider can pass"
    ex.controls["drop"].value = above
    spec = ex.chart.to_dict()
    assert "no client has a rupture" in ex.sentence
    assert f"the largest drop below a running level in this clinic is {largest:.1f}" in (
        ex.sentence
    )
    assert "a larger drop cannot change it" in ex.sentence
    ex.controls["drop"].value = 15
    assert ex.chart.to_dict() == spec  # the chart indeed stays the same


def test_rupture_explorer_names_an_empty_group_instead_of_nan(clinic):
    ex = rupture_explorer(clinic)
    ex.controls["drop"].value = 10
    flagged, repaired, _, _ = _by_hand(clinic, 10)
    assert (flagged, repaired) == (1, 0)  # this clinic's one rupture at drop 10 is not repaired
    assert "None is repaired; clients with an unresolved one (n = 1)" in ex.sentence
    ex.controls["window"].value = 6
    ex.controls["drop"].value = 9
    found = detect_ruptures(clinic.sessions, drop=9, window=6, repair_within=3).clients
    assert found["rupture"].sum() == found["repaired"].fillna(False).astype(bool).sum() == 1
    assert "None is left unresolved; clients with one (n = 1)" in ex.sentence


def test_split_explorer_spread_changes_share_split():
    ex = split_explorer()
    ex.controls["split_spread"].value = 1.2
    couples = ex.result[0].couples
    split = (couples["highest"] - couples["lowest"]).ge(1).mean()  # by hand, not is_split
    assert f"{split:.0%} of couples" in ex.sentence
    assert ex.scenario.split_spread == 1.2
