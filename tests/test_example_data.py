"""The example clinic in data/ is exactly what its scenario file produces today."""

from pathlib import Path

import pandas as pd
import pytest

import alliance_lab as al

FOLDER = Path(__file__).parents[1] / "data" / "example_clinic"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    scenario = al.Scenario.from_json((FOLDER / "scenario.json").read_text())
    out = tmp_path_factory.mktemp("clinic")
    al.export_simulation(al.simulate(scenario), out)
    return out


@pytest.mark.parametrize("name", ["clients.csv", "sessions.csv", "responses.csv"])
def test_example_files_match_their_scenario(regenerated, name):
    pd.testing.assert_frame_equal(pd.read_csv(FOLDER / name), pd.read_csv(regenerated / name))


def test_example_clinic_is_the_classroom_preset_with_seed_2024():
    scenario = al.Scenario.from_json((FOLDER / "scenario.json").read_text())
    assert scenario == al.Scenario.preset("classroom")
    assert (scenario.n_clients, scenario.n_therapists, scenario.seed) == (300, 30, 2024)
