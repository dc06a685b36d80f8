"""Specs of the outcome charts (``chart.to_dict()``): encodings, title, description, and the
data they carry checked against numpy / plain-pandas recomputation."""

import numpy as np
import pandas as pd
import pytest
from therapist_parts import clients_with_a_therapist_part, slopes_by_hand

import alliance_lab as al


def _data(spec, node):
    return pd.DataFrame(spec["datasets"][node["data"]["name"]])


def test_funnel_chart_spec():
    studies = al.simulate_studies(0.278, n_studies=40, seed=4)
    pooled = al.pooled_correlation(studies)
    spec = al.funnel_chart(studies, pooled=pooled).to_dict()
    edges, points, rules = spec["layer"]
    assert edges["mark"]["type"] == "line" and edges["encoding"]["detail"]["field"] == "edge"
    assert points["mark"]["type"] == "circle"
    assert (points["encoding"]["x"]["field"], points["encoding"]["y"]["field"]) == ("r", "n")
    assert points["encoding"]["y"]["scale"]["type"] == "log"
    assert rules["mark"]["type"] == "rule"
    assert spec["title"]["text"] == "Many studies of the same truth"
    assert spec["title"]["subtitle"] == "40 simulated studies; dashed: 95 % funnel"
    # every study is drawn as simulated
    drawn = _data(spec, points)
    assert drawn[["n", "r"]].to_numpy() == pytest.approx(studies[["n", "r"]].to_numpy())
    # the funnel by hand: r = tanh(atanh(.278) -+ 1.96 / sqrt(n - 3))
    funnel = _data(spec, edges)
    for edge, sign in (("lower", -1), ("upper", 1)):
        side = funnel[funnel["edge"] == edge]
        by_hand = np.tanh(np.arctanh(0.278) + sign * 1.96 / np.sqrt(side["n"] - 3))
        assert side["r"].to_numpy() == pytest.approx(by_hand.to_numpy())
    # the pooled r by hand: Fisher z weighted by 1 / (1 / (n - 3) + tau2), the random-effects
    # weights (tau2 is checked by hand in test_outcome_analysis.py)
    w = 1 / (1 / (studies["n"] - 3) + pooled["tau2"])
    r = np.tanh((w * np.arctanh(studies["r"])).sum() / w.sum())
    assert _data(spec, rules)["r"].tolist() == pytest.approx([0.278, r])
    assert spec["description"] == (
        "Funnel plot of 40 simulated study correlations against study size, "
        f"pooled r = {r:.3f}, published r = 0.278."
    )


def test_shrinkage_chart_spec():
    scenario = al.Scenario.preset("classroom")
    spec = al.shrinkage_chart(al.measurement_shrinkage(scenario)).to_dict()
    rule, point = spec["layer"]
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == (
        "ci_low",
        "ci_high",
    )
    assert point["encoding"]["x"]["field"] == "r"
    assert point["encoding"]["y"]["field"] == "measure"
    assert spec["title"]["text"] == "Same clients, different measurement"
    assert spec["description"].startswith("Point chart of the alliance-outcome correlation")
    # one measure by hand: the questionnaire at session 1 against improvement
    clinic = al.simulate(scenario)
    first = clinic.sessions[clinic.sessions["session"] == 1].set_index("client")["alliance"]
    outcome = clinic.clients.set_index("client")["outcome"]
    r = np.corrcoef(first.reindex(outcome.index), outcome)[0, 1]
    data = pd.DataFrame(spec["datasets"][spec["data"]["name"]]).set_index("measure")
    assert len(data) == 5
    assert data.loc["questionnaire, session 1", "r"] == pytest.approx(r)


def test_therapist_client_chart_spec():
    clients = clients_with_a_therapist_part()
    spec = al.therapist_client_chart(al.therapist_vs_client(clients)).to_dict()
    zero, rule, point = spec["layer"]
    assert _data(spec, zero)["x"].tolist() == [0]  # a line at no effect
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == (
        "ci_low",
        "ci_high",
    )
    assert point["encoding"]["x"]["field"] == "slope"
    assert spec["title"]["text"] == "Whose part of the alliance goes with outcome?"
    assert spec["description"].startswith("Slopes of outcome on the therapist part")
    therapist, client = slopes_by_hand(clients)
    data = _data(spec, point).set_index("part")
    assert data.loc["therapist", "slope"] == pytest.approx(therapist)
    assert data.loc["client", "slope"] == pytest.approx(client)
