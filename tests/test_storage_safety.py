"""Saved answers are never lost: wrong targets, full disks, damage, locks, many writers."""

import errno
import multiprocessing
import os
import sqlite3
import subprocess
import time

import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab import _atomic, storage
from alliance_lab.storage import DATABASE

FORM = {1: 6, 2: 5, 3: 2, 4: 7, 5: 4}
BOND = "arm-5"


def save(folder, n, respondent="r"):
    return [
        al.save_response(FORM, BOND, respondent=f"{respondent}{i}", data_dir=folder)
        for i in range(n)
    ]


# --- the database is never an export target ---------------------------------------------------


def test_exporting_onto_the_database_is_refused_and_the_answers_survive(tmp_path):
    save(tmp_path, 3)
    database = tmp_path / DATABASE
    before = database.read_bytes()
    with pytest.raises(ValueError) as err:
        al.export_responses_csv(database, data_dir=tmp_path)
    assert str(err.value).startswith(
        f"path must be a new CSV file, never the answers database; got '{database}', the "
        "database itself. Writing CSV text over it would destroy every saved answer."
    )
    assert database.read_bytes() == before
    assert len(al.load_responses(data_dir=tmp_path)) == 15


def test_exporting_onto_another_database_file_or_a_folder_is_refused(tmp_path):
    other = tmp_path / "other"
    save(other, 1)
    save(tmp_path, 1)
    copy = tmp_path / "backup.db"
    copy.write_bytes((other / DATABASE).read_bytes())
    with pytest.raises(ValueError, match="got '.*backup.db', a database file"):
        al.export_responses_csv(copy, data_dir=tmp_path)
    with pytest.raises(
        ValueError, match="path must be a file name for the CSV export; got the folder"
    ):
        al.export_responses_csv(tmp_path, data_dir=tmp_path)
    with pytest.raises(ValueError, match="whose folder does not exist"):
        al.export_responses_csv(tmp_path / "nope" / "a.csv", data_dir=tmp_path)


# --- a full disk half-way through a write leaves the old file whole -----------------------------


class FullDisk:
    """A file that takes ``room`` characters, writes part of the next chunk, then fails."""

    def __init__(self, handle, room):
        self.handle, self.room = handle, room

    def write(self, text):
        if len(text) > self.room:
            self.handle.write(text[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(text)
        return self.handle.write(text)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


@pytest.fixture
def disk_fills_up(monkeypatch):
    real_open = _atomic._open
    state = {"writes": 0}

    def opener(path, mode, **kwargs):
        state["writes"] += 1
        return FullDisk(real_open(path, mode, **kwargs), room=state["room"])

    def arm(room):
        state["room"] = room
        monkeypatch.setattr(_atomic, "_open", opener)
        return state

    return arm


def no_leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part") or ".incoming-" in str(p)]


def test_csv_export_on_a_full_disk_keeps_the_earlier_export(tmp_path, disk_fills_up):
    save(tmp_path, 20)
    good = al.export_responses_csv(tmp_path / "answers.csv", data_dir=tmp_path)
    before = good.read_bytes()
    save(tmp_path, 20, respondent="late")
    state = disk_fills_up(room=len(before) // 2)
    with pytest.raises(OSError) as err:
        al.export_responses_csv(tmp_path / "answers.csv", data_dir=tmp_path)
    assert state["writes"] == 1  # the failure happened inside the real write
    assert str(err.value).startswith("The disk is full, so ")
    assert "Nothing was changed: any earlier file of that name is still there, whole." in str(
        err.value
    )
    assert good.read_bytes() == before
    assert no_leftovers(tmp_path) == []


def test_simulation_export_on_a_full_disk_never_mixes_two_clinics(tmp_path, disk_fills_up):
    first = al.simulate(al.Scenario(n_clients=40, n_therapists=4, seed=1))
    al.export_simulation(first, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    second = al.simulate(al.Scenario(n_clients=60, n_therapists=6, seed=2))
    disk_fills_up(room=2_000)  # clients.csv fits, sessions.csv does not
    with pytest.raises(OSError, match="The disk is full"):
        al.export_simulation(second, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert al.Scenario.from_json((tmp_path / "scenario.json").read_text()).seed == 1
    assert no_leftovers(tmp_path) == []


def test_the_command_line_reports_a_full_disk_in_one_plain_line(tmp_path, disk_fills_up, capsys):
    from alliance_lab.app.cli import main

    disk_fills_up(room=1_000)
    assert main(["simulate", "--clients", "50", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("alliance-lab simulate: The disk is full, so the files in ")
    assert "Traceback" not in err and "[Errno" not in err


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 kB tmpfs, where the machine allows mounting one (root in a container that may)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the fault-injection tests cover this")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_real_full_disk_csv_export(tmp_path, tiny_disk):
    data = tmp_path / "data"
    save(data, 5)
    good = al.export_responses_csv(tiny_disk / "answers.csv", data_dir=data)
    before = good.read_bytes()
    save(data, 30, respondent="a long respondent label to fill the disk " * 12)
    with pytest.raises(OSError, match="The disk is full"):
        al.export_responses_csv(tiny_disk / "answers.csv", data_dir=data)
    assert good.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["answers.csv"]


def test_real_full_disk_simulation_export(tiny_disk):
    small = al.simulate(al.Scenario(n_clients=5, n_therapists=1, planned_sessions=3, seed=1))
    al.export_simulation(small, tiny_disk)
    before = {p.name: p.read_bytes() for p in tiny_disk.iterdir()}
    big = al.simulate(al.Scenario(n_clients=200, n_therapists=20, seed=2))
    with pytest.raises(OSError, match="The disk is full"):
        al.export_simulation(big, tiny_disk)
    assert {p.name: p.read_bytes() for p in tiny_disk.iterdir()} == before


def test_real_full_disk_while_saving_keeps_every_earlier_answer(tiny_disk):
    saved = []
    with pytest.raises(OSError) as err:
        for i in range(2_000):
            saved.append(
                al.save_response(FORM, BOND, respondent=f"student {i:04d} " * 8, data_dir=tiny_disk)
            )
    assert "is full. This form was not saved (earlier answers are safe)" in str(err.value)
    back = al.load_responses(data_dir=tiny_disk)
    assert back["submission"].unique().tolist() == saved and len(saved) > 10
    assert back.groupby("submission").size().eq(5).all()  # no half-saved form


# --- a damaged database is reported, never read as fewer rows ---------------------------------


def leaf_page_of(database, table):
    with sqlite3.connect(database) as con:
        try:
            rows = con.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
            ).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a page with")
    return rows[0][0]


def test_a_damaged_page_is_reported_not_read_as_fewer_rows(tmp_path):
    save(tmp_path, 100, respondent="a respondent with a long label " * 2)
    database = tmp_path / DATABASE
    page = leaf_page_of(database, "submissions")
    data = bytearray(database.read_bytes())
    start = (page - 1) * 4096
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    data[start + 3 : start + 5] = (cells - 3).to_bytes(2, "big")  # three forms fall off the page
    database.write_bytes(bytes(data))
    with sqlite3.connect(database) as con:  # what reading without a check gives: fewer rows
        assert con.execute(
            "SELECT count(*) FROM submissions s JOIN answers a USING (submission)"
        ).fetchone()[0] in range(1, 1000)
    with pytest.raises(OSError) as err:
        al.load_responses(data_dir=tmp_path)
    message = str(err.value)
    assert message.startswith(f"The answers database {database} is damaged (")
    assert "Nothing was changed. Keep a copy of the file, then restore it from a backup" in message
    assert "'.recover'" in message
    assert database.read_bytes() == bytes(data)
    with pytest.raises(OSError, match="is damaged"):
        al.export_responses_csv(tmp_path / "out.csv", data_dir=tmp_path)
    assert not (tmp_path / "out.csv").exists()


def test_a_file_that_is_not_a_database_is_reported(tmp_path):
    (tmp_path / DATABASE).write_text("submission,item\n1,2\n")
    with pytest.raises(OSError, match=r"is damaged \(file is not a database\)"):
        al.load_responses(data_dir=tmp_path)


# --- a misspelt folder is reported, and nothing is created -----------------------------------


def test_reading_from_a_misspelt_folder_creates_nothing(tmp_path):
    save(tmp_path / "class", 1)
    typo = tmp_path / "clas"
    with pytest.raises(ValueError) as err:
        al.load_responses(data_dir=typo)
    assert str(err.value) == (
        f"data_dir must be an existing folder of saved answers; got '{typo}', which does not "
        "exist. Check the spelling; al.data_folder() shows where answers are saved by default. "
        "Nothing was created."
    )
    with pytest.raises(ValueError, match="which does not exist"):
        al.export_responses_csv(tmp_path / "out.csv", data_dir=typo)
    assert not typo.exists()
    # an existing folder with nothing saved yet: an empty table, and still no database file
    empty = tmp_path / "empty"
    empty.mkdir()
    assert al.load_responses(data_dir=empty).empty
    assert list(empty.iterdir()) == []


def test_a_file_as_data_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="data_dir must be a folder for the answers database"):
        al.save_response(FORM, BOND, data_dir=tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="data_dir must be a folder"):
        al.load_responses(data_dir=tmp_path / "notes.txt")


def test_filtering_by_a_misspelt_instrument_is_refused_not_empty(tmp_path):
    save(tmp_path, 1)
    with pytest.raises(ValueError, match="got 'bond-partnership'. Did you mean"):
        al.load_responses(instrument="bond-partnership", data_dir=tmp_path)


# --- another program holding the lock: a short wait and a plain message -----------------------


def test_a_held_lock_gives_a_plain_message_after_a_short_wait(tmp_path, monkeypatch):
    assert storage.LOCK_TIMEOUT <= 5
    save(tmp_path, 1)
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.3)
    holder = sqlite3.connect(tmp_path / DATABASE)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.perf_counter()
        with pytest.raises(OSError) as err:
            al.save_response(FORM, BOND, data_dir=tmp_path)
        # it waited for the other program before giving up (how long beyond the timeout
        # it takes is measured in benchmarks/bench_storage_lock.py, not guarded here)
        assert time.perf_counter() - start >= 0.3 * 0.95
        assert str(err.value).startswith(
            f"The answers database {tmp_path / DATABASE} is busy: another program has held it "
            "for more than 0.3 seconds"
        )
        assert "Nothing was saved or read. Close that program" in str(err.value)
    finally:
        holder.rollback()
        holder.close()
    assert al.load_responses(data_dir=tmp_path)["submission"].unique().tolist() == [1]


# --- several processes saving at once: nothing lost ------------------------------------------


def _writer(folder, name, n, barrier):
    barrier.wait()
    for i in range(n):
        al.save_response(FORM, BOND, respondent=f"{name}-{i}", data_dir=folder)


def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path):
    writers, each = 6, 40
    # fork: the children start with the package already imported (importing it takes seconds)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    barrier = context.Barrier(writers)
    procs = [
        context.Process(target=_writer, args=(str(tmp_path), f"w{k}", each, barrier))
        for k in range(writers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * writers
    saved = al.load_responses(data_dir=tmp_path)
    assert saved["submission"].nunique() == writers * each
    assert saved["respondent"].nunique() == writers * each
    assert saved.groupby("submission").size().eq(len(FORM)).all()
    assert sorted(saved["submission"].unique()) == list(range(1, writers * each + 1))
    scores = al.score(saved)  # the instrument and version columns say how to score them
    assert scores["score"].eq(5.6).all()
    pd.testing.assert_series_equal(
        scores["respondent"].value_counts().sort_index(),
        saved.drop_duplicates("submission")["respondent"].value_counts().sort_index(),
    )


# --- siblings: empty forms, misspelt filters ------------------------------------------------


def test_an_empty_form_is_not_saved(tmp_path):
    with pytest.raises(
        ValueError, match="answers must be a form with at least one answered item; got no answer"
    ):
        al.save_response({}, BOND, data_dir=tmp_path)
    with pytest.raises(ValueError, match="got only missing answers. Fill in the form first"):
        al.save_response(dict.fromkeys(range(1, 6)), BOND, data_dir=tmp_path)
    assert not (tmp_path / DATABASE).exists() or al.load_responses(data_dir=tmp_path).empty


def test_filtering_by_a_misspelt_perspective_is_refused_not_empty(tmp_path):
    save(tmp_path, 1)
    with pytest.raises(
        ValueError,
        match="perspective must be one of 'client', 'therapist', 'observer'; got 'clent'",
    ):
        al.load_responses(perspective="clent", data_dir=tmp_path)
    assert len(al.load_responses(perspective="client", data_dir=tmp_path)) == 5


def test_exporting_something_that_is_not_a_simulation(tmp_path):
    with pytest.raises(
        ValueError, match="result must be the result of al.simulate .a SimulationResult.; got dict"
    ):
        al.export_simulation({}, tmp_path)


def test_a_read_only_database_gives_a_plain_message(tmp_path, monkeypatch):
    # (Run as root, file permissions do not stop a write, so SQLite's own error is injected.)
    real_connect = sqlite3.connect

    def read_only(*args, **kwargs):
        con = real_connect(*args, **kwargs)
        con.execute("PRAGMA query_only = ON")
        return con

    monkeypatch.setattr(sqlite3, "connect", read_only)
    with pytest.raises(OSError) as err:
        al.save_response(FORM, BOND, data_dir=tmp_path)
    assert str(err.value).startswith(
        f"The answers database {tmp_path / DATABASE} cannot be written ("
    )
    assert "Nothing was saved. Save to a folder you may write in, with data_dir=" in str(err.value)
