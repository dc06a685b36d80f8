"""Alert rules for routine alliance monitoring: which session ratings raise an alert.

In feedback-informed treatment the client fills in a short session rating form at
the end of every session (four 0-10 lines, total 0-40) and the therapist is alerted
when the rating suggests the alliance is in trouble. Two rules are in use: the total
lies below a cutoff (36 is common; sources disagree on whether a total of exactly 36
is flagged, so the comparison is a setting), or the total fell by at least one point
since the last session. :mod:`alliance_lab.analysis.screening` scores a rule against
the truth.
"""

import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table

__all__ = ["COMBINES", "COMPARISONS", "flag_alerts"]

COMPARISONS = ("<", "<=")
COMBINES = ("or", "and")


@renamed_keywords(sessions="data")
def flag_alerts(
    data,
    *,
    cutoff=36,
    comparison="<",
    drop=None,
    combine="or",
    score="session_rating",
    client="client",
    session="session",
):
    """Apply an alert rule to every session rating.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table, one row per client and session.
    cutoff : float or None
        Alert when the rating is below this value (``None``: no cutoff part).
    comparison : {"<", "<="}
        ``"<"`` alerts on ratings strictly below ``cutoff``; ``"<="`` also on the cutoff itself.
    drop : float or None
        Alert when the rating fell by at least this many points since the client's
        previous rated session (``None``: no drop part). The first session never has a drop.
    combine : {"or", "and"}
        With both parts set, alert when either part fires (``"or"``) or both (``"and"``).
    score, client, session : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` sorted by client and session, with ``below_cutoff``, ``fell``
        (the rating fell by at least ``drop`` points since the previous rated session) and
        ``alert`` (booleans; a missing rating never alerts).

    Examples
    --------
    >>> data = pd.DataFrame({"client": 1, "session": [1, 2, 3],
    ...                      "session_rating": [38, 36, 37]})
    >>> flag_alerts(data)["alert"].tolist()
    [False, False, False]
    >>> flag_alerts(data, comparison="<=")["alert"].tolist()
    [False, True, False]
    >>> flag_alerts(data, cutoff=None, drop=1)["alert"].tolist()
    [False, True, False]
    """
    check_table(
        data,
        "sessions",
        columns=[client, session, score],
        fix="Name the columns with client=, session= and score=.",
    )
    if comparison not in COMPARISONS:
        raise ValueError(f'comparison must be "<" or "<="; got {comparison!r}.')
    if combine not in COMBINES:
        raise ValueError(f'combine must be "or" or "and"; got {combine!r}.')
    if cutoff is None and drop is None:
        raise ValueError("Set cutoff=, drop= or both: with neither the rule can never alert.")
    if drop is not None and not drop > 0:
        raise ValueError(f"drop must be a positive number of points or None; got {drop!r}.")
    data = data.sort_values([client, session], kind="stable").reset_index(drop=True)
    values = data[score].astype(float)
    rated = values.notna()
    if cutoff is None:
        below = pd.Series(False, index=data.index)
    else:
        below = (values < cutoff) if comparison == "<" else (values <= cutoff)
    if drop is None:
        fell = pd.Series(False, index=data.index)
    else:
        previous = values[rated].groupby(data.loc[rated, client]).shift().reindex(data.index)
        fell = (previous - values) >= drop
    parts = [p for p, used in ((below, cutoff is not None), (fell, drop is not None)) if used]
    alert = parts[0] | parts[-1] if combine == "or" else parts[0] & parts[-1]
    data["below_cutoff"] = below & rated
    data["fell"] = fell & rated
    data["alert"] = alert & rated
    return data
