"""Saving questionnaire submissions in a small SQLite database, and CSV export/import.

The database lives in a per-user data folder (``data_folder()``); the environment
variable ``ALLIANCE_LAB_DATA_DIR`` or the ``data_dir=`` argument moves it, for example
to a shared course folder. Each submission is written in one transaction, so a form is
either saved whole or not at all. Only item numbers and responses are stored: never
any item wording, so a licensed wording loaded from a local file stays on its file.
"""

import csv
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .instruments.definition import Instrument, load_instrument
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
    if data_dir is None:
        data_dir = os.environ.get(ENV) or None
    if data_dir is None:
        try:
            from platformdirs import user_data_dir
        except ImportError:  # pragma: no cover - platformdirs ships with Jupyter
            data_dir = Path.home() / ".local" / "share" / "alliance_lab"
        else:
            data_dir = user_data_dir("alliance_lab", appauthor=False)
    folder = Path(data_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _connect(data_dir):
    con = sqlite3.connect(data_folder(data_dir) / DATABASE, timeout=30)
    con.executescript(_SCHEMA)
    return con


def _answers_table(answers):
    if isinstance(answers, dict):
        return pd.DataFrame({"item": list(answers), "response": list(answers.values())})
    if isinstance(answers, pd.DataFrame):
        extra = [c for c in answers.columns if c not in ("item", "response")]
        if extra:
            raise ValueError(
                f"answers holds one form: only the columns 'item' and 'response'; got also {extra}."
            )
        return answers
    raise ValueError(
        "answers must be a dict {item number: response} or a table with columns 'item' and "
        f"'response'; got {type(answers).__name__}."
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
    if perspective not in inst.perspectives:
        raise ValueError(
            f"perspective must be one of {list(inst.perspectives)} for {inst.id}; "
            f"got {perspective!r}."
        )
    data = validate_responses(_answers_table(answers), inst)
    rows = [
        (int(i), None if np.isnan(r) else float(r))
        for i, r in zip(data["item"], data["response"], strict=True)
    ]
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    con = _connect(data_dir)
    try:
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
    finally:
        con.close()
    return submission


def load_responses(*, instrument=None, perspective=None, respondent=None, data_dir=None):
    """Read saved answers back as a long table, one row per item.

    Columns: ``submission``, ``submitted_at``, ``instrument``, ``version``, ``perspective``,
    ``respondent``, ``item``, ``response``. Filter with the keyword arguments. For one
    instrument the table can go straight into ``al.score``.
    """
    where, params = [], []
    for column, value in (
        ("instrument", instrument if not isinstance(instrument, Instrument) else instrument.id),
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
    con = _connect(data_dir)
    try:
        table = pd.read_sql_query(query, con, params=params)
    finally:
        con.close()
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
    table = load_responses(instrument=instrument, data_dir=data_dir)
    path = Path(path)
    # Text is quoted (a line break or carriage return inside a cell stays in its cell);
    # numbers are written bare, so a spreadsheet reads them as numbers.
    table.apply(_escape).to_csv(path, index=False, quoting=csv.QUOTE_NONNUMERIC)
    return path


def import_responses_csv(path, *, instrument=None):
    """Read a CSV of responses, with the same checks as ``al.score``.

    The file needs ``item`` and ``response`` columns; every other column is an identifier.
    Give ``instrument=`` or include an ``instrument`` column. Row numbers in error messages
    are those a spreadsheet shows (the header is row 1). Returns the long table; pass it to
    ``al.score``. It is not written to the database.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"No CSV file at {path}.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = table.apply(lambda col: col.mask(col.str.startswith("'"), col.str[1:]))
    table.index = np.arange(2, len(table) + 2)
    if instrument is None and "instrument" not in table.columns:
        raise ValueError(f"{path.name}: give instrument= or add an 'instrument' column.")
    if instrument is not None:
        inst_id = instrument.id if isinstance(instrument, Instrument) else instrument
        if "instrument" in table.columns and (table["instrument"] != inst_id).any():
            row = table.index[(table["instrument"] != inst_id).to_numpy()][0]
            raise ValueError(
                f"{path.name}, row {row}: instrument {table.loc[row, 'instrument']!r} is not "
                f"{inst_id!r}."
            )
        groups = [(instrument, table)]
    else:
        groups = list(table.groupby("instrument", sort=False))
    parts = []
    for inst_id, group in groups:
        try:
            parts.append(validate_responses(group, load_instrument(inst_id)))
        except ValueError as err:
            raise ValueError(f"{path.name} (rows numbered as in a spreadsheet): {err}") from None
    out = pd.concat(parts).sort_index().reset_index(drop=True)
    if "submission" in out.columns:
        numbers = pd.to_numeric(out["submission"], errors="coerce")
        if numbers.notna().all():
            out["submission"] = numbers.astype(int)
    return out
