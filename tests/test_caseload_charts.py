"""Caseload charts and explorer: specs and sentences checked against the data."""

import numpy as np
import pytest

import alliance_lab as al
from alliance_lab.analysis.caseload import caseload_fifths, pattern_trajectories
from alliance_lab.widgets.caseload import caseload_sentence


@pytest.fixture(scope="module")
def clinic():
    return al.simulate(al.Scenario(n_clients=1000, n_therapists=100, seed=8))


def test_trajectory_table_samples_clients_and_means(clinic):
    table = pattern_trajectories(clinic, clients_per_pattern=2)
    people = table[table["client"] != "mean"]
    assert people.groupby("pattern")["client"].nunique().eq(2).all()
    means = table[table["client"] == "mean"].set_index(["pattern", "session"])["alliance"]
    merged = clinic.sessions.merge(clinic.clients[["client", "pattern"]], on="client")
    by_hand = merged[merged["pattern"] == "stable low"].groupby("session")["alliance"].mean()
    assert means.loc["stable low"].to_numpy() == pytest.approx(by_hand.to_numpy())


def test_fifths_match_plain_pandas(clinic):
    table = caseload_fifths(clinic)
    assert table["clients"].sum() == 1000 and (table["clients"] == 200).all()
    weakest = clinic.clients.loc[
        clinic.clients["early_alliance"].rank(method="first") <= 200, "dropped_out"
    ].mean()
    assert table.loc[0, "dropout"] == pytest.approx(weakest)
    assert table.loc[0, "dropout"] > table.loc[4, "dropout"]
    assert table.loc[0, "outcome"] < table.loc[4, "outcome"]


def test_charts_carry_title_description_and_small_data(clinic):
    for chart in (al.caseload_chart(clinic), al.pattern_trajectories_chart(clinic)):
        spec = chart.to_dict()
        assert spec["description"]
        rows = sum(len(v) for v in spec.get("datasets", {}).values())
        assert 0 < rows <= 5000
    spec = al.pattern_trajectories_chart(clinic).to_dict()
    assert spec["title"]["text"] == "Seven ways an alliance can unfold"


def test_sentence_reports_the_clinic(clinic):
    sentence = caseload_sentence(clinic)
    dropout = clinic.clients["dropped_out"].mean()
    three = clinic.clients[clinic.clients["sessions_attended"] >= 3]
    r = np.corrcoef(three["early_alliance"], three["outcome"])[0, 1]
    assert f"{dropout:.0%} dropped out" in sentence
    assert f"r = {r:.2f}" in sentence


def test_explorer_redraws_when_a_slider_moves():
    explorer = al.caseload_explorer(al.Scenario(n_clients=300, n_therapists=30))
    explorer.controls["alliance_outcome_link"].value = 0.0
    assert explorer.scenario.alliance_outcome_link == 0.0
    explorer.controls["sources"].value = explorer.controls["sources"].options[1][1]
    assert explorer.scenario.therapist_share == pytest.approx(0.30)
