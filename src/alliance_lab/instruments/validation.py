"""Checking a long table of responses against an instrument, with messages students understand."""

import numpy as np
import pandas as pd

from .._validation import check_table, fail

__all__ = ["validate_responses"]

#: Columns the scores table (``score``, ``apply_cutoffs``) writes itself; an identifier column
#: of the same name would be overwritten, so it is refused.
RESERVED = ("scale", "score", "note", "cutoff", "comparison", "flagged", "meaning")
#: Columns that say which form the answers belong to; never treated as identifiers.
FORM_COLUMNS = ("instrument", "version")


def _scale_words(inst):
    s = inst.scale
    if s.kind == "vas":
        return f"a number from {s.min:g} to {s.max:g} (one decimal is enough)"
    points = ", ".join(f"{v} = {label}" for v, label in sorted(s.anchors.items()))
    return f"a whole number from {s.min:g} to {s.max:g}" + (f" ({points})" if points else "")


def _show(value):
    """A cell value as a student would write it: 7, 2.5, 'often'."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _not_plain_number(value):
    # True/False and complex numbers pass pd.to_numeric, but are not answers on a scale.
    return isinstance(value, bool | np.bool_ | complex | np.complexfloating)


def _odd_cells(column):
    """Cells holding True/False or a complex number (only an object column can mix them in)."""
    if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_complex_dtype(column.dtype):
        return column.notna().to_numpy()
    if column.dtype != object:
        return np.zeros(len(column), dtype=bool)
    return column.map(_not_plain_number).to_numpy(dtype=bool)


def _who(data, id_cols, pos):
    """``, client=1, session=2``: the identifiers of a row, to name it in a message."""
    if not id_cols:
        return ""
    row = data.iloc[pos]
    return ", " + ", ".join(f"{c}={_show(row[c])}" for c in id_cols)


def validate_responses(responses, inst):
    """Return a clean copy of ``responses``: ``item`` as int, ``response`` as float.

    Every column other than ``item`` and ``response`` is an identifier. A missing response
    (empty cell, ``NaN`` or ``None``) is allowed and left missing; anything else that is not
    on the instrument's scale raises a ``ValueError`` naming the row and the item.

    >>> from alliance_lab.instruments.definition import load_instrument
    >>> inst = load_instrument("bordin-teaching")
    >>> validate_responses(pd.DataFrame({"item": [1], "response": [9]}), inst)
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: response (row 0, item 1) must be on the scale of bordin-teaching: a whole number from 1 to 5 (1 = never, 2 = rarely, 3 = sometimes, 4 = often, 5 = always); got 9. Correct that cell, or check that these answers belong to bordin-teaching.
    """  # noqa: E501
    check_table(responses, "responses", columns=("item", "response"))
    clash = [c for c in RESERVED if c in responses.columns]
    if clash:
        fail(
            f"the column {clash[0]!r} of responses",
            allowed="an identifier whose name the scores table does not use itself "
            f"({', '.join(RESERVED)} are taken)",
            given=f"a column named {clash[0]!r}",
            fix=f"Rename it, for example data.rename(columns={{{clash[0]!r}: 'my_{clash[0]}'}}).",
        )
    data = responses.copy()
    id_cols = [c for c in data.columns if c not in ("item", "response")]
    labels = data.index

    raw_item = data["item"]
    odd = _odd_cells(raw_item)
    item = raw_item.where(~odd) if odd.any() else raw_item
    item = pd.to_numeric(item, errors="coerce").to_numpy(dtype=float)
    n_items = len(inst.items)
    bad = odd | ~(np.isfinite(item) & (item == np.round(item)) & (item >= 1) & (item <= n_items))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        fail(
            f"item (row {labels[pos]}{_who(data, id_cols, pos)})",
            allowed=f"an item number of {inst.id}: a whole number from 1 to {n_items}",
            given=_show(raw_item.iloc[pos]),
            fix=f"Correct that row, or check that these answers belong to {inst.id}.",
        )

    raw = data["response"]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        blank = raw.map(lambda v: isinstance(v, str) and v.strip() == "").to_numpy(dtype=bool)
        raw = raw.mask(blank)
    given = raw.notna().to_numpy()
    odd = _odd_cells(raw)
    value = raw.where(~odd).astype(object) if odd.any() else raw
    value = pd.to_numeric(value, errors="coerce").to_numpy(dtype=float)
    nonnumeric = given & (np.isnan(value) | odd)
    if nonnumeric.any():
        pos = int(np.flatnonzero(nonnumeric)[0])
        fail(
            f"response (row {labels[pos]}{_who(data, id_cols, pos)}, item {int(item[pos])})",
            allowed=f"{_scale_words(inst)}, or an empty cell for a missing answer",
            given=_show(raw.iloc[pos]),
            fix="Correct that cell; leave it empty if the answer is missing.",
        )
    s = inst.scale
    answered = ~np.isnan(value)
    outside = answered & ((value < s.min) | (value > s.max) | ~np.isfinite(value))
    if s.kind == "likert":
        outside |= answered & (value != np.round(value))
    if outside.any():
        pos = int(np.flatnonzero(outside)[0])
        fail(
            f"response (row {labels[pos]}{_who(data, id_cols, pos)}, item {int(item[pos])})",
            allowed=f"on the scale of {inst.id}: {_scale_words(inst)}",
            given=_show(raw.iloc[pos]),
            fix=f"Correct that cell, or check that these answers belong to {inst.id}.",
        )

    data["item"] = item.astype(int)
    data["response"] = value
    dup = data.duplicated(subset=[*id_cols, "item"], keep=False).to_numpy()
    if dup.any():
        pos = np.flatnonzero(dup)
        first = int(pos[0])
        same = data.iloc[pos][[*id_cols, "item"]].eq(data.iloc[first][[*id_cols, "item"]])
        matches = pos[same.all(axis=1).to_numpy()]
        second = int(matches[1] if len(matches) > 1 else pos[1])
        who = _who(data, id_cols, first)
        who = f" ({who[2:]})" if who else " (no identifier columns, so one respondent)"
        fail(
            f"item {int(item[first])} (rows {labels[first]} and {labels[second]})",
            allowed="answered once per respondent",
            given=f"two answers from the same respondent{who}",
            fix="Keep one answer per item, or add an identifier column (for example 'client' "
            "or 'session') that tells the respondents apart.",
        )
    return data
