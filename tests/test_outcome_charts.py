"""Specs of the outcome charts (``chart.to_dict()``): encodings, title, description, and the
data they carry checked against numpy / plain-pandas recomputation."""

import numpy as np
import pandas as pd
import pytest

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
    rng = np.random.default_rng(1)
    therapist = np.repeat(np.arange(20), 10)
    t_part = rng.normal(size=20)[therapist]
    alliance = 40 + 3 * t_part + rng.normal(size=200) * 2
    clients = pd.DataFrame({"therapist": therapist, "early_alliance": alliance})
    clients["outcome"] = 0.2 * t_part + rng.normal(size=200)
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
    # slopes by hand: least squares on the therapist mean and the distance from it
    means = clients.groupby("therapist")["early_alliance"].transform("mean")
    X = np.column_stack([np.ones(200), means, alliance - means])
    beta = np.linalg.lstsq(X, clients["outcome"], rcond=None)[0]
    data = _data(spec, point).set_index("part")
    assert data.loc["therapist", "slope"] == pytest.approx(beta[1])
    assert data.loc["client", "slope"] == pytest.approx(beta[2])
