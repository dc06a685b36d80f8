"""Finding ruptures in a client's session-by-session alliance ratings.

A rupture is a deterioration in the collaboration between client and therapist
(Safran, Muran & Eubanks-Carter, 2011). In a series of session ratings it shows as
a drop below the level the client has been reporting; a repair shows as a return to
that level. The rule used here is deliberately simple and fully settable, so that
students can see how the choice of rule changes who is "in rupture":

* the **running level** at a session is the mean of the client's own ratings in the
  previous ``window`` rated sessions (no level before ``window`` ratings exist);
* the rule **fires** when the rating lies at least ``drop`` points below that level
  (a drop of exactly ``drop`` counts);
* a rupture is **repaired** when, within the next ``repair_within`` rated sessions,
  a rating comes back up to the running level the rupture was measured against.
  A rupture that is still open when the series ends counts as not repaired.

While a rupture is open, further firings belong to the same rupture; once it is
repaired or its repair window has passed, a later firing starts a new one.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table, fail

__all__ = ["RuptureDetection", "RuptureRule", "detect_ruptures", "rupture_groups"]

# Ratings are often means of several sessions; allow for rounding when comparing to `drop`.
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class RuptureDetection:
    """Result of :func:`detect_ruptures`.

    Attributes
    ----------
    sessions : pandas.DataFrame
        One row per session: ``client``, ``session``, ``score``, ``level`` (running
        level), ``shortfall`` (level minus score), ``fires`` (the rule fires),
        ``rupture_start`` (a new rupture begins here), ``rupture_open`` (the session
        lies inside an open rupture, start included) and ``repair`` (the rupture is
        repaired at this session).
    clients : pandas.DataFrame
        One row per client: ``client``, ``n_sessions``, ``n_ruptures``, ``rupture``,
        ``rupture_session`` and ``repaired``/``repair_session`` for the first rupture
        (missing when the client had none), and ``repair_seen``: False when the
        client's sessions ended before the repair window was over, so that a repair
        could not have been seen.
    rule : dict
        The settings used, so that a result can be reported with its rule.
    """

    sessions: pd.DataFrame
    clients: pd.DataFrame
    rule: dict


def _check(data, score, drop, window, repair_within, client, session):
    check_table(
        data,
        "data",
        columns=[client, session, score],
        fix="Name the columns with client=, session= and score=.",
    )
    if not (isinstance(drop, int | float) and np.isfinite(drop) and drop > 0):
        fail(
            "drop",
            allowed="a positive number of points",
            given=repr(drop),
            fix="Give a number above 0.",
        )
    for name, value in (("window", window), ("repair_within", repair_within)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            fail(
                name,
                allowed="a whole number of sessions, 1 or more",
                given=repr(value),
                fix="Give a whole number such as 3.",
            )
    duplicated = data.duplicated([client, session])
    if duplicated.any():
        who, when = data.loc[duplicated, [client, session]].iloc[0].tolist()
        fail(
            f"each pair of {client!r} and {session!r}",
            allowed="unique (each client can have each session number only once)",
            given=f"client {who!r} with session {when!r} more than once",
            fix="Remove or renumber the repeated session.",
        )


def _one_client(scores, drop, window, repair_within):
    """Rule applied to one client's ratings (missing ratings removed, in session order)."""
    n = len(scores)
    level = np.full(n, np.nan)
    if n > window:
        sums = np.concatenate([[0.0], np.cumsum(scores)])
        level[window:] = (sums[window:n] - sums[: n - window]) / window
    shortfall = level - scores
    fires = np.nan_to_num(shortfall, nan=-np.inf) >= drop - _TOLERANCE
    start = np.zeros(n, bool)
    is_open = np.zeros(n, bool)
    repair = np.zeros(n, bool)
    t = 0
    while t < n:
        if not fires[t]:
            t += 1
            continue
        start[t] = is_open[t] = True
        reference = level[t]
        end = min(n, t + repair_within + 1)
        for u in range(t + 1, end):
            if scores[u] >= reference - _TOLERANCE:
                repair[u] = True
                end = u + 1
                break
            is_open[u] = True
        t = end
    return level, shortfall, fires, start, is_open, repair


@renamed_keywords(sessions="data")
def detect_ruptures(
    data,
    *,
    score="session_rating",
    drop=5,
    window=3,
    repair_within=3,
    client="client",
    session="session",
):
    """Flag ruptures and repairs in each client's series of session ratings.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table, one row per client and session. Rows with a missing ``score``
        (for example a missed session) are kept but never fire and do not count
        towards the running level.
    score : str
        Column holding the rating (by default the 0-40 session rating).
    drop : float
        How many points below the running level a rating must lie for the rule to fire.
    window : int
        Number of previous rated sessions that make up the running level.
    repair_within : int
        Number of rated sessions after the rupture in which a return to the running
        level counts as a repair.
    client, session : str
        Names of the client and session-number columns; the result keeps them, and
        ``.rule`` records them so that :func:`rupture_groups` and the charts find them.

    Returns
    -------
    RuptureDetection
        ``.sessions`` (per-session flags), ``.clients`` (per-client summary), ``.rule``.

    Examples
    --------
    A V-shaped series: steady at 30, down to 20, back up to 30.

    >>> data = pd.DataFrame({"client": 1, "session": range(1, 6),
    ...                      "session_rating": [30, 30, 30, 20, 30]})
    >>> result = detect_ruptures(data, drop=5, window=3)
    >>> result.sessions[["session", "level", "fires", "repair"]].iloc[3:]
       session      level  fires  repair
    3        4  30.000000   True   False
    4        5  26.666667  False    True
    >>> result.clients[["rupture_session", "repaired", "repair_session"]]
       rupture_session  repaired  repair_session
    0                4      True               5
    """
    _check(data, score, drop, window, repair_within, client, session)
    data = data[[client, session, score]].sort_values([client, session], kind="stable")
    data = data.rename(columns={client: "client", session: "session", score: "score"})
    data = data.reset_index(drop=True)
    columns = ("level", "shortfall", "fires", "rupture_start", "rupture_open", "repair")
    pieces = {name: np.zeros(len(data)) for name in columns[:2]}
    pieces.update({name: np.zeros(len(data), bool) for name in columns[2:]})
    pieces["level"][:] = np.nan
    pieces["shortfall"][:] = np.nan
    summaries = []
    all_scores = data["score"].to_numpy(float)
    all_sessions = data["session"].to_numpy()
    codes = pd.factorize(data["client"], sort=False)[0]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    for rows in np.split(np.arange(len(data)), bounds):
        if not len(rows):
            continue
        who = data.at[rows[0], "client"]
        rated = rows[~np.isnan(all_scores[rows])]
        values = all_scores[rated]
        found = _one_client(values, drop, window, repair_within)
        for name, array in zip(columns, found, strict=True):
            pieces[name][rated] = array
        starts = all_sessions[rated][found[3]]
        repairs = all_sessions[rated][found[5]]
        first = starts[0] if len(starts) else pd.NA
        after = int((all_sessions[rated] > first).sum()) if len(starts) else 0
        first_repair = pd.NA
        if len(starts):
            later = [s for s in repairs if s > first]
            next_start = starts[1] if len(starts) > 1 else np.inf
            if later and later[0] < next_start:
                first_repair = later[0]
        summaries.append(
            {
                "client": who,
                "n_sessions": len(rows),
                "n_ruptures": len(starts),
                "rupture": bool(len(starts)),
                "rupture_session": first,
                "repaired": (pd.NA if not len(starts) else pd.notna(first_repair)),
                "repair_session": first_repair,
                # could a repair have been seen? yes if it happened, or if the client
                # had the whole repair window of sessions after the rupture
                "repair_seen": (
                    pd.NA
                    if not len(starts)
                    else bool(pd.notna(first_repair) or after >= repair_within)
                ),
            }
        )
    for name in columns:
        data[name] = pieces[name]
    data = data.rename(columns={"client": client, "session": session, "score": score})
    clients = pd.DataFrame(summaries).rename(columns={"client": client})
    clients = clients.astype(
        {
            "rupture_session": "Int64",
            "repair_session": "Int64",
            "repaired": "boolean",
            "repair_seen": "boolean",
        }
    )
    rule = {
        "score": score,
        "drop": drop,
        "window": window,
        "repair_within": repair_within,
        "client": client,
        "session": session,
    }
    return RuptureDetection(sessions=data, clients=clients, rule=rule)


@dataclass(frozen=True)
class RuptureRule:
    """The settings of :func:`detect_ruptures` as one object to print, share and reload.

    Examples
    --------
    >>> RuptureRule(drop=0)
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: drop must be a positive number of points; got 0. Give a number above 0.
    """  # noqa: E501

    drop: float = 5
    window: int = 3
    repair_within: int = 3

    def __post_init__(self):
        empty = pd.DataFrame({"client": [], "session": [], "session_rating": []})
        _check(
            empty, "session_rating", self.drop, self.window, self.repair_within, "client", "session"
        )

    def describe(self):
        """The rule in plain words.

        >>> RuptureRule().describe()
        'a rating 5 points or more below the mean of the previous 3 sessions'
        >>> RuptureRule(drop=1, window=1).describe()
        'a rating 1 point or more below the previous rating'
        """
        points = "1 point" if self.drop == 1 else f"{self.drop:g} points"
        level = (
            "the previous rating"
            if self.window == 1
            else f"the mean of the previous {self.window} sessions"
        )
        return f"a rating {points} or more below {level}"


GROUPS = ("no rupture", "repaired", "unresolved", "left before repair could be seen")


@renamed_keywords(clients="data")
def rupture_groups(detection, data, *, client=None, outcome="outcome", dropped_out="dropped_out"):
    """Outcome and dropout of clients without a rupture, with a repaired and an unresolved one.

    A client whose sessions ended before the repair window was over is put in a
    group of its own, *left before repair could be seen*: counting them as
    unresolved would make "unresolved ruptures go with dropout" partly true by
    definition (a client who left could not show a repair).

    Parameters
    ----------
    detection : RuptureDetection
        From :func:`detect_ruptures`.
    data : pandas.DataFrame
        One row per client with ``outcome`` and ``dropped_out`` (e.g. ``al.simulate(...).clients``).
    client : str, optional
        Name of the client column in ``data``; by default the one ``detection`` was
        made with (its ``client=``).
    outcome, dropped_out : str
        Column names in ``data``.

    Returns
    -------
    pandas.DataFrame
        ``group`` (no rupture / repaired / unresolved / left before repair could be
        seen, for the first rupture), ``n``, ``share``, ``mean_outcome``,
        ``dropout_rate``.

    Examples
    --------
    >>> found = RuptureDetection(sessions=pd.DataFrame(), rule={}, clients=pd.DataFrame(
    ...     {"client": [1, 2, 3, 4, 5], "rupture": [False, True, True, True, True],
    ...      "repaired": pd.array([pd.NA, True, False, True, False], dtype="boolean"),
    ...      "repair_seen": pd.array([pd.NA, True, True, True, False], dtype="boolean")}))
    >>> info = pd.DataFrame({"client": [1, 2, 3, 4, 5], "outcome": [1.0, 2.0, 0.0, 1.0, 0.5],
    ...                      "dropped_out": [False, False, True, False, True]})
    >>> rupture_groups(found, info)
                                  group  n  share  mean_outcome  dropout_rate
    0                        no rupture  1    0.2           1.0           0.0
    1                          repaired  2    0.4           1.5           0.0
    2                        unresolved  1    0.2           0.0           1.0
    3  left before repair could be seen  1    0.2           0.5           1.0
    """
    if client is None:
        client = detection.rule.get("client", "client")
    check_table(
        data,
        "data",
        columns=[client, outcome, dropped_out],
        fix="Name the columns with client=, outcome= and dropped_out=.",
    )
    columns = [client, "rupture", "repaired"]
    if "repair_seen" in detection.clients.columns:
        columns.append("repair_seen")
    check_table(
        detection.clients,
        "detection.clients",
        columns=columns,
        fix="Use the client= that detect_ruptures was given.",
    )
    found = detection.clients[columns]
    data = found.merge(data[[client, outcome, dropped_out]], on=client, how="inner")
    repaired = data["repaired"].fillna(False).astype(bool)
    seen = data["repair_seen"].fillna(True).astype(bool) if "repair_seen" in data else True
    group = np.select(
        [~data["rupture"], repaired, seen],
        [GROUPS[0], GROUPS[1], GROUPS[2]],
        GROUPS[3],
    )
    data = data.assign(group=pd.Categorical(group, categories=GROUPS))
    table = data.groupby("group", observed=False).agg(
        n=(outcome, "size"),
        mean_outcome=(outcome, "mean"),
        dropout_rate=(dropped_out, "mean"),
    )
    table.insert(1, "share", table["n"] / max(len(data), 1))
    return table.reset_index().astype({"group": str})
