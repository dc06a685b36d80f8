"""Input checks shared by the analysis functions, with messages a student can act on."""

import pandas as pd


def check_columns(data, columns, what, *, hint=""):
    """Raise a clear ``ValueError`` unless ``data`` is a DataFrame with all ``columns``.

    >>> check_columns(pd.DataFrame({"client": [1]}), ["client", "session"], "sessions")
    Traceback (most recent call last):
    ...
    ValueError: sessions has no column(s) ['session']; it has ['client'].
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{what} must be a table (pandas DataFrame); got {type(data)!r}.")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        message = f"{what} has no column(s) {missing}; it has {list(data.columns)}."
        raise ValueError(f"{message} {hint}".rstrip())
