"""CSV export and the `alliance-lab simulate` command."""

import subprocess
import sys

import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.app.cli import main


def test_export_writes_tables_that_read_back(tmp_path):
    result = al.simulate(al.Scenario(n_clients=150, seed=3))
    paths = al.export_simulation(result, tmp_path / "clinic")
    assert [p.name for p in paths] == [
        "clients.csv",
        "sessions.csv",
        "responses.csv",
        "scenario.json",
    ]
    sessions = pd.read_csv(tmp_path / "clinic" / "sessions.csv")
    assert len(sessions) == len(result.sessions)
    assert (sessions["alliance"].to_numpy() == result.sessions["alliance"].to_numpy()).all()
    clients = pd.read_csv(tmp_path / "clinic" / "clients.csv")
    assert clients["dropped_out"].dtype == bool
    assert clients["rupture_session"].isna().sum() == (~result.clients["rupture"]).sum()
    scenario = al.Scenario.from_json((tmp_path / "clinic" / "scenario.json").read_text())
    assert scenario == result.scenario


def test_export_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(ValueError, match="must be a folder"):
        al.export_simulation(al.simulate(al.Scenario(n_clients=150)), target)


def test_cli_main_writes_the_files(tmp_path, capsys):
    assert main(["simulate", "--clients", "120", "--seed", "4", "--out", str(tmp_path)]) == 0
    clients = pd.read_csv(tmp_path / "clients.csv")
    assert len(clients) == 120
    again = al.simulate(al.Scenario(n_clients=120, seed=4))
    assert clients["outcome"].to_numpy() == pytest.approx(again.clients["outcome"].to_numpy())
    assert "scenario.json" in capsys.readouterr().out


def test_cli_small_clinic_gets_no_more_therapists_than_clients(tmp_path):
    assert main(["simulate", "--clients", "40", "--out", str(tmp_path)]) == 0
    scenario = al.Scenario.from_json((tmp_path / "scenario.json").read_text())
    assert scenario.n_clients == 40 and scenario.n_therapists == 8


def test_cli_reports_bad_settings_plainly(tmp_path, capsys):
    assert main(["simulate", "--clients", "0", "--out", str(tmp_path)]) == 2
    assert "n_clients must be a whole number" in capsys.readouterr().err


def test_cli_as_a_command(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "alliance_lab.app.cli",
            "simulate",
            "--clients",
            "100",
            "--preset",
            "baldwin",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    scenario = al.Scenario.from_json((tmp_path / "scenario.json").read_text())
    assert scenario == al.Scenario.preset("baldwin", n_clients=100)


# --- scenario files and settings the command line refuses plainly ---------------------------


def run_cli(capsys, *args):
    status = main(["simulate", *args])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("text, shown", [("Infinity", "inf"), ("NaN", "nan"), ("1e400", "inf")])
def test_cli_scenario_file_with_infinity_or_nan(tmp_path, capsys, text, shown):
    path = tmp_path / "scenario.json"
    path.write_text(f'{{"n_clients": {text}}}')
    status, err = run_cli(capsys, "--scenario", str(path), "--out", str(tmp_path / "out"))
    assert status == 2
    assert err == (
        f"alliance-lab simulate: n_clients must be a whole number from 1 to 1,000,000; got "
        f"{shown}. Give a whole number in that range.\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_scenario_file_is_checked_after_the_command_line_settings(tmp_path, capsys):
    # A file for a clinic too big for this computer runs fine when --clients makes it small.
    big = (
        '{"n_clients": 1000000, "n_therapists": 1000, "planned_sessions": 60, '
        '"instrument": "haq-ii"}'
    )
    path = tmp_path / "big.json"
    path.write_text(big)
    status, err = run_cli(
        capsys, "--scenario", str(path), "--clients", "30", "--out", str(tmp_path)
    )
    assert status == 0, err
    scenario = al.Scenario.from_json((tmp_path / "scenario.json").read_text())
    assert (scenario.n_clients, scenario.n_therapists, scenario.instrument) == (30, 6, "haq-ii")


def test_cli_scenario_file_problems(tmp_path, capsys):
    status, err = run_cli(capsys, "--scenario", str(tmp_path / "nope.json"), "--out", str(tmp_path))
    assert status == 2 and "--scenario must be an existing scenario.json file; got" in err
    path = tmp_path / "typo.json"
    path.write_text('{"n_client": 40}')
    status, err = run_cli(capsys, "--scenario", str(path), "--out", str(tmp_path))
    assert status == 2 and "got 'n_client'. Did you mean 'n_clients'?" in err
    path.write_text("{n_clients: 40")
    status, err = run_cli(capsys, "--scenario", str(path), "--out", str(tmp_path))
    assert status == 2 and "the scenario text must be JSON of setting: value pairs" in err
    status, err = run_cli(capsys, "--preset", "baldwn", "--out", str(tmp_path))
    assert status == 2 and "preset must be one of" in err and "Did you mean 'baldwin'?" in err
