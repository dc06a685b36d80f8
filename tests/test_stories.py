"""Stories behind a correlation: each preset gives the r its story claims, at 20,000 clients."""

import numpy as np
import pytest

import alliance_lab as al

N = 20_000


def _r(scenario):
    clients = al.simulate(scenario).clients
    return np.corrcoef(clients["early_alliance"], clients["outcome"])[0, 1]


@pytest.mark.parametrize("story", ["common_cause", "reverse_causation", "dropout_path", "no_link"])
def test_no_story_has_a_direct_alliance_outcome_link(story):
    assert al.Scenario.preset(story).alliance_outcome_link == 0
    assert story in al.STORIES


@pytest.mark.parametrize("story", ["common_cause", "reverse_causation"])
@pytest.mark.parametrize("seed", [1, 2])
def test_common_cause_and_reverse_causation_give_a_visible_r(story, seed):
    assert _r(al.Scenario.preset(story, n_clients=N, seed=seed)) >= 0.15


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_every_path_off_the_correlation_vanishes(seed):
    scenario = al.Scenario.preset("no_link", n_clients=N, seed=seed)
    assert scenario.alliance_dropout_link == 0 and scenario.readiness_link == 0
    assert scenario.improvement_alliance_path == 0
    assert abs(_r(scenario)) <= 0.03


def test_the_dropout_path_alone_gives_a_smaller_positive_r():
    r = _r(al.Scenario.preset("dropout_path", n_clients=N, seed=1))
    assert 0.05 < r < _r(al.Scenario.preset("common_cause", n_clients=N, seed=1))


def test_each_path_is_what_makes_its_r():
    # switching the story's own path off again brings r back to about 0
    paths = [("common_cause", "readiness_link"), ("dropout_path", "alliance_dropout_link")]
    for story, path in paths:
        off = al.Scenario.preset(story, n_clients=N, seed=4, **{path: 0.0})
        assert abs(_r(off)) <= 0.03, story


def test_story_table_matches_a_plain_recomputation():
    table = al.story_correlations(["common_cause"], n_clients=3000, class_size=120, seed=9)
    row = table.iloc[0]
    large = al.simulate(al.Scenario.preset("common_cause", n_clients=3000, seed=9)).clients
    assert row["r"] == pytest.approx(np.corrcoef(large["early_alliance"], large["outcome"])[0, 1])
    z = np.arctanh(row["r"])
    assert row["ci_low"] == pytest.approx(np.tanh(z - 1.959964 / np.sqrt(2997)), abs=1e-6)
    small = al.simulate(
        al.Scenario.preset("common_cause", n_clients=120, n_therapists=12, seed=10)
    ).clients
    assert row["class_r"] == pytest.approx(
        np.corrcoef(small["early_alliance"], small["outcome"])[0, 1]
    )
    assert row["class_ci_high"] - row["class_ci_low"] > row["ci_high"] - row["ci_low"]


def test_unknown_story_is_refused():
    with pytest.raises(ValueError, match="Unknown stories"):
        al.story_correlations(["third_variable"])
    with pytest.raises(ValueError, match="Unknown story"):
        al.story_diagram("third_variable")


def test_diagram_draws_every_arrow_and_marks_the_switched_off_link():
    for story, info in al.STORIES.items():
        spec = al.story_diagram(story, r=0.2).to_dict()
        edges = spec["datasets"][spec["layer"][0]["data"]["name"]]
        assert len(edges) == len(info["arrows"])
        assert [e["state"] for e in edges] == ["on" if a[3] else "off" for a in info["arrows"]]
        assert "r = 0.20" in " ".join(spec["title"]["subtitle"])
        assert "switched off" in spec["description"]
