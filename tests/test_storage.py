"""Saving, reopening, filtering, CSV export with formula escaping, and import with validation."""

import sqlite3

import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.storage import DATABASE

FORM = {1: 6, 2: 5, 3: 2, 4: 7, 5: 4}


def test_data_folder_follows_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_LAB_DATA_DIR", str(tmp_path / "from-env"))
    assert al.data_folder() == tmp_path / "from-env"
    assert al.data_folder(tmp_path / "given") == tmp_path / "given"
    assert (tmp_path / "given").is_dir()
    monkeypatch.delenv("ALLIANCE_LAB_DATA_DIR")
    assert "alliance_lab" in str(al.data_folder())


def test_saved_answers_survive_reopening_and_score_like_the_originals(tmp_path):
    first = al.save_response(FORM, "arm-5", respondent="A", data_dir=tmp_path)
    second = al.save_response(
        pd.DataFrame({"item": [1, 2, 3, 4, 5], "response": [1, 2, 7, 1, 2]}),
        "arm-5",
        perspective="therapist",
        respondent="B",
        data_dir=tmp_path,
    )
    assert (first, second) == (1, 2)
    # a fresh connection, as after a kernel restart, sees both
    with sqlite3.connect(tmp_path / DATABASE) as con:
        assert con.execute("SELECT count(*) FROM answers").fetchone() == (10,)
    saved = al.load_responses(data_dir=tmp_path)
    assert list(saved.columns) == [
        "submission", "submitted_at", "instrument", "version", "perspective", "respondent",
        "item", "response",
    ]  # fmt: skip
    scores = al.score(saved, "arm-5")
    assert scores.set_index("respondent")["score"].to_dict() == pytest.approx(
        {"A": 5.6, "B": (1 + 2 + 1 + 1 + 2) / 5}
    )
    only_b = al.load_responses(perspective="therapist", data_dir=tmp_path)
    assert set(only_b["respondent"]) == {"B"}


def test_missing_answers_are_stored_as_missing(tmp_path):
    al.save_response({1: 6, 2: None, 3: 2, 4: 7, 5: 4}, "arm-5", data_dir=tmp_path)
    saved = al.load_responses(data_dir=tmp_path)
    assert saved["response"].isna().tolist() == [False, True, False, False, False]


def test_bad_form_is_not_saved_at_all(tmp_path):
    with pytest.raises(ValueError, match=r"response \(row 4, item 5\) must be on the scale"):
        al.save_response({1: 6, 2: 5, 3: 2, 4: 7, 5: 8}, "arm-5", data_dir=tmp_path)
    with pytest.raises(
        ValueError, match=r"perspective \(for srs\) must be one of 'client'; got 'observer'"
    ):
        al.save_response({1: 5}, "srs", perspective="observer", data_dir=tmp_path)
    with pytest.raises(
        ValueError,
        match=r"answers must be one form: only the columns 'item' and 'response'; got also \['cl",
    ):
        al.save_response(
            pd.DataFrame({"client": [1], "item": [1], "response": [3]}), "arm-5", data_dir=tmp_path
        )
    assert al.load_responses(data_dir=tmp_path).empty


def test_one_transaction_per_submission(tmp_path, monkeypatch):
    """A failure halfway through writing leaves no half-saved form."""
    al.save_response(FORM, "arm-5", data_dir=tmp_path)
    real_connect = sqlite3.connect

    class Failing:
        def __init__(self, con):
            self.con = con

        def __getattr__(self, name):
            return getattr(self.con, name)

        def __enter__(self):
            return self.con.__enter__()

        def __exit__(self, *exc):
            return self.con.__exit__(*exc)

        def executemany(self, *args):
            raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Failing(real_connect(*a, **k)))
    with pytest.raises(OSError, match="is full. This form was not saved .earlier answers are safe"):
        al.save_response(FORM, "arm-5", data_dir=tmp_path)
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    saved = al.load_responses(data_dir=tmp_path)
    assert saved["submission"].unique().tolist() == [1]
    with real_connect(tmp_path / DATABASE) as con:
        assert con.execute("SELECT count(*) FROM submissions").fetchone() == (1,)


def test_csv_export_escapes_formulas_and_round_trips(tmp_path):
    tricky = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "'quoted", "plain"]
    for name in tricky:
        al.save_response(FORM, "arm-5", respondent=name, data_dir=tmp_path)
    path = al.export_responses_csv(tmp_path / "out.csv", data_dir=tmp_path)
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    written = text.drop_duplicates("submission")["respondent"].tolist()
    assert written == [
        "'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tTab", "'\rCR", "''quoted", "plain"
    ]  # fmt: skip
    # numbers stay numbers (no apostrophe)
    assert text["response"].iloc[:5].tolist() == ["6.0", "5.0", "2.0", "7.0", "4.0"]
    assert text["item"].iloc[:2].tolist() == ["1", "2"]

    back = al.import_responses_csv(path)
    original = al.load_responses(data_dir=tmp_path)
    pd.testing.assert_frame_equal(back, original, check_dtype=False)
    assert back["respondent"].drop_duplicates().tolist() == tricky


def test_csv_import_validates_like_score(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("student,item,response\nana,1,4\nana,2,often\n")
    with pytest.raises(ValueError) as err:
        al.import_responses_csv(path, instrument="bordin-teaching")
    message = str(err.value)
    assert message.startswith(
        "response (row 3, student='ana', item 2) in class.csv must be a whole number from 1 to 5"
    )
    assert message.endswith(
        "; got 'often'. Correct that cell; leave it empty if the answer is missing."
    )

    path.write_text("student,item,response\nana,1,4\nana,1,5\n")
    with pytest.raises(
        ValueError, match=r"item 1 \(rows 2 and 3\) in class.csv must be answered once"
    ):
        al.import_responses_csv(path, instrument="bordin-teaching")

    path.write_text("student,item,response\nana,1,4\nana,2,\n")
    ok = al.import_responses_csv(path, instrument="bordin-teaching")
    assert ok["response"].isna().tolist() == [False, True]

    with pytest.raises(ValueError, match="an 'instrument' column in the table; got neither"):
        al.import_responses_csv(path)
