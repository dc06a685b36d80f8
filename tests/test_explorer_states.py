"""Explorer states that could mislead: every slider starts on its own step grid, and a
step that leaves the chart as it was says so in the sentence, and why (issue 14).

The sentence's claim is checked against the data the chart draws: it says "the same"
exactly when the chart's table is unchanged.
"""

import itertools
import re

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


def _split_explained(sentence):
    return "give this same chart" in sentence or "never differ" in sentence


def test_split_step_that_changes_nothing_says_so():
    """Kernel: stepping the split link through its slider at a few spreads, the sentence
    names the link values that give the same chart exactly when the couples who drop out
    (all the chart draws that the link can move) are the same."""
    ex = al.split_explorer()
    link = ex.controls["split_link"]
    said_same = changed = 0
    for spread in (0.0, 0.2, 0.75):
        ex.controls["split_spread"].value = spread
        for value in np.round(np.arange(link.min, link.max + 1e-9, link.step), 2):
            link.value = float(value)
            dropped = ex.result[0].couples["dropped_out"]
            same = []
            for other in np.round(np.arange(link.min, link.max + 1e-9, link.step), 2):
                result = al.simulate_couples(ex.scenario, split_link=float(other))
                if other != value and result.couples["dropped_out"].equals(dropped):
                    same.append(float(other))
            assert _split_explained(ex.sentence) == bool(same), (spread, value, ex.sentence)
            if same and spread > 0:
                said_same += 1
                lowest, highest = min(same + [float(value)]), max(same + [float(value)])
                assert f"{lowest:g}" in ex.sentence and f"{highest:g}" in ex.sentence
            changed += not same
    assert said_same >= 1 and changed >= 20  # both kinds of step occur


def test_split_static_states_that_look_alike_say_why():
    """Static page: two neighbouring precomputed states that draw the same tables each
    say in their sentence that the chart does not change there, and why."""
    from alliance_lab.widgets.explorer_page import load_states
    from alliance_lab.widgets.explorer_states import state_index, state_rows

    states = load_states("split")
    axes = states["controls"]
    sizes = [len(a["values"]) for a in axes]
    alike = 0
    for i in range(sizes[0]):
        for j in range(sizes[1]):
            s = state_index(axes, [i, j])
            for t in (state_index(axes, [i + 1, j]) if i + 1 < sizes[0] else None,
                      state_index(axes, [i, j + 1]) if j + 1 < sizes[1] else None):  # fmt: skip
                if t is not None and state_rows(states, s) == state_rows(states, t):
                    alike += 1
                    assert _split_explained(states["sentences"][s]), states["sentences"][s]
                    assert _split_explained(states["sentences"][t]), states["sentences"][t]
    assert alike >= 1  # at spread 0 the link changes nothing


# -- precomputed states (static site): every step changes the chart or says why not ------
def _neighbours(states):
    """Every pair of states one step apart on one control: (control, state, next state)."""
    from alliance_lab.widgets.explorer_states import state_index

    sizes = [len(axis["values"]) for axis in states["controls"]]
    for indices in itertools.product(*(range(n) for n in sizes)):
        for k, n in enumerate(sizes):
            if indices[k] + 1 < n:
                step = list(indices)
                step[k] += 1
                yield (
                    k,
                    state_index(states["controls"], indices),
                    state_index(states["controls"], step),
                )


#: What a precomputed state's sentence says when a neighbouring state looks the same.
SAYS_WHY = {
    "rupture": ("gives this same chart", "a larger drop cannot change it"),
    "feedback": ("gives this same chart", "give this same chart"),
    "caseload": (),  # every step draws another clinic
}


@pytest.mark.parametrize("name", sorted(SAYS_WHY))
def test_precomputed_step_changes_the_chart_or_says_why(name):
    from alliance_lab.widgets.explorer_page import load_states
    from alliance_lab.widgets.explorer_states import state_rows

    states = load_states(name)
    rows = [state_rows(states, s) for s in range(states["states"])]
    assert not any("nan" in sentence.split() for sentence in states["sentences"])
    titles = [value for title in states["titles"] for value in title["values"]]
    assert not any("nan" in value for value in titles), "a title shows an undefined number"
    silent, explained = [], 0
    for k, a, b in _neighbours(states):
        if rows[a] != rows[b]:
            continue
        said = [any(w in states["sentences"][s] for w in SAYS_WHY[name]) for s in (a, b)]
        if not all(said):
            silent.append((states["controls"][k]["name"], a, b))
        explained += 1
    assert silent == [], f"{len(silent)} steps change nothing and do not say why: {silent[:5]}"
    if name == "rupture":  # both kinds occur: large drops find no rupture, others move no one
        assert explained >= 1
        assert any("no client has a rupture" in s for s in states["sentences"])


def test_precomputed_rupture_range_is_the_range_that_looks_the_same():
    """A sentence "any drop from 9 to 11 points gives this same chart": 9, 10 and 11 look
    the same, 8 and 12 (if on the grid) do not."""
    from alliance_lab.widgets.explorer_page import load_states
    from alliance_lab.widgets.explorer_states import state_index, state_rows

    states = load_states("rupture")
    axes = states["controls"]
    names = [axis["name"] for axis in axes]
    checked = 0
    for s, sentence in enumerate(states["sentences"]):
        found = re.search(r"any drop from (\d+) to (\d+) points gives this same chart", sentence)
        if not found or checked >= 40:
            continue
        low, high = int(found[1]), int(found[2])
        indices = _indices(axes, s)
        rows = state_rows(states, s)
        for drop in range(low - 1, high + 2):
            if not 1 <= drop <= 15:
                continue
            other = dict(zip(names, indices, strict=True)) | {"drop": drop - 1}
            same = state_rows(states, state_index(axes, [other[n] for n in names])) == rows
            assert same == (low <= drop <= high), (sentence, drop)
        checked += 1
    assert checked >= 1


def _indices(axes, s):
    out = []
    for axis in reversed(axes):
        s, i = divmod(s, len(axis["values"]))
        out.append(i)
    return out[::-1]


def test_states_are_used_only_for_the_clinic_they_were_made_from(clinic):
    from alliance_lab.widgets.explorer_page import explorer_bundle

    assert explorer_bundle(al.rupture_explorer(clinic)) is not None  # notebook 06's clinic
    other = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=8))
    assert explorer_bundle(al.rupture_explorer(other)) is None  # another clinic: frozen
    assert explorer_bundle(al.feedback_explorer(other.sessions)) is None


def test_a_control_left_out_of_the_grid_is_not_on_the_page(clinic):
    from alliance_lab.widgets.explorer_page import explorer_bundle
    from alliance_lab.widgets.explorer_states import grid_controls

    ex = al.feedback_explorer(
        al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=7)).sessions
    )
    assert "combine" in ex.controls  # the kernel keeps every control
    assert [axis["name"] for axis in grid_controls(ex)] == [
        "cutoff", "comparison", "drop", "problem_share"
    ]  # fmt: skip
    page = explorer_bundle(ex)["text/html"]  # the page names what it keeps fixed
    assert "Not a control on this page" in page and "Alert when: either part (or)" in page
