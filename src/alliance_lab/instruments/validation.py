"""Checking a long table of responses against an instrument, with messages students understand."""

import numpy as np
import pandas as pd

__all__ = ["validate_responses"]

RESERVED = ("scale", "score")


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


def _who(data, id_cols, pos):
    if not id_cols:
        return ""
    row = data.iloc[pos]
    return " (" + ", ".join(f"{c}={_show(row[c])}" for c in id_cols) + ")"


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
    ValueError: Row 0, item 1: response 9 is outside the scale of bordin-teaching. Allowed: a whole number from 1 to 5 (1 = never, 2 = rarely, 3 = sometimes, 4 = often, 5 = always).
    """  # noqa: E501
    if not isinstance(responses, pd.DataFrame):
        raise ValueError(
            "responses must be a table (pandas DataFrame) with columns 'item' and 'response'; "
            f"got {type(responses).__name__}."
        )
    missing_cols = [c for c in ("item", "response") if c not in responses.columns]
    if missing_cols:
        raise ValueError(
            f"responses needs the columns 'item' and 'response'; missing {missing_cols}. "
            f"Columns given: {list(responses.columns)}."
        )
    clash = [c for c in RESERVED if c in responses.columns]
    if clash:
        raise ValueError(
            f"responses has a column named {clash[0]!r}, which the scores table uses itself; "
            "rename that identifier column."
        )
    data = responses.copy()
    id_cols = [c for c in data.columns if c not in ("item", "response")]
    labels = data.index

    raw_item = data["item"]
    item = pd.to_numeric(raw_item, errors="coerce").to_numpy(dtype=float)
    n_items = len(inst.items)
    bad = ~(np.isfinite(item) & (item == np.round(item)) & (item >= 1) & (item <= n_items))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"Row {labels[pos]}{_who(data, id_cols, pos)}: item {_show(raw_item.iloc[pos])} "
            f"does not exist in {inst.id}. Item numbers are whole numbers from 1 to {n_items}."
        )

    raw = data["response"]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        blank = raw.map(lambda v: isinstance(v, str) and v.strip() == "").to_numpy(dtype=bool)
        raw = raw.mask(blank)
    given = raw.notna().to_numpy()
    value = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    nonnumeric = given & np.isnan(value)
    if nonnumeric.any():
        pos = int(np.flatnonzero(nonnumeric)[0])
        raise ValueError(
            f"Row {labels[pos]}{_who(data, id_cols, pos)}, item {int(item[pos])}: response "
            f"{_show(raw.iloc[pos])} is not a number. Allowed: {_scale_words(inst)}; "
            "leave the cell empty for a missing answer."
        )
    s = inst.scale
    answered = ~np.isnan(value)
    outside = answered & ((value < s.min) | (value > s.max) | ~np.isfinite(value))
    if s.kind == "likert":
        outside |= answered & (value != np.round(value))
    if outside.any():
        pos = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"Row {labels[pos]}{_who(data, id_cols, pos)}, item {int(item[pos])}: response "
            f"{_show(raw.iloc[pos])} is outside the scale of {inst.id}. "
            f"Allowed: {_scale_words(inst)}."
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
        who = _who(data, id_cols, first) or " (no identifier columns, so one respondent)"
        raise ValueError(
            f"Rows {labels[first]} and {labels[second]} both answer item {int(item[first])} for "
            f"the same respondent{who}. Keep one answer per item, or add an identifier column "
            "(for example 'client' or 'session') that tells the respondents apart."
        )
    return data
