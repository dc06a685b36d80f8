"""Dropout: how many leave, when they leave, what comes before, and how the alliance differs.

All functions take the tidy tables of a simulation (``result.clients``,
``result.sessions``) or real data in the same shape: one row per client with
``sessions_attended`` and ``dropped_out``; one row per attended session.
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table
from .proportion import proportion_interval

__all__ = [
    "MARKERS",
    "alliance_tertiles",
    "cohens_d",
    "dropout_by_group",
    "dropout_effect_size",
    "dropout_hazard",
    "dropout_rate",
    "retention_curves",
    "strain_before_leaving",
]

MARKERS = ("missed", "late_cancel", "disengagement", "confrontation")
TERTILES = ("weakest third", "middle third", "strongest third")


_FIX = "Name the columns with {}."


def _need(data, columns, keywords, name="data"):
    """Check that the table has the columns; ``keywords`` are the options that name them."""
    return check_table(data, name, columns=columns, fix=_FIX.format(keywords))


@renamed_keywords(clients="data")
def dropout_rate(data, *, dropped_out="dropped_out", level=0.95):
    """Share of clients who dropped out, with a Wilson confidence interval.

    The interval comes from :func:`alliance_lab.analysis.proportion.proportion_interval`,
    the one method the package uses for every share (see its ``METHOD``).
    ``data`` has one row per client; ``dropped_out`` names its True/False column.

    Examples
    --------
    >>> clients = pd.DataFrame({"dropped_out": [True] + [False] * 4})
    >>> dropout_rate(clients)[["rate", "n"]].tolist()
    [0.2, 5.0]
    """
    _need(data, [dropped_out], "dropped_out=")
    return proportion_interval(int(data[dropped_out].sum()), len(data), level=level)


def dropout_by_group(data, *, by, dropped_out="dropped_out"):
    """Share of clients who dropped out in each group (e.g. each alliance pattern).

    Returns
    -------
    DataFrame
        ``group`` (as text), ``rate``, ``clients``; groups in their sorted or category order.

    Examples
    --------
    >>> data = pd.DataFrame({"pattern": ["a", "a", "b", "b", "b"],
    ...                      "dropped_out": [True, False, False, False, True]})
    >>> dropout_by_group(data, by="pattern").round(3).values.tolist()
    [['a', 0.5, 2], ['b', 0.333, 3]]
    """
    _need(data, [by, dropped_out], "by= and dropped_out=")
    return (
        data.groupby(by, observed=True)[dropped_out]
        .agg(rate="mean", clients="size")
        .reset_index()
        .rename(columns={by: "group"})
        .assign(group=lambda d: d["group"].astype(str))
    )


@renamed_keywords(clients="data")
def alliance_tertiles(data, *, alliance="early_alliance"):
    """Label each client by the third of early alliance they fall in (ties broken by order)."""
    _need(data, [alliance], "alliance=")
    ranks = data[alliance].rank(method="first")
    return pd.qcut(ranks, 3, labels=list(TERTILES)).rename("early alliance")


@renamed_keywords(clients="data")
def retention_curves(
    data, *, by=None, sessions_attended="sessions_attended", dropped_out="dropped_out", level=0.95
):
    """Kaplan-Meier curves: share of clients still attending after each session.

    Uses statsmodels' ``SurvfuncRight``; a client who finished treatment counts as
    censored at their last session, one who dropped out as an event.

    Parameters
    ----------
    data : DataFrame
        One row per client: sessions attended and dropped out (True/False).
    by : str or Series, optional
        A column name (e.g. ``"pattern"``) or a Series of group labels.
    sessions_attended, dropped_out : str
        Column names.
    level : float
        Confidence level of the pointwise intervals.

    Returns
    -------
    DataFrame
        ``group, session, retained, ci_low, ci_high, at_risk``; session 0 is the start (1.0).

    Examples
    --------
    >>> clients = pd.DataFrame({"sessions_attended": [1, 2, 4, 4], "dropped_out": [1, 1, 0, 0]})
    >>> retention_curves(clients)["retained"].round(2).tolist()
    [1.0, 0.75, 0.5, 0.5, 0.5]
    """
    _need(data, [sessions_attended, dropped_out], "sessions_attended= and dropped_out=")
    groups = (
        pd.Series("all clients", index=data.index)
        if by is None
        else (data[by] if isinstance(by, str) else by)
    )
    from statsmodels.duration.survfunc import SurvfuncRight  # slow to import: load on use

    z = _z(level)
    last = int(data[sessions_attended].max())
    sessions = np.arange(last + 1)
    attended = data[sessions_attended].to_numpy()
    events = data[dropped_out].to_numpy(int)
    frames = []
    for name, index in data.groupby(groups, observed=True, sort=True).indices.items():
        fit = SurvfuncRight(attended[index], events[index])
        # Step function: the estimate at session s is the last one at or before s.
        where = np.searchsorted(fit.surv_times, sessions, side="right") - 1
        known = where >= 0
        retained = np.where(known, fit.surv_prob[np.maximum(where, 0)], 1.0)
        se = np.where(known, fit.surv_prob_se[np.maximum(where, 0)], 0.0)
        frames.append(
            pd.DataFrame(
                {
                    "group": str(name),
                    "session": sessions,
                    "retained": retained,
                    "ci_low": np.clip(retained - z * se, 0, 1),
                    "ci_high": np.clip(retained + z * se, 0, 1),
                    "at_risk": (attended[index][None, :] >= sessions[:, None]).sum(axis=1),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out[["group", "session", "retained", "ci_low", "ci_high", "at_risk"]]


def _z(level):
    from scipy.stats import norm

    return float(norm.ppf(0.5 + level / 2))


@renamed_keywords(clients="data")
def dropout_hazard(
    data, *, by=None, sessions_attended="sessions_attended", dropped_out="dropped_out"
):
    """Chance of leaving right after each session, among the clients who attended it.

    The last session anyone attended is left out: nobody can drop out after the
    final planned session.

    ``data`` has one row per client; ``sessions_attended`` and ``dropped_out`` name its
    columns, ``by`` is a column name or a Series of group labels.

    Returns
    -------
    DataFrame
        ``group, session, at_risk, dropped, hazard``.

    Examples
    --------
    >>> clients = pd.DataFrame({"sessions_attended": [1, 2, 4, 4], "dropped_out": [1, 1, 0, 0]})
    >>> dropout_hazard(clients)[["session", "at_risk", "dropped", "hazard"]].values.tolist()
    [[1.0, 4.0, 1.0, 0.25], [2.0, 3.0, 1.0, 0.3333333333333333], [3.0, 2.0, 0.0, 0.0]]
    """
    _need(data, [sessions_attended, dropped_out], "sessions_attended= and dropped_out=")
    groups = (
        pd.Series("all clients", index=data.index)
        if by is None
        else (data[by] if isinstance(by, str) else by)
    )
    attended = data[sessions_attended].to_numpy()
    dropped = data[dropped_out].to_numpy(bool)
    sessions = np.arange(1, attended.max())
    rows = []
    for name, index in data.groupby(groups, observed=True, sort=True).indices.items():
        a, d = attended[index], dropped[index]
        at_risk = (a[None, :] >= sessions[:, None]).sum(axis=1)
        left = ((a[None, :] == sessions[:, None]) & d[None, :]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            hazard = np.where(at_risk > 0, left / np.maximum(at_risk, 1), np.nan)
        rows.append(
            pd.DataFrame(
                {
                    "group": str(name),
                    "session": sessions,
                    "at_risk": at_risk,
                    "dropped": left,
                    "hazard": hazard,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


@renamed_keywords(sessions="data")
def strain_before_leaving(
    data,
    clients,
    *,
    markers=MARKERS,
    window=4,
    client="client",
    session="session",
    sessions_attended="sessions_attended",
    dropped_out="dropped_out",
):
    """How often each marker of strain occurs in the last sessions before a client leaves.

    Sessions are counted back from each client's last attended session (1 = the
    last one), separately for clients who dropped out and clients who finished.

    Parameters
    ----------
    data : DataFrame
        One row per attended session: ``client``, ``session`` and the ``markers`` columns.
    clients : DataFrame
        One row per client: ``client``, ``sessions_attended`` and ``dropped_out``.
    markers : sequence of str
        Columns of ``data`` holding True/False for each marker.
    window : int
        How many of the last sessions to look at.
    client, session, sessions_attended, dropped_out : str
        Column names (``client`` in both tables).

    Returns
    -------
    DataFrame
        ``group ("dropped out" / "finished"), sessions_before_end, marker, rate, n``.
    """
    _need(data, [client, session, *markers], "client=, session= and markers=")
    _need(
        clients,
        [client, sessions_attended, dropped_out],
        "client=, sessions_attended= and dropped_out=",
        name="clients",
    )
    info = clients.set_index(client)[[sessions_attended, dropped_out]]
    data = data[[client, session, *markers]].join(info, on=client)
    data["sessions_before_end"] = data[sessions_attended] - data[session] + 1
    data = data[data["sessions_before_end"] <= window]
    data["group"] = np.where(data[dropped_out], "dropped out", "finished")
    long = data.melt(
        id_vars=["group", "sessions_before_end"], value_vars=list(markers), var_name="marker"
    )
    long["value"] = long["value"].astype(float)
    out = (
        long.groupby(["group", "sessions_before_end", "marker"], observed=True)["value"]
        .agg(rate="mean", n="size")
        .reset_index()
    )
    out["marker"] = out["marker"].str.replace("_", " ")
    return out


def cohens_d(x, y):
    """Cohen's d for two groups: (mean of x - mean of y) / pooled standard deviation.

    Examples
    --------
    >>> round(cohens_d([2, 4, 6], [1, 3, 5]), 3)
    0.5
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2 or len(y) < 2:
        raise ValueError(f"Each group needs at least 2 values; got {len(x)} and {len(y)}.")
    pooled = ((len(x) - 1) * x.var(ddof=1) + (len(y) - 1) * y.var(ddof=1)) / (len(x) + len(y) - 2)
    return float((x.mean() - y.mean()) / np.sqrt(pooled))


@renamed_keywords(clients="data")
def dropout_effect_size(data, *, alliance="early_alliance", dropped_out="dropped_out", level=0.95):
    """How much stronger the early alliance of those who stayed was, as Cohen's d.

    Positive d: clients who finished had the stronger alliance (the direction of
    Sharf, Primavera & Diener 2010, d = .55). The interval uses the usual large-sample
    standard error of d (Hedges & Olkin 1985).

    ``data`` has one row per client; ``alliance`` and ``dropped_out`` name its columns.

    Returns
    -------
    Series
        ``d, ci_low, ci_high, n_finished, n_dropped``.
    """
    _need(data, [alliance, dropped_out], "alliance= and dropped_out=")
    dropped = data[dropped_out].astype(bool)
    x, y = data.loc[~dropped, alliance], data.loc[dropped, alliance]
    d = cohens_d(x, y)
    n1, n2 = len(x), len(y)
    se = np.sqrt((n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2)))
    z = _z(level)
    return pd.Series(
        {"d": d, "ci_low": d - z * se, "ci_high": d + z * se, "n_finished": n1, "n_dropped": n2}
    )
