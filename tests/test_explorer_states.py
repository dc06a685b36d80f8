"""Explorer states that could mislead: every slider starts on its own step grid, and a
step that leaves the chart as it was says so in the sentence, and why (issue 14).

The sentence's claim is checked against the data the chart draws: it says "the same"
exactly when the chart's table is unchanged.
"""

import numpy as np
import pytest

import alliance_lab as al
from alliance_lab.widgets.course import _dropout_frame


@pytest.fixture(scope="module")
def clinic():
    # the clinic of notebook 06
    return al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=6))


def _sliders(explorer):
    return {n: c for n, c in explorer.controls.items() if hasattr(c, "step")}


def test_every_slider_starts_on_its_own_step_grid(clinic):
    explorers = {
        "bordin": al.bordin_explorer(),
        "dropout": al.dropout_explorer(),
        "outcome": al.outcome_explorer(),
        "rupture": al.rupture_explorer(clinic),
        "feedback": al.feedback_explorer(clinic.sessions),
        "split": al.split_explorer(),
    }
    off = []
    for name, ex in explorers.items():
        for field, s in _sliders(ex).items():
            steps = (s.value - s.min) / s.step
            if abs(steps - round(steps)) > 1e-9:
                off.append(f"{name}.{field} = {s.value} on a grid of {s.step} from {s.min}")
    assert off == []


def test_dropout_step_that_changes_nothing_says_so():
    ex = al.dropout_explorer()
    link = ex.controls["alliance_dropout_link"]
    frame, said_same, changed = _dropout_frame(ex.result), 0, 0
    for value in np.round(np.arange(link.min, link.max + 1e-9, link.step), 2):
        before = link.value
        link.value = float(value)
        if link.value == before:
            continue
        new = _dropout_frame(ex.result)
        same = new.equals(frame)
        assert ("Both charts are the same" in ex.sentence) == same, (value, ex.sentence)
        if same:
            said_same += 1
            assert f"with the link at {before:.2f}" in ex.sentence
        changed += not same
        frame = new
    assert said_same >= 1 and changed >= 10  # both kinds of step occur on this grid


def test_rupture_step_that_changes_nothing_says_why(clinic):
    ex = al.rupture_explorer(clinic)
    groups, said_same = ex.result[1], 0
    for drop in range(1, 16):
        ex.controls["drop"].value = drop
        new = ex.result[1]
        same = new.equals(groups)
        says_same = "The chart is the same" in ex.sentence
        if same:  # explained: the groups did not move, or no rule this large finds a rupture
            assert says_same or "a larger drop cannot change it" in ex.sentence, ex.sentence
        else:
            assert not says_same, (drop, ex.sentence)
        if "The chart is the same" in ex.sentence:
            said_same += 1
            assert f"between {drop - 1} and {drop} points" in ex.sentence
        groups = new
    assert said_same >= 1  # at drop 11: no first rupture lies between 10 and 11 points


def test_loading_the_rule_shown_again_is_not_called_a_step(clinic):
    ex = al.rupture_explorer(clinic)
    ex.controls["drop"].value = 11
    ex.load('{"drop": 11, "window": 3, "repair_within": 3}')  # the same rule again
    assert "The chart is the same" not in ex.sentence  # nothing was moved
