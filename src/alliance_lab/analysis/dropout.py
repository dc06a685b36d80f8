"""Dropout: how many leave, when they leave, what comes before, and how the alliance differs.

All functions take the tidy tables of a simulation (``result.clients``,
``result.sessions``) or real data in the same shape: one row per client with
``sessions_attended`` and ``dropped_out``; one row per attended session.
"""

import numpy as np
import pandas as pd

from .proportion import proportion_interval

__all__ = [
    "MARKERS",
    "alliance_tertiles",
    "cohens_d",
    "dropout_effect_size",
    "dropout_hazard",
    "dropout_rate",
    "retention_curves",
    "strain_before_leaving",
]

MARKERS = ("missed", "late_cancel", "disengagement", "confrontation")
TERTILES = ("weakest third", "middle third", "strongest third")


def _need(data, columns, what):
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"{what} needs the columns {missing}; it has {list(data.columns)}.")


def dropout_rate(clients, *, level=0.95):
    """Share of clients who dropped out, with a Wilson confidence interval.

    The interval comes from :func:`alliance_lab.analysis.proportion.proportion_interval`,
    the one method the package uses for every share (see its ``METHOD``).

    Examples
    --------
    >>> clients = pd.DataFrame({"dropped_out": [True] + [False] * 4})
    >>> dropout_rate(clients)[["rate", "n"]].tolist()
    [0.2, 5.0]
    """
    _need(clients, ["dropped_out"], "dropout_rate")
    return proportion_interval(int(clients["dropped_out"].sum()), len(clients), level=level)


def alliance_tertiles(clients, *, alliance="early_alliance"):
    """Label each client by the third of early alliance they fall in (ties broken by order)."""
    _need(clients, [alliance], "alliance_tertiles")
    ranks = clients[alliance].rank(method="first")
    return pd.qcut(ranks, 3, labels=list(TERTILES)).rename("early alliance")


def retention_curves(clients, *, by=None, level=0.95):
    """Kaplan-Meier curves: share of clients still attending after each session.

    Uses statsmodels' ``SurvfuncRight``; a client who finished treatment counts as
    censored at their last session, one who dropped out as an event.

    Parameters
    ----------
    clients : DataFrame
        ``sessions_attended`` and ``dropped_out`` per client.
    by : str or Series, optional
        A column name (e.g. ``"pattern"``) or a Series of group labels.

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
    _need(clients, ["sessions_attended", "dropped_out"], "retention_curves")
    groups = (
        pd.Series("all clients", index=clients.index)
        if by is None
        else (clients[by] if isinstance(by, str) else by)
    )
    from statsmodels.duration.survfunc import SurvfuncRight  # slow to import: load on use

    z = _z(level)
    last = int(clients["sessions_attended"].max())
    sessions = np.arange(last + 1)
    attended = clients["sessions_attended"].to_numpy()
    events = clients["dropped_out"].to_numpy(int)
    frames = []
    for name, index in clients.groupby(groups, observed=True, sort=True).indices.items():
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


def dropout_hazard(clients, *, by=None):
    """Chance of leaving right after each session, among the clients who attended it.

    The last session anyone attended is left out: nobody can drop out after the
    final planned session.

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
    _need(clients, ["sessions_attended", "dropped_out"], "dropout_hazard")
    groups = (
        pd.Series("all clients", index=clients.index)
        if by is None
        else (clients[by] if isinstance(by, str) else by)
    )
    attended = clients["sessions_attended"].to_numpy()
    dropped = clients["dropped_out"].to_numpy(bool)
    sessions = np.arange(1, attended.max())
    rows = []
    for name, index in clients.groupby(groups, observed=True, sort=True).indices.items():
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


def strain_before_leaving(sessions, clients, *, markers=MARKERS, window=4):
    """How often each marker of strain occurs in the last sessions before a client leaves.

    Sessions are counted back from each client's last attended session (1 = the
    last one), separately for clients who dropped out and clients who finished.

    Returns
    -------
    DataFrame
        ``group ("dropped out" / "finished"), sessions_before_end, marker, rate, n``.
    """
    _need(sessions, ["client", "session", *markers], "strain_before_leaving")
    _need(clients, ["client", "sessions_attended", "dropped_out"], "strain_before_leaving")
    info = clients.set_index("client")[["sessions_attended", "dropped_out"]]
    data = sessions[["client", "session", *markers]].join(info, on="client")
    data["sessions_before_end"] = data["sessions_attended"] - data["session"] + 1
    data = data[data["sessions_before_end"] <= window]
    data["group"] = np.where(data["dropped_out"], "dropped out", "finished")
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


def dropout_effect_size(clients, *, alliance="early_alliance", level=0.95):
    """How much stronger the early alliance of those who stayed was, as Cohen's d.

    Positive d: clients who finished had the stronger alliance (the direction of
    Sharf, Primavera & Diener 2010, d = .55). The interval uses the usual large-sample
    standard error of d (Hedges & Olkin 1985).

    Returns
    -------
    Series
        ``d, ci_low, ci_high, n_finished, n_dropped``.
    """
    _need(clients, [alliance, "dropped_out"], "dropout_effect_size")
    dropped = clients["dropped_out"].astype(bool)
    x, y = clients.loc[~dropped, alliance], clients.loc[dropped, alliance]
    d = cohens_d(x, y)
    n1, n2 = len(x), len(y)
    se = np.sqrt((n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2)))
    z = _z(level)
    return pd.Series(
        {"d": d, "ci_low": d - z * se, "ci_high": d + z * se, "n_finished": n1, "n_dropped": n2}
    )
