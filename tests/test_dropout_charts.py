"""Specs of the dropout charts (``chart.to_dict()``): encodings, title, description, and the
data they carry checked against a plain-pandas recomputation from the clinic."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al


@pytest.fixture(scope="module")
def clinic():
    return al.simulate(al.Scenario(n_clients=500, n_therapists=50, seed=3))


def _data(spec, node=None):
    """The rows a (sub)chart draws, as a DataFrame."""
    return pd.DataFrame(spec["datasets"][(node or spec)["data"]["name"]])


def test_hazard_chart_spec(clinic):
    spec = al.hazard_chart(al.dropout_hazard(clinic.clients)).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert (
        spec["encoding"]["x"]["field"] == "session" and spec["encoding"]["x"]["type"] == "ordinal"
    )
    assert spec["encoding"]["y"]["field"] == "hazard"
    assert spec["encoding"]["y"]["axis"]["format"] == "%"
    assert spec["title"]["text"] == "When do clients leave?"
    # plain pandas: who attended session k, who left right after it
    c = clinic.clients
    attended = c["sessions_attended"].value_counts().sort_index(ascending=False).cumsum()
    left = c.loc[c["dropped_out"], "sessions_attended"].value_counts()
    data = _data(spec).set_index("session")
    sessions = data.index
    assert list(sessions) == list(range(1, c["sessions_attended"].max()))
    assert data["at_risk"].tolist() == attended.reindex(sessions).tolist()
    assert data["dropped"].tolist() == left.reindex(sessions, fill_value=0).tolist()
    hazard = left.reindex(sessions, fill_value=0) / attended.reindex(sessions)
    assert data["hazard"].to_numpy() == pytest.approx(hazard.to_numpy())
    top = hazard.idxmax()
    assert spec["description"] == (
        "Bar chart of the dropout hazard after each session; "
        f"highest after session {top} ({hazard[top]:.0%})."
    )


def test_strain_chart_spec(clinic):
    strain = al.strain_before_leaving(clinic.sessions, clinic.clients)
    spec = al.strain_chart(strain).to_dict()
    assert spec["facet"]["column"]["field"] == "marker"
    inner = spec["spec"]
    assert inner["mark"]["type"] == "line" and inner["mark"]["point"] is True
    assert inner["encoding"]["x"]["field"] == "sessions_before_end"
    assert inner["encoding"]["y"]["field"] == "rate"
    assert inner["encoding"]["color"]["scale"]["domain"] == ["dropped out", "finished"]
    assert spec["title"] == "Markers of strain before the last session"
    assert spec["description"].startswith("4 small line charts, one per marker of strain")
    # plain pandas: share of the last four sessions with the marker, by group
    marker = "disengagement"
    last = clinic.sessions.merge(clinic.clients, on="client")
    last = last[last["sessions_attended"] - last["session"] < 4]
    back = last["sessions_attended"] - last["session"] + 1
    group = np.where(last["dropped_out"], "dropped out", "finished")
    by_hand = last[marker].astype(float).groupby([group, back]).mean()
    data = _data(spec)
    drawn = data[data["marker"] == marker].set_index(["group", "sessions_before_end"])["rate"]
    assert drawn.sort_index().to_numpy() == pytest.approx(by_hand.sort_index().to_numpy())


def test_dropout_d_chart_spec(clinic):
    c = clinic.clients
    spec = al.dropout_d_chart(al.dropout_effect_size(c)).to_dict()
    rule, point = spec["layer"]
    assert rule["mark"]["type"] == "rule"
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == (
        "ci_low",
        "ci_high",
    )
    assert point["mark"]["type"] == "point" and point["encoding"]["x"]["field"] == "d"
    assert spec["title"]["text"] == "Alliance of finishers vs dropouts"
    # plain pandas: Cohen's d of early alliance, finished minus dropped out
    stay = c.loc[~c["dropped_out"], "early_alliance"]
    left = c.loc[c["dropped_out"], "early_alliance"]
    n1, n2 = len(stay), len(left)
    pooled = ((n1 - 1) * stay.var() + (n2 - 1) * left.var()) / (n1 + n2 - 2)
    d = (stay.mean() - left.mean()) / np.sqrt(pooled)
    data = _data(spec).set_index("source")
    assert data.loc["this simulated clinic", "d"] == pytest.approx(d)
    assert data.loc["Sharf et al. (2010)", "d"] == 0.55
    assert spec["description"] == f"Simulated d = {d:.2f} beside published d = 0.55."
