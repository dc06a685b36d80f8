"""Scenario: validation, JSON round trip, presets, documentation of every setting."""

import dataclasses
import json
import re
import tracemalloc

import numpy as np
import pytest

import alliance_lab as al
from alliance_lab.simulation import scenario as scenario_module
from alliance_lab.simulation.scenario import memory_needed


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
    with pytest.raises(ValueError, match="got 'n_patients'. Did you mean 'n_clients'"):
        al.Scenario.from_json('{"n_patients": 50}')
    with pytest.raises(ValueError, match="not valid JSON"):
        al.Scenario.from_json("{n_clients: 50")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"n_clients": 0},
            "n_clients must be a whole number from 1 to 1,000,000; got 0. Give a whole",
        ),
        ({"n_clients": 2.5}, "n_clients must be a whole number"),
        ({"planned_sessions": 100}, "planned_sessions .* from 3 to 60; got 100"),
        (
            {"session_autocorrelation": 1.2},
            "session_autocorrelation must be a number from 0 to 0.95; got 1.2",
        ),
        ({"dropout_risk": float("nan")}, "dropout_risk must be a number"),
        ({"ceiling": "high"}, "ceiling must be a number from 0 to 1; got 'high'"),
        ({"therapist_share": 0.5}, "session_state_share must be 1 .*; got 1.400. Lower one share"),
        (
            {"share_stable_high": 0.5},
            "pattern shares .* must be 1 .every client follows one pattern.; got 1.280",
        ),
        ({"instrument": "nonsense"}, "instrument must be one of .*; got 'nonsense'"),
        (
            {"n_therapists": 600},
            "n_therapists must be at most n_clients .500.: every therapist needs .*; got 600",
        ),
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
    with pytest.raises(ValueError, match="preset must be one of 'baldwin', .*; got 'x'"):
        al.Scenario.preset("x")


def test_scenario_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        al.Scenario().n_clients = 3


# --- numbers as Python, numpy and JSON give them ----------------------------------------------


def test_numpy_numbers_are_numbers():
    s = al.Scenario(n_clients=np.int64(300), n_therapists=np.int32(30), ceiling=np.float32(0.5))
    assert (s.n_clients, s.n_therapists) == (300, 30) and type(s.n_clients) is int
    assert s.ceiling == pytest.approx(0.5) and type(s.ceiling) is float
    assert json.loads(s.to_json())["n_clients"] == 300  # still writable as JSON


@pytest.mark.parametrize(
    "value, shown",
    [(float("inf"), "inf"), (float("-inf"), "-inf"), (float("nan"), "nan"), (True, "True"),
     (1 + 2j, "(1+2j)"), ("300", "'300'"), (None, "None")],
)  # fmt: skip
def test_what_is_not_a_finite_number_is_refused_plainly(value, shown):
    with pytest.raises(ValueError) as err:
        al.Scenario(n_clients=value)
    assert str(err.value) == (
        f"n_clients must be a whole number from 1 to 1,000,000; got {shown}. "
        "Give a whole number in that range."
    )


@pytest.mark.parametrize("text, shown", [("Infinity", "inf"), ("NaN", "nan"), ("1e400", "inf")])
def test_json_infinity_and_overflow_are_refused_plainly(text, shown):
    with pytest.raises(ValueError, match=f"n_clients must be a whole number .*; got {shown}\\."):
        al.Scenario.from_json(f'{{"n_clients": {text}}}')
    with pytest.raises(ValueError, match=f"ceiling must be a number from 0 to 1; got {shown}\\."):
        al.Scenario.from_json(f'{{"ceiling": {text}}}')


def test_an_unknown_keyword_names_the_nearest_setting():
    with pytest.raises(ValueError) as err:
        al.Scenario(n_client=300)
    assert str(err.value) == (
        "each setting of Scenario must be one of its names (Scenario.describe() lists them); "
        "got 'n_client'. Did you mean 'n_clients'?"
    )
    assert isinstance(err.value, TypeError)  # what Python itself would raise, too
    with pytest.raises(ValueError, match="Did you mean 'n_clients'"):
        dataclasses.replace(al.Scenario(), n_client=3)
    with pytest.raises(ValueError, match="got 1 value.s. without a name"):
        al.Scenario(300)


def test_from_json_applies_changes_before_checking():
    big = al.Scenario(n_clients=400, n_therapists=100).to_json()
    small = al.Scenario.from_json(big, n_clients=50, n_therapists=10)
    assert (small.n_clients, small.n_therapists) == (50, 10)
    with pytest.raises(ValueError, match="n_therapists must be at most n_clients"):
        al.Scenario.from_json(big, n_clients=50)


# --- memory: estimated from the settings, refused before it runs out --------------------------


def test_a_clinic_too_big_for_memory_is_refused_with_a_size_that_fits(monkeypatch):
    monkeypatch.setattr(scenario_module, "_memory_limit", lambda: 2**30)  # a 2 GB laptop
    with pytest.raises(ValueError) as err:
        al.Scenario(
            n_clients=1_000_000, n_therapists=1000, planned_sessions=60, instrument="haq-ii"
        )
    message = str(err.value)
    assert message.startswith(
        "the size of the simulated clinic must be what fits in half of this computer's memory "
        "(about 1.0 GB); got 1,000,000 clients x 60 sessions x 19 items, which needs about 38.0 GB."
    )
    fits = int(re.search(r"at most about ([\d,]+)", message).group(1).replace(",", ""))
    ok = al.Scenario(n_clients=fits, n_therapists=1000, planned_sessions=60, instrument="haq-ii")
    assert memory_needed(ok) <= 2**30


def test_the_thirty_gigabyte_clinic_is_refused_on_this_machine():
    if scenario_module._memory_limit() > 40 * 2**30:
        pytest.skip("this machine has room for it")
    with pytest.raises(ValueError, match="needs about 38.0 GB"):
        al.Scenario(
            n_clients=1_000_000, n_therapists=1000, planned_sessions=60, instrument="haq-ii"
        )


@pytest.mark.parametrize(
    "settings",
    [
        {"n_clients": 4000, "n_therapists": 400, "instrument": "bordin-teaching"},
        {"n_clients": 600, "n_therapists": 60, "planned_sessions": 60, "instrument": "haq-ii"},
        {"n_clients": 4000, "n_therapists": 400, "instrument": "session-rating-teaching"},
    ],
)
def test_memory_estimate_covers_the_measured_peak(settings):
    s = al.Scenario(**settings, dropout_risk=0.0, missed_rate=0.0)  # every session attended
    tracemalloc.start()
    try:
        al.simulate(s)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= memory_needed(s) <= 2 * peak


def test_one_pattern_registry_names_each_share_setting_and_shape():
    from alliance_lab.simulation.patterns import PATTERNS, REGISTRY

    shares = [f.name for f in dataclasses.fields(al.Scenario) if f.name.startswith("share_")]
    assert sorted(p.share for p in REGISTRY) == sorted(shares)
    assert PATTERNS == tuple(p.name for p in REGISTRY) == al.PATTERNS
    # each pattern's share comes from its own setting, whatever the order of the fields
    for p in REGISTRY:
        others = {q.share: 0.0 for q in REGISTRY if q is not p}
        scenario = al.Scenario(**others, **{p.share: 1.0})
        assert scenario.pattern_shares()[p.name] == 1.0
        result = al.simulate(dataclasses.replace(scenario, n_clients=50, n_therapists=5))
        assert set(result.clients["pattern"].astype(str)) == {p.name}
