"""Calibration: does a simulated clinic reproduce the published figures?

Each target is computed from the simulated tables the way the meta-analyses
computed it, with a 95 % confidence interval: Fisher's z for correlations, the
usual large-sample standard error for Cohen's d and for proportions, and
ordinary least squares with therapist-clustered standard errors for slopes.
"""

from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = ["calibration_report", "early_alliance", "therapist_slopes"]

Z95 = NormalDist().inv_cdf(0.975)  # scipy is loaded only where a call needs it


def early_alliance(sessions):
    """Each client's mean ``alliance`` over the first min(3, attended) sessions.

    A single session underestimates how the alliance relates to outcome; averaging
    a few early sessions is more dependable (Crits-Christoph et al. 2011).

    Parameters
    ----------
    sessions : DataFrame
        Columns ``client``, ``session`` and ``alliance``.

    Returns
    -------
    Series indexed by client, named ``early_alliance``.

    Examples
    --------
    >>> data = pd.DataFrame({"client": [1, 1, 1, 1, 2], "session": [1, 2, 3, 4, 1],
    ...                      "alliance": [40, 44, 48, 60, 30]})
    >>> early_alliance(data).tolist()
    [44.0, 30.0]
    """
    missing = {"client", "session", "alliance"} - set(sessions.columns)
    if missing:
        raise ValueError(f"sessions needs the columns {sorted(missing)}.")
    first = sessions.sort_values(["client", "session"]).groupby("client").head(3)
    return first.groupby("client")["alliance"].mean().rename("early_alliance")


def _r_row(x, y):
    r = float(np.corrcoef(x, y)[0, 1])
    half = Z95 / np.sqrt(len(x) - 3)
    return r, float(np.tanh(np.arctanh(r) - half)), float(np.tanh(np.arctanh(r) + half))


def _d_row(a, b):
    n1, n2 = len(a), len(b)
    pooled = np.sqrt(((n1 - 1) * np.var(a, ddof=1) + (n2 - 1) * np.var(b, ddof=1)) / (n1 + n2 - 2))
    d = float((np.mean(a) - np.mean(b)) / pooled)
    se = np.sqrt((n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2)))
    return d, d - Z95 * se, d + Z95 * se


def _p_row(flags):
    p = float(np.mean(flags))
    se = np.sqrt(p * (1 - p) / len(flags))
    return p, p - Z95 * se, p + Z95 * se


def therapist_slopes(result):
    """Between- and within-therapist slopes of outcome on early alliance.

    Early alliance and outcome are standardised over clients with three or more
    sessions; early alliance is split into the therapist's mean and each client's
    deviation from it, and outcome is regressed on both (Baldwin, Wampold & Imel
    2007). Standard errors are clustered by therapist.

    Returns
    -------
    DataFrame with rows ``between``, ``within``, ``between minus within`` and
    columns ``slope``, ``ci_low``, ``ci_high``.
    """
    import statsmodels.api as sm  # imported here: it is slow to import

    c = result.clients[result.clients["sessions_attended"] >= 3]
    x = (c["early_alliance"] - c["early_alliance"].mean()) / c["early_alliance"].std()
    y = (c["outcome"] - c["outcome"].mean()) / c["outcome"].std()
    means = x.groupby(c["therapist"]).transform("mean")
    design = sm.add_constant(pd.DataFrame({"between": means, "within": x - means}))
    fit = sm.OLS(y.to_numpy(), design.to_numpy()).fit(
        cov_type="cluster", cov_kwds={"groups": c["therapist"].to_numpy()}
    )
    contrast = np.array([0.0, 1.0, -1.0])
    diff = float(contrast @ fit.params)
    diff_se = float(np.sqrt(contrast @ fit.cov_params() @ contrast))
    rows = {
        "between": (fit.params[1], fit.bse[1]),
        "within": (fit.params[2], fit.bse[2]),
        "between minus within": (diff, diff_se),
    }
    return pd.DataFrame(
        {
            "slope": [v for v, _ in rows.values()],
            "ci_low": [v - Z95 * se for v, se in rows.values()],
            "ci_high": [v + Z95 * se for v, se in rows.values()],
        },
        index=list(rows),
    )


def _accepted(lower, upper):
    if np.isinf(upper):
        return f"above {lower:g}"
    if np.isinf(lower):
        return f"below {upper:g}"
    return f"{lower:.3f} to {upper:.3f}"


def calibration_report(result):
    """The simulated clinic against the published figures, one target per row.

    Parameters
    ----------
    result : SimulationResult
        From ``al.simulate``; the targets refer to the default scenario with
        20,000 clients.

    Returns
    -------
    DataFrame
        ``target``, ``source``, ``expected`` (central value, NaN for one-sided
        targets), ``tolerance``, ``lower`` and ``upper`` (the accepted range) and
        ``accepted`` (the same range in words),
        ``simulated``, ``ci_low``, ``ci_high`` (95 % confidence interval) and
        ``within`` (the simulated value lies in the accepted range).
    """
    c = result.clients
    three = c[c["sessions_attended"] >= 3]
    ruptured = c[c["rupture"]]
    dropped = c["dropped_out"].to_numpy()
    rating = result.sessions["session_rating"].to_numpy()
    first_rating = result.sessions.loc[result.sessions["session"] == 1, "session_rating"]
    slopes = therapist_slopes(result)
    from scipy import stats

    skew = float(stats.skew(rating))
    skew_se = float(
        np.sqrt(
            6
            * len(rating)
            * (len(rating) - 1)
            / ((len(rating) - 2) * (len(rating) + 1) * (len(rating) + 3))
        )
    )
    rows = [
        (
            "r(early alliance, outcome), clients with 3+ sessions",
            "Fluckiger et al. 2018",
            0.278,
            0.03,
            _r_row(three["early_alliance"], three["outcome"]),
        ),
        ("dropout rate", "Swift & Greenberg 2012", 0.197, 0.02, _p_row(dropped)),
        (
            "d(early alliance), completers minus dropouts",
            "Sharf et al. 2010",
            0.55,
            0.08,
            _d_row(c.loc[~dropped, "early_alliance"], c.loc[dropped, "early_alliance"]),
        ),
        (
            "r(repaired, outcome), clients with a rupture",
            "Eubanks et al. 2018",
            0.29,
            0.05,
            _r_row(ruptured["repaired"].astype(float), ruptured["outcome"]),
        ),
        (
            "between- minus within-therapist slope (standardised)",
            "Baldwin, Wampold & Imel 2007",
            np.nan,
            (0.0, np.inf),
            tuple(slopes.loc["between minus within"]),
        ),
        (
            "share of clients whose first session rating is perfect (40 of 40)",
            "ACORN reports (ACORN's own form, not the four-line form)",
            0.54,
            0.06,
            _p_row(first_rating == 40),
        ),
        (
            "skewness of session ratings (left-skewed)",
            "ceiling in routine care data",
            np.nan,
            (-np.inf, 0.0),
            (skew, skew - Z95 * skew_se, skew + Z95 * skew_se),
        ),
    ]
    out = []
    for target, source, expected, tol, (value, low, high) in rows:
        lower, upper = tol if isinstance(tol, tuple) else (expected - tol, expected + tol)
        out.append(
            {
                "target": target,
                "source": source,
                "expected": expected,
                "tolerance": np.nan if isinstance(tol, tuple) else tol,
                "lower": lower,
                "upper": upper,
                "accepted": _accepted(lower, upper),
                "simulated": float(value),
                "ci_low": float(low),
                "ci_high": float(high),
                "within": bool(lower <= value <= upper),
            }
        )
    return pd.DataFrame(out)
