"""The explorers of notebooks 06-08 without a browser: a control changes the scenario, the
chart and the sentence, and the sentence's numbers match a direct computation."""

import re

import pytest

from alliance_lab.analysis.feedback import monitor
from alliance_lab.simulation import Scenario, simulate
from alliance_lab.widgets.practice_explorers import (
    feedback_explorer,
    rupture_explorer,
    split_explorer,
)


@pytest.fixture(scope="module")
def clinic():
    return simulate(Scenario(n_clients=150, n_therapists=15, seed=11))


def _numbers(text):
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


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


def test_rupture_explorer_drop_changes_share_flagged(clinic):
    ex = rupture_explorer(clinic)
    first = _numbers(ex.sentence)
    ex.controls["drop"].value = 12
    assert ex.scenario.drop == 12 and "12 points or more" in ex.sentence
    assert _numbers(ex.sentence)[3] < first[3]  # fewer clients have a rupture


def test_split_explorer_spread_changes_share_split():
    ex = split_explorer()
    ex.controls["split_spread"].value = 1.2
    couples = ex.result[0].couples
    assert f"{couples['is_split'].mean():.0%} of couples" in ex.sentence
    assert ex.scenario.split_spread == 1.2
