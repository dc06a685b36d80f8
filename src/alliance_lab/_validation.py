"""Checking input: one place, one form of message.

Every check raises :class:`InputError` (a ``ValueError``) whose message says three things
in this order: what is allowed, what was given, and what to do::

    n_clients must be a whole number from 1 to 1,000,000; got 2.5. Give a whole number.

Call the checks from any public function or settings dataclass; they return the cleaned
value, so a check and a conversion are one line::

    n = check_number(n, "n_clients", low=1, high=1_000_000, integer=True)

``name`` is the word the student typed (an argument, a setting or a column), so a renamed
argument only changes what is passed in, never the message's form.
"""

import difflib
import math
import numbers

import numpy as np
import pandas as pd

__all__ = [
    "InputError",
    "UnknownSettingError",
    "check_choice",
    "check_columns",
    "check_finite_column",
    "check_keywords",
    "check_number",
    "check_table",
    "fail",
    "plain",
    "show",
]


class InputError(ValueError):
    """Bad input: ``name``, what is ``allowed``, what was ``given`` and the ``fix``."""

    def __init__(self, name, *, allowed, given, fix=""):
        self.name, self.allowed, self.given, self.fix = name, allowed, given, fix
        message = f"{name} must be {allowed}; got {given}."
        super().__init__(f"{message} {fix}".rstrip())


class UnknownSettingError(InputError, TypeError):
    """A keyword that does not exist (also a ``TypeError``, as Python itself would raise)."""


def fail(name, *, allowed, given, fix=""):
    """Raise :class:`InputError`; ``given`` is shown as it is (use :func:`show` for values).

    >>> fail("comparison", allowed="one of '<', '<='", given="'=<'", fix="Use '<' or '<='.")
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: comparison must be one of '<', '<='; got '=<'. Use '<' or '<='.
    """  # noqa: E501
    raise InputError(name, allowed=allowed, given=given, fix=fix)


def plain(value):
    """A number as a student writes it: 1,000,000 and 0.5, not 1e+06 and 0.500000."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"{int(value):,}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return str(value)


def show(value):
    """A value as a student would recognise it: 7, 2.5, 'often', True, a list of 3 values.

    >>> show(np.int64(7)), show(2.0), show("x"), show(float("inf"))
    ('7', '2', "'x'", 'inf')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, pd.DataFrame):
        return f"a table with columns {list(value.columns)}"
    if isinstance(value, list | tuple | dict | set | np.ndarray | pd.Series) and len(value) > 5:
        return f"a {type(value).__name__} of {len(value)} values"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_number(value):
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, numbers.Real)


def check_number(
    value, name, *, low=None, high=None, integer=False, low_open=False, high_open=False, fix=None
):
    """Return ``value`` as a Python ``int`` or ``float`` if it is a finite number in range.

    Numpy numbers (``np.int64(3)``, ``np.float32(0.5)``) are numbers; ``True``, text,
    complex numbers, infinity and NaN are not.

    >>> check_number(np.int64(12), "planned_sessions", low=3, high=60, integer=True)
    12
    >>> check_number(float("nan"), "level", low=0, high=1, low_open=True, high_open=True)
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: level must be a number above 0 and below 1; got nan. Give a number in that range.
    """  # noqa: E501
    kind = "a whole number" if integer else "a number"
    allowed = kind + _range_words(low, high, low_open, high_open)
    if fix is None:
        fix = f"Give {kind} in that range." if (low, high) != (None, None) else f"Give {kind}."
    if not _is_number(value):
        fail(name, allowed=allowed, given=show(value), fix=fix)
    number = value.item() if isinstance(value, np.generic) else value
    if not math.isfinite(number):
        fail(name, allowed=allowed, given=show(number), fix=fix)
    if integer:
        if number != int(number):
            fail(name, allowed=allowed, given=show(number), fix=fix)
        number = int(number)
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        fail(name, allowed=allowed, given=show(number), fix=fix)
    return number


def _range_words(low, high, low_open, high_open):
    if low is not None and high is not None:
        if low_open or high_open:
            a = "above" if low_open else "from"
            b = "below" if high_open else "up to"
            return f" {a} {plain(low)} and {b} {plain(high)}"
        return f" from {plain(low)} to {plain(high)}"
    if low is not None:
        return f" above {plain(low)}" if low_open else f" of at least {plain(low)}"
    if high is not None:
        return f" below {plain(high)}" if high_open else f" of at most {plain(high)}"
    return ""


def check_choice(value, name, choices, *, fix=None):
    """Return ``value`` if it is one of ``choices``; suggest the nearest if not.

    >>> check_choice("<=", "comparison", ["<", "<="])
    '<='
    >>> check_choice("hight", "spread", ["low", "high"])
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: spread must be one of 'low', 'high'; got 'hight'. Did you mean 'high'?
    """  # noqa: E501
    choices = list(choices)
    try:
        if value in choices:
            return value
    except TypeError:  # an unhashable or incomparable value is simply not a choice
        pass
    if fix is None:
        texts = [str(c) for c in choices]
        same = [c for c in texts if c.lower() == str(value).strip().lower()]
        near = same or difflib.get_close_matches(str(value).lower(), texts, n=1)
        fix = f"Did you mean {near[0]!r}?" if near else "Choose one of these."
    allowed = "one of " + ", ".join(map(repr, choices))
    fail(name, allowed=allowed, given=show(value), fix=fix)


def check_table(data, name, *, columns=(), fix=""):
    """Return ``data`` if it is a DataFrame holding ``columns``.

    >>> check_table(pd.DataFrame({"client": [1]}), "responses", columns=["item", "response"])
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: responses must be a table with the columns 'item', 'response'; got a table with columns ['client'] (missing 'item', 'response'). Rename or add the missing columns.
    """  # noqa: E501
    allowed = "a table (pandas DataFrame)"
    if columns:
        allowed = "a table with the columns " + ", ".join(map(repr, columns))
    if not isinstance(data, pd.DataFrame):
        given = type(data).__name__ if not isinstance(data, str) else f"the text {show(data)}"
        fail(name, allowed=allowed, given=given, fix=fix or "Pass a pandas DataFrame.")
    check_columns(data, name, columns, allowed=allowed, fix=fix)
    return data


def check_columns(data, name, columns, *, allowed=None, fix=""):
    """Raise unless every one of ``columns`` is in the table ``data``."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        near = {
            c: difflib.get_close_matches(str(c), [str(x) for x in data.columns], n=1, cutoff=0.6)
            for c in missing
        }
        hints = [f"{c!r} might be {n[0]!r}" for c, n in near.items() if n]
        fix = fix or "Rename or add the missing columns."
        if hints:
            fix = f"{fix} ({'; '.join(hints)}?)"
        fail(
            name,
            allowed=allowed or "a table with the columns " + ", ".join(map(repr, columns)),
            given=f"a table with columns {list(data.columns)} (missing "
            + ", ".join(map(repr, missing))
            + ")",
            fix=fix,
        )


def check_finite_column(data, column, name, *, fix=""):
    """Return ``data[column]`` as floats; refuse text, ``True``, complex numbers and infinity.

    Missing cells (``NaN``, ``None``) stay missing.
    """
    raw = data[column]
    if pd.api.types.is_bool_dtype(raw.dtype) or pd.api.types.is_complex_dtype(raw.dtype):
        bad = raw.notna().to_numpy()
    else:
        bad = raw.map(
            lambda v: isinstance(v, bool | np.bool_ | complex | np.complexfloating)
        ).to_numpy(dtype=bool)
    values = pd.to_numeric(raw.where(~bad), errors="coerce").to_numpy(dtype=float)
    bad = bad | (raw.notna().to_numpy() & ~np.isfinite(values))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        fail(
            f"{name} (row {raw.index[pos]})",
            allowed="a finite number, or an empty cell for a missing value",
            given=show(raw.iloc[pos]),
            fix=fix or f"Correct that cell of the column {column!r}.",
        )
    return pd.Series(values, index=raw.index, name=column)


def check_keywords(cls, given, *, what=None):
    """Refuse keywords ``cls`` (a dataclass) does not have, naming the nearest setting.

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Settings:
    ...     n_clients: int = 1
    >>> check_keywords(Settings, {"n_client": 3})
    Traceback (most recent call last):
    ...
    alliance_lab._validation.UnknownSettingError: each setting of Settings must be one of its names (Settings.__dataclass_fields__ lists them); got 'n_client'. Did you mean 'n_clients'?
    """  # noqa: E501
    known = [f for f in getattr(cls, "__dataclass_fields__", {}) if not f.startswith("_")]
    what = what or f"{cls.__name__}.__dataclass_fields__ lists them"
    for key in given:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            fix = f"Did you mean {near[0]!r}?" if near else "Check the spelling."
            raise UnknownSettingError(
                f"each setting of {cls.__name__}",
                allowed=f"one of its names ({what})",
                given=show(key),
                fix=fix,
            )
