"""Which form each row belongs to: the ``instrument`` and ``version`` columns, checked.

Saved answers and scores carry the instrument and the version of its definition they were
given under. ``split_forms`` cuts a table into one block per (instrument, version), each
paired with the definition that must score it, and refuses a table whose rows belong to
another instrument than the one named: scoring them with the wrong key gives numbers that
look right and are not.
"""

import numpy as np
import pandas as pd

from .._validation import fail, show
from .definition import Instrument, load_instrument

__all__ = ["split_forms"]


def _column_values(data, column, what):
    values = data[column]
    blank = values.isna() | values.map(lambda v: isinstance(v, str) and not v.strip())
    if blank.any():
        row = data.index[blank.to_numpy()][0]
        fail(
            f"the {column} column of {what} (row {row})",
            allowed=f"filled in on every row (the {column} that row belongs to)",
            given="an empty cell",
            fix=f"Fill it in, or drop the {column} column if every row belongs to the "
            "instrument you name.",
        )
    return values.map(lambda v: v.strip() if isinstance(v, str) else str(v))


def _mismatch_fix(instrument_id, what):
    keep = f"or keep only its rows: data[data['instrument'] == {instrument_id!r}]."
    if what.startswith("scores"):
        return (
            f"The cutoffs and ranges of {instrument_id} say nothing about another form's "
            "scores. Leave the instrument out (the instrument column says where each score "
            f"comes from), {keep}"
        )
    return (
        f"Scoring them with the {instrument_id} key would give wrong numbers. Leave the "
        f"instrument out to score each form by its own key (al.score(data)), {keep}"
    )


def split_forms(data, instrument, what, *, positions=False):
    """``[(Instrument, rows of data), ...]``, one per (instrument, version) in ``data``.

    Without an ``instrument`` column the whole table belongs to ``instrument``; without a
    ``version`` column to its current definition. ``what`` names the table in messages.
    With ``positions=True`` each pair also carries the row positions of its block.
    """
    inst = None
    if instrument is not None:
        inst = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    if "instrument" in data.columns:
        ids = _column_values(data, "instrument", what)
        if inst is not None:
            other = (ids != inst.id).to_numpy()
            if other.any():
                row = data.index[other][0]
                found = sorted(set(ids[other]))
                fail(
                    f"the instrument of every row of {what}",
                    allowed=f"{inst.id!r}, the instrument you named",
                    given=f"{show(ids[row])} in row {row} ({int(other.sum())} rows of "
                    + ", ".join(map(repr, found))
                    + ")",
                    fix=_mismatch_fix(inst.id, what),
                )
    elif inst is None:
        fail(
            "instrument",
            allowed="an id from al.list_instruments(), or an 'instrument' column in the table",
            given=f"neither (the columns of {what} are {list(data.columns)})",
            fix="Name it, for example al.score(data, 'bordin-teaching').",
        )
    else:
        ids = pd.Series(inst.id, index=data.index)
    if "version" in data.columns:
        versions = _column_values(data, "version", what)
    else:
        versions = pd.Series(None, index=data.index, dtype=object)
    if len(data) == 0 and inst is not None:
        return [(inst, data, np.arange(0))] if positions else [(inst, data)]
    keys = pd.DataFrame({"i": ids.to_numpy(), "v": versions.to_numpy()})
    out = []
    for (inst_id, version), rows in keys.groupby(
        ["i", "v"], sort=False, dropna=False
    ).indices.items():
        base = inst if inst is not None and inst.id == inst_id else inst_id
        if isinstance(version, str):
            form = load_instrument(base, version=version)
        else:
            form = load_instrument(base)
        out.append((form, data.iloc[rows], rows) if positions else (form, data.iloc[rows]))
    return out
