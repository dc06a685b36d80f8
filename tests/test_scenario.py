"""Scenario: validation, JSON round trip, presets, documentation of every setting."""

import dataclasses
import json

import pytest

import alliance_lab as al


def test_every_setting_has_meaning_source_and_range():
    table = al.Scenario.describe()
    assert len(table) == len(dataclasses.fields(al.Scenario))
    assert table["meaning"].str.len().min() > 10
    assert table["source of default"].str.len().min() > 5
    for f in dataclasses.fields(al.Scenario):
        if f.name != "instrument":
            assert f.metadata["low"] <= f.default <= f.metadata["high"], f.name
    row = table.set_index("setting").loc["planned_sessions"]
    assert row["allowed"] == "3 to 60" and row["default"] == "12"
    assert table.set_index("setting").loc["n_clients", "allowed"] == "1 to 1,000,000"


def test_every_setting_is_marked_published_or_teaching_choice():
    from alliance_lab.simulation.scenario import KINDS

    table = al.Scenario.describe()
    assert set(table["kind"]) <= set(KINDS)
    assert table["kind"].notna().all() and (table["kind"] != "").all()
    for _, row in table.iterrows():
        if row["kind"] == "published":
            # a published default names the study and the value the paper reports
            assert "(" in row["published figure"] and any(
                ch.isdigit() for ch in row["published figure"]
            ), row["setting"]
        assert len(row["source of default"]) > 5, row["setting"]
    text = " ".join(table.astype(str).to_numpy().ravel())
    assert "as in published" not in text
    # the paper's value, not a rounded one
    assert table.set_index("setting").loc["client_trait_share", "published figure"] == (
        "Crits-Christoph et al. (2011): single-session reliability about .77"
    )
    shares = table[table["setting"].str.startswith("share_")]
    assert (shares["kind"] == "teaching choice").all()
    assert shares["source of default"].str.contains("three clusters").all()


def test_json_round_trip_keeps_every_setting():
    scenario = al.Scenario(n_clients=123, seed=9, instrument="session-rating-teaching")
    text = scenario.to_json()
    assert json.loads(text)["n_clients"] == 123
    assert al.Scenario.from_json(text) == scenario


def test_from_json_fills_defaults_and_rejects_unknown_settings():
    assert al.Scenario.from_json('{"n_clients": 150}') == al.Scenario(n_clients=150)
    with pytest.raises(ValueError, match="Unknown scenario settings \\['n_patients'\\]"):
        al.Scenario.from_json('{"n_patients": 50}')
    with pytest.raises(ValueError, match="not valid JSON"):
        al.Scenario.from_json("{n_clients: 50")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n_clients": 0}, "n_clients must be a whole number from 1 to 1000000; got 0"),
        ({"n_clients": 2.5}, "n_clients must be a whole number"),
        ({"planned_sessions": 100}, "planned_sessions .* from 3 to 60; got 100"),
        ({"session_autocorrelation": 1.2}, "session_autocorrelation must be a number from 0.0"),
        ({"dropout_risk": float("nan")}, "dropout_risk must be a number"),
        ({"ceiling": "high"}, "ceiling must be a number; got 'high'"),
        ({"therapist_share": 0.5}, "must add up to 1; they add up to 1.400"),
        ({"share_stable_high": 0.5}, "pattern shares .* add up to 1.280"),
        ({"instrument": "nonsense"}, "instrument: .*nonsense"),
        ({"n_therapists": 600}, "n_therapists \\(600\\) cannot be larger than n_clients"),
    ],
)
def test_invalid_settings_name_the_setting_range_and_value(changes, message):
    with pytest.raises(ValueError, match=message):
        al.Scenario(**changes)


def test_replace_revalidates():
    with pytest.raises(ValueError, match="n_clients"):
        dataclasses.replace(al.Scenario(), n_clients=-5)


def test_presets():
    assert al.Scenario.preset("default") == al.Scenario()
    assert al.Scenario.preset("no_outcome_link").alliance_outcome_link == 0
    assert al.Scenario.preset("no_dropout_link").alliance_dropout_link == 0
    assert al.Scenario.preset("common_cause").readiness_link > 0
    assert al.Scenario.preset("reverse_causation").improvement_alliance_path > 0
    assert al.Scenario.preset("dropout_path").alliance_dropout_link > 0
    baldwin = al.Scenario.preset("baldwin", n_clients=100)
    assert baldwin.client_part_weight == 0 and baldwin.n_clients == 100
    with pytest.raises(ValueError, match="Unknown preset 'x'"):
        al.Scenario.preset("x")


def test_scenario_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        al.Scenario().n_clients = 3
