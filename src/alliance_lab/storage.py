"""Saving questionnaire submissions in a small SQLite database, and CSV export/import.

The database lives in a per-user data folder (``data_folder()``); the environment
variable ``ALLIANCE_LAB_DATA_DIR`` or the ``data_dir=`` argument moves it, for example
to a shared course folder. Each submission is written in one transaction, so a form is
either saved whole or not at all. Only item numbers and responses are stored: never
any item wording, so a licensed wording loaded from a local file stays on its file.
"""

import contextlib
import csv
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ._atomic import write_file
from ._csvfile import read_table
from ._validation import InputError, check_choice, check_columns, fail
from .instruments.definition import PERSPECTIVES, Instrument, load_instrument
from .instruments.forms import split_forms
from .instruments.validation import validate_responses

__all__ = [
    "data_folder",
    "export_responses_csv",
    "import_responses_csv",
    "load_responses",
    "save_response",
]

ENV = "ALLIANCE_LAB_DATA_DIR"
DATABASE = "responses.sqlite3"
#: Seconds to wait for another program that is writing to the database. A save takes a few
#: milliseconds, so this covers busy classes; a program holding the lock longer is stuck.
LOCK_TIMEOUT = 5.0
COLUMNS = ["submission", "submitted_at", "instrument", "version", "perspective", "respondent"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    submission INTEGER PRIMARY KEY AUTOINCREMENT,
    submitted_at TEXT NOT NULL,
    instrument TEXT NOT NULL,
    version TEXT NOT NULL,
    perspective TEXT NOT NULL,
    respondent TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    submission INTEGER NOT NULL REFERENCES submissions (submission),
    item INTEGER NOT NULL,
    response REAL,
    PRIMARY KEY (submission, item)
);
"""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


class StorageError(OSError):
    """The answers database cannot be used; the message says why and what to do."""

    def __str__(self):
        return self.args[0] if self.args else ""


def _chosen_folder(data_dir):
    """(folder, named): the folder in use, and whether it was named in the call itself.

    Only a ``data_dir=`` typed in the call must already exist when answers are read; the
    environment variable names a course folder that appears with the first saved form.
    """
    if data_dir is not None:
        return Path(data_dir).expanduser(), True
    data_dir = os.environ.get(ENV) or None
    if data_dir is not None:
        return Path(data_dir).expanduser(), False
    try:
        from platformdirs import user_data_dir
    except ImportError:  # pragma: no cover - platformdirs ships with Jupyter
        return Path.home() / ".local" / "share" / "alliance_lab", False
    return Path(user_data_dir("alliance_lab", appauthor=False)), False


def data_folder(data_dir=None):
    """The folder that holds saved answers (created if needed).

    In order: the ``data_dir`` argument, the ``ALLIANCE_LAB_DATA_DIR`` environment
    variable, the per-user data folder from ``platformdirs``, else
    ``~/.local/share/alliance_lab``.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> data_folder(folder) == Path(folder)
    True
    """
    folder, _named = _chosen_folder(data_dir)
    if folder.exists() and not folder.is_dir():
        fail(
            "data_dir",
            allowed="a folder for the answers database",
            given=f"the file {str(folder)!r}",
            fix="Name a folder (the database file inside it is called responses.sqlite3).",
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _existing_database(data_dir):
    """The database file to read, or None if nothing was saved yet; never creates one."""
    folder, named = _chosen_folder(data_dir)
    if folder.exists() and not folder.is_dir():
        fail(
            "data_dir",
            allowed="a folder for the answers database",
            given=f"the file {str(folder)!r}",
            fix="Name the folder that holds responses.sqlite3, not a file.",
        )
    if not folder.is_dir():
        if named:
            fail(
                "data_dir",
                allowed="an existing folder of saved answers",
                given=f"{str(folder)!r}, which does not exist",
                fix="Check the spelling; al.data_folder() shows where answers are saved by "
                "default. Nothing was created.",
            )
        return None
    path = folder / DATABASE
    return path if path.is_file() else None


def _plain_error(error, path):
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"The answers database {path} is busy: another program has held it for more than "
            f"{LOCK_TIMEOUT:g} seconds (a database viewer with unsaved changes, or a stuck "
            "notebook). Nothing was saved or read. Close that program, or restart the other "
            "notebook's kernel, and try again."
        )
    if "full" in text:
        return StorageError(
            f"The disk that holds {path} is full. This form was not saved (earlier answers are "
            "safe). Free some space, or save to a folder on another disk with data_dir=, and "
            "try again."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _damaged(path, str(error))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(
            f"The answers database {path} cannot be written ({error}): the folder or the file "
            "is read-only, or on a disk that is not there. Nothing was saved. Save to a folder "
            "you may write in, with data_dir=, or ask whoever looks after the computer."
        )
    return StorageError(f"The answers database {path} could not be used: {error}.")


def _damaged(path, detail):
    return StorageError(
        f"The answers database {path} is damaged ({detail}), so some saved answers cannot be "
        "read. Nothing was changed. Keep a copy of the file, then restore it from a backup, "
        "or recover what is readable with the sqlite3 program: "
        f"sqlite3 {path.name} '.recover' | sqlite3 recovered.sqlite3."
    )


@contextlib.contextmanager
def _database(path, *, check=False):
    """An open connection to ``path``; SQLite's errors become plain :class:`StorageError`."""
    con = None
    try:
        con = sqlite3.connect(path, timeout=LOCK_TIMEOUT)
        con.executescript(_SCHEMA)
        if check:
            problems = [row[0] for row in con.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise _damaged(path, "; ".join(problems[:2]))
        yield con
    except (sqlite3.Error, pd.errors.DatabaseError) as error:  # pandas wraps SQLite's errors
        raise _plain_error(error, path) from None
    finally:
        if con is not None:
            con.close()


def _answers_table(answers):
    if isinstance(answers, dict):
        return pd.DataFrame(
            {"item": pd.Series(list(answers), dtype=object), "response": list(answers.values())}
        )
    if isinstance(answers, pd.DataFrame):
        check_columns(answers, "answers", ("item", "response"))
        extra = [c for c in answers.columns if c not in ("item", "response")]
        if extra:
            fail(
                "answers",
                allowed="one form: only the columns 'item' and 'response'",
                given=f"also {extra}",
                fix="Save one form at a time; the instrument, perspective and respondent are "
                "arguments of save_response.",
            )
        return answers
    fail(
        "answers",
        allowed="a dict {item number: response} or a table with columns 'item' and 'response'",
        given=type(answers).__name__,
        fix="For example save_response({1: 4, 2: 5, ...}, 'bordin-teaching').",
    )


def save_response(answers, instrument, *, perspective="client", respondent="", data_dir=None):
    """Save one filled-in form; return its submission number.

    Parameters
    ----------
    answers : dict or DataFrame
        ``{item number: response}`` or a table with ``item`` and ``response``; checked like
        ``al.score`` checks its input. Unanswered items may be left out or set to ``None``.
    instrument : str or Instrument
    perspective : str
        Whose view the form gives: one of the instrument's perspectives.
    respondent : str
        A name, a code or a role-play label.
    data_dir : str or path, optional
        Where the database is (default: ``data_folder()``).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> save_response({1: 3, 2: 4, 3: 2, 4: 1, 5: 4, 6: 3, 7: 4, 8: 3},
    ...               "bond-partnership-teaching", respondent="pair 1", data_dir=folder)
    1
    >>> load_responses(data_dir=folder)[["submission", "respondent", "item", "response"]].head(2)
       submission respondent  item  response
    0           1     pair 1     1       3.0
    1           1     pair 1     2       4.0
    """
    inst = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    check_choice(perspective, f"perspective (for {inst.id})", inst.perspectives)
    data = validate_responses(_answers_table(answers), inst)
    if data["response"].isna().all():
        fail(
            "answers",
            allowed="a form with at least one answered item",
            given="no answer" if data.empty else "only missing answers",
            fix="Fill in the form first; nothing was saved.",
        )
    rows = [
        (int(i), None if np.isnan(r) else float(r))
        for i, r in zip(data["item"], data["response"], strict=True)
    ]
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with _database(data_folder(data_dir) / DATABASE) as con:
        with con:  # one transaction: the whole form or nothing
            cursor = con.execute(
                "INSERT INTO submissions (submitted_at, instrument, version, perspective, "
                "respondent) VALUES (?, ?, ?, ?, ?)",
                (stamp, inst.id, inst.version, perspective, str(respondent)),
            )
            submission = cursor.lastrowid
            con.executemany(
                "INSERT INTO answers (submission, item, response) VALUES (?, ?, ?)",
                [(submission, item, response) for item, response in rows],
            )
    return submission


def load_responses(*, instrument=None, perspective=None, respondent=None, data_dir=None):
    """Read saved answers back as a long table, one row per item.

    Columns: ``submission``, ``submitted_at``, ``instrument``, ``version``, ``perspective``,
    ``respondent``, ``item``, ``response``. Filter with the keyword arguments. The table
    goes straight into ``al.score``, which scores each form with the key of the version
    it was given under.

    Before reading, the database is checked for damage: a damaged file is reported, never
    read as fewer rows. A ``data_dir`` that does not exist is reported too (nothing is
    created by reading). Before anything was saved, the table is empty.
    """
    if isinstance(instrument, Instrument):
        instrument = instrument.id
    elif instrument is not None:
        load_instrument(instrument)  # a typing error gets a message, not an empty table
    if perspective is not None:
        check_choice(perspective, "perspective", PERSPECTIVES)
    where, params = [], []
    for column, value in (
        ("instrument", instrument),
        ("perspective", perspective),
        ("respondent", respondent),
    ):
        if value is not None:
            where.append(f"s.{column} = ?")
            params.append(value)
    query = (
        "SELECT s.submission, s.submitted_at, s.instrument, s.version, s.perspective, "
        "s.respondent, a.item, a.response FROM submissions s JOIN answers a "
        "ON a.submission = s.submission"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.submission, a.item"
    )
    path = _existing_database(data_dir)
    if path is None:
        table = pd.DataFrame(
            {c: pd.Series(dtype=object) for c in COLUMNS}
            | {"item": pd.Series(dtype=int), "response": pd.Series(dtype=float)}
        )
        return table
    with _database(path, check=True) as con:
        table = pd.read_sql_query(query, con, params=params)
    table["response"] = table["response"].astype(float)
    return table


def _escape(column):
    if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
        return column  # numbers stay numbers
    text = column.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
    return column.mask(text.to_numpy(dtype=bool), "'" + column.astype(str))


def export_responses_csv(path, *, instrument=None, data_dir=None):
    """Write saved answers to a CSV file that is safe to open in a spreadsheet.

    Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
    run as a formula by a spreadsheet; they (and cells starting with ``'``) get a leading
    apostrophe. Number columns are written as numbers. ``import_responses_csv`` undoes the
    escaping. Returns the path written.
    """
    path = Path(path)
    _check_export_target(path, data_dir)
    table = load_responses(instrument=instrument, data_dir=data_dir)
    # Text is quoted (a line break or carriage return inside a cell stays in its cell);
    # numbers are written bare, so a spreadsheet reads them as numbers. The file is written
    # whole or not at all: a full disk leaves any earlier export as it was.
    escaped = table.apply(_escape)
    write_file(
        path,
        lambda handle: escaped.to_csv(handle, index=False, quoting=csv.QUOTE_NONNUMERIC),
        encoding="utf-8",
        newline="",
    )
    return path


def _check_export_target(path, data_dir):
    if path.is_dir():
        fail(
            "path",
            allowed="a file name for the CSV export",
            given=f"the folder {str(path)!r}",
            fix="Add a file name, for example answers.csv.",
        )
    database = _existing_database(data_dir)
    same = database is not None and path.exists() and os.path.samefile(path, database)
    is_database = path.is_file() and path.read_bytes()[:16] == b"SQLite format 3\x00"
    if same or is_database or path.name == DATABASE:
        fail(
            "path",
            allowed="a new CSV file, never the answers database",
            given=f"{str(path)!r}, " + ("the database itself" if same else "a database file"),
            fix="Writing CSV text over it would destroy every saved answer. Choose another "
            "name, for example answers.csv.",
        )
    if not path.parent.is_dir():
        fail(
            "path",
            allowed="a file in an existing folder",
            given=f"{str(path)!r}, whose folder does not exist",
            fix="Check the folder name, or create the folder first.",
        )


def import_responses_csv(path, *, instrument=None):
    """Read a CSV of responses, with the same checks as ``al.score``.

    The file needs ``item`` and ``response`` columns; every other column is an identifier.
    Give ``instrument=`` or include an ``instrument`` column. Row numbers in error messages
    are those a spreadsheet shows (the header is row 1). Returns the long table; pass it to
    ``al.score``. It is not written to the database.

    Files as spreadsheets write them are read: comma or semicolon separated (with a decimal
    comma), UTF-8, Windows-1252 or UTF-16, with a separator at the end of each line or empty
    rows at the end. A file that cannot be read (empty, a workbook, a column without a name
    that holds values, a column name given twice) gets a message saying how to save it.
    """
    path = Path(path)
    table = read_table(path)
    table = table.apply(lambda col: col.mask(col.str.startswith("'"), col.str[1:]))
    if table.empty:
        fail(
            f"the CSV file {path.name}",
            allowed="a header row and at least one row of answers",
            given=f"only a header ({', '.join(table.columns)})",
            fix="Check that you exported the right sheet, with its rows.",
        )
    parts = []
    try:
        check_columns(table, f"the CSV file {path.name}", ("item", "response"))
        for inst, group in split_forms(table, instrument, f"the CSV file {path.name}"):
            parts.append(validate_responses(group, inst))
    except InputError as err:
        name = err.name if path.name in err.name else f"{err.name} in {path.name}"
        raise InputError(name, allowed=err.allowed, given=err.given, fix=err.fix) from None
    out = pd.concat(parts).sort_index().reset_index(drop=True)
    if "submission" in out.columns:
        numbers = pd.to_numeric(out["submission"], errors="coerce")
        if numbers.notna().all():
            out["submission"] = numbers.astype(int)
    return out
