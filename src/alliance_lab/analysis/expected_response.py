"""Expected treatment response: how far clients who started in the same place had come by now.

Outcome monitoring compares a client's rating each session with the ratings of past clients
who started at a similar score. Two methods are in use:

- **similar intake**: the average trajectory of past clients whose intake score lay within
  about one point of this client's, with a percentile band around it;
- **regression**: an expected recovery curve from a regression of the score on the intake
  score and the logarithm of the session number, fitted to all past clients, with the band
  taken from the spread of the residuals in each session (after the expected recovery curves
  of Lambert's system; Finch, Lambert & Schaalje 2001).

A client at or above the expected score is **on track**; below it but above the band's lower
boundary **at risk**; below the lower boundary **not on track**. With fewer than two ratings
there is nothing to compare (**too early**). Where the boundary lies is a setting
(``boundary``, the lower percentile of the band, a teaching choice).
"""

import numpy as np
import pandas as pd

from .._validation import check_choice, check_number, check_table, fail

__all__ = ["METHODS", "STATUSES", "expected_response", "intake_scores", "track_status"]

METHODS = ("similar intake", "regression")
#: The zones, from best to worst, with "too early" for a client with one rating only.
STATUSES = ("on track", "at risk", "not on track", "too early")


def _check(data, score, client, session):
    check_table(data, "data", columns=[client, session, score])


def intake_scores(data, *, score="outcome_rating", client="client", session="session"):
    """Each client's intake score: the score of their first rated session.

    >>> data = pd.DataFrame({"client": [1, 1, 2], "session": [2, 1, 1],
    ...                      "outcome_rating": [30, 25, 40]})
    >>> intake_scores(data).tolist()
    [25, 40]
    """
    _check(data, score, client, session)
    rated = data.dropna(subset=[score]).sort_values([client, session], kind="stable")
    return rated.groupby(client)[score].first().rename("intake")


def _wide(data, score, client, session):
    """History as a clients x sessions matrix (NaN where not attended), sorted by intake."""
    intake = intake_scores(data, score=score, client=client, session=session)
    table = data.pivot_table(index=client, columns=session, values=score, aggfunc="first")
    table = table.loc[intake.sort_values(kind="stable").index]
    return intake.loc[table.index].to_numpy(float), table


def _similar(intakes, matrix, sessions, target, window, boundary, min_clients, *, strict=True):
    lo = np.searchsorted(intakes, target - window, side="left")
    hi = np.searchsorted(intakes, target + window, side="right")
    block = matrix[lo:hi]
    if hi - lo < min_clients:
        if not strict:
            return None
        fail(
            "intake",
            allowed=f"a score that at least {min_clients} past clients started within "
            f"{window:g} points of",
            given=f"{target:g}, which {hi - lo} past clients started near",
            fix="Widen the window, use the regression method, or simulate a larger clinic.",
        )
    counts = np.sum(~np.isnan(block), axis=0)
    keep = counts > 0
    with np.errstate(all="ignore"):
        mean = np.nanmean(block[:, keep], axis=0)
        low, high = np.nanquantile(block[:, keep], [boundary, 1 - boundary], axis=0)
    return pd.DataFrame(
        {
            "session": sessions[keep],
            "n_clients": counts[keep],
            "expected": mean,
            "lower": low,
            "upper": high,
        }
    )


def _design(intake, session):
    t = np.log(np.asarray(session, dtype=float))
    intake = np.asarray(intake, dtype=float)
    return np.column_stack([np.ones_like(t), intake, t, intake * t])


def _regression_fit(data, score, client, session, boundary):
    intake = intake_scores(data, score=score, client=client, session=session)
    rows = data.dropna(subset=[score])
    x = _design(rows[client].map(intake), rows[session])
    y = rows[score].to_numpy(float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = pd.Series(y - x @ coef, index=rows.index)
    by_session = residual.groupby(rows[session])
    spread = pd.DataFrame(
        {
            "n_clients": by_session.size(),
            "low": by_session.quantile(boundary),
            "high": by_session.quantile(1 - boundary),
        }
    )
    return coef, spread


def _regression(fit, target):
    coef, spread = fit
    sessions = spread.index.to_numpy()
    expected = _design(np.full(len(sessions), target), sessions) @ coef
    return pd.DataFrame(
        {
            "session": sessions,
            "n_clients": spread["n_clients"].to_numpy(),
            "expected": expected,
            "lower": expected + spread["low"].to_numpy(),
            "upper": expected + spread["high"].to_numpy(),
        }
    )


def _settings(method, window, boundary, min_clients):
    method = check_choice(method, "method", METHODS)
    window = check_number(window, "window", low=0, low_open=True)
    boundary = check_number(
        boundary,
        "boundary",
        low=0,
        high=0.5,
        low_open=True,
        high_open=True,
        fix="Give the lower percentile of the band as a share, for example 0.1 for the 10th.",
    )
    min_clients = int(check_number(min_clients, "min_clients", low=1, integer=True))
    return method, window, boundary, min_clients


def expected_response(
    data,
    *,
    intake,
    method="similar intake",
    window=1.0,
    boundary=0.1,
    min_clients=20,
    score="outcome_rating",
    client="client",
    session="session",
):
    """The expected trajectory and its band for a client who started at ``intake``.

    Parameters
    ----------
    data : DataFrame
        Past clients' sessions (the clinic's history), one row per client and session, with
        the outcome score (higher is better). Each client's first rated session is their
        intake score.
    intake : float
        The intake score of the client to compare.
    method : {"similar intake", "regression"}
        Average of past clients who started within ``window`` points of ``intake``, or a
        regression on the intake score and log(session) fitted to all past clients.
    window : float
        Half-width of the intake window of the similar-intake method (points).
    boundary : float
        Lower percentile of the band, as a share (0.1: the 10th percentile); the upper edge
        is the mirror percentile (the 90th).
    min_clients : int
        Fewest past clients the similar-intake method accepts.
    score, client, session : str
        Column names.

    Returns
    -------
    DataFrame
        ``session``, ``n_clients`` (past clients the session's figures rest on),
        ``expected`` (mean score of similar clients, or the regression's prediction),
        ``lower`` and ``upper`` (the band), ``method``.

    Examples
    --------
    >>> history = pd.DataFrame({"client": [1, 1, 2, 2, 3, 3],
    ...                         "session": [1, 2, 1, 2, 1, 2],
    ...                         "outcome_rating": [20, 30, 21, 25, 40, 41]})
    >>> band = expected_response(history, intake=20.5, min_clients=2)
    >>> band[["session", "n_clients", "expected"]].values.tolist()
    [[1.0, 2.0, 20.5], [2.0, 2.0, 27.5]]
    """
    _check(data, score, client, session)
    intake = check_number(intake, "intake")
    method, window, boundary, min_clients = _settings(method, window, boundary, min_clients)
    if method == "regression":
        out = _regression(_regression_fit(data, score, client, session, boundary), intake)
    else:
        intakes, table = _wide(data, score, client, session)
        out = _similar(
            intakes,
            table.to_numpy(float),
            table.columns.to_numpy(),
            intake,
            window,
            boundary,
            min_clients,
        )
    out["method"] = method
    return out


def track_status(
    data,
    *,
    history,
    method="similar intake",
    window=1.0,
    boundary=0.1,
    min_clients=20,
    score="outcome_rating",
    client="client",
    session="session",
):
    """Each session of each client placed in a zone of the expected-response band.

    Parameters
    ----------
    data : DataFrame
        The clients being monitored, one row per client and session.
    history : DataFrame
        Past clients of the same clinic, from which the expected response is computed
        (see :func:`expected_response`).
    method, window, boundary, min_clients, score, client, session
        As for :func:`expected_response`. The band of each client is that of their intake
        score rounded to the nearest tenth of a point.

    Returns
    -------
    DataFrame
        A copy of ``data`` sorted by client and session, with ``intake``, ``expected``,
        ``lower``, ``upper`` and ``status`` (one of ``STATUSES``). A client's first session,
        a session without a score and a session without a band (fewer than ``min_clients``
        past clients started near this intake, or none came that far) are "too early":
        there is nothing to compare them with.

    Examples
    --------
    >>> history = pd.DataFrame({"client": [1, 1, 2, 2], "session": [1, 2, 1, 2],
    ...                         "outcome_rating": [20, 30, 21, 24]})
    >>> now = pd.DataFrame({"client": 9, "session": [1, 2], "outcome_rating": [20, 25]})
    >>> track_status(now, history=history, min_clients=2)["status"].tolist()
    ['too early', 'at risk']
    """
    _check(data, score, client, session)
    _check(history, score, client, session)
    method, window, boundary, min_clients = _settings(method, window, boundary, min_clients)
    out = data.sort_values([client, session], kind="stable").reset_index(drop=True)
    intake = out[client].map(intake_scores(out, score=score, client=client, session=session))
    key = intake.round(1)
    if method == "regression":
        fit = _regression_fit(history, score, client, session, boundary)
    else:
        intakes, table = _wide(history, score, client, session)
        matrix, sessions = table.to_numpy(float), table.columns.to_numpy()
    bands = []
    for target in key.dropna().unique():
        if method == "regression":
            band = _regression(fit, target)
        else:
            band = _similar(
                intakes, matrix, sessions, target, window, boundary, min_clients, strict=False
            )
            if band is None:  # too few past clients started there: no band to compare with
                continue
        band.insert(0, "_key", target)
        bands.append(band)
    columns = ["_key", "session", "expected", "lower", "upper"]
    bands = pd.concat(bands)[columns] if bands else pd.DataFrame(columns=columns)
    bands = bands.rename(columns={"session": session})
    out["intake"] = intake
    merged = out.assign(_key=key).merge(bands, on=["_key", session], how="left")
    value = merged[score]
    first = merged.groupby(client).cumcount() == 0
    status = np.select(
        [
            first | value.isna() | merged["lower"].isna(),
            value >= merged["expected"],
            value >= merged["lower"],
        ],
        ["too early", "on track", "at risk"],
        default="not on track",
    )
    merged["status"] = pd.Categorical(status, categories=STATUSES)
    return merged.drop(columns="_key")
