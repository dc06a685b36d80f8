"""Calibration: does a simulated clinic reproduce the published figures?

:data:`TARGETS` is the one list of the published figures, with their sources and the
range a simulated clinic of 20,000 clients must fall in; the tests read it from here.
:func:`calibration_report` computes each figure from the simulated tables the way
the meta-analyses computed it, with the package's own analysis functions: the
correlation and its interval from :func:`~alliance_lab.analysis.outcome.correlation_ci`,
shares from :func:`~alliance_lab.analysis.proportion.proportion_interval`, Cohen's d
from :func:`~alliance_lab.analysis.dropout.dropout_effect_size` and the between- and
within-therapist slopes from
:func:`~alliance_lab.analysis.between_within.between_within_slopes`.
"""

import math
from dataclasses import dataclass

import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table, fail
from .between_within import between_within_slopes
from .dropout import dropout_effect_size, dropout_rate
from .outcome import correlation_ci
from .proportion import proportion_interval

__all__ = [
    "ROUTINE_CARE",
    "TARGETS",
    "Target",
    "calibration_report",
    "early_alliance",
    "therapist_slopes",
]


@dataclass(frozen=True)
class Target:
    """A published figure the default clinic is calibrated to, and the range accepted.

    Two-sided targets have a central ``expected`` value and a ``tolerance``; one-sided
    targets (only a direction is published) have ``expected`` and ``tolerance`` NaN and
    an infinite ``lower`` or ``upper``.
    """

    key: str
    target: str
    source: str
    expected: float
    tolerance: float
    lower: float
    upper: float

    @classmethod
    def around(cls, key, target, source, expected, tolerance):
        """A two-sided target: ``expected`` plus or minus ``tolerance``."""
        low, high = expected - tolerance, expected + tolerance
        return cls(key, target, source, expected, tolerance, low, high)

    @classmethod
    def beyond(cls, key, target, source, *, lower=-math.inf, upper=math.inf):
        """A one-sided target: above ``lower`` or below ``upper``."""
        return cls(key, target, source, math.nan, math.nan, lower, upper)

    @property
    def accepted(self):
        """The accepted range in words.

        >>> TARGETS[0].accepted, TARGETS[4].accepted
        ('0.248 to 0.308', 'above 0')
        """
        if math.isinf(self.upper):
            return f"above {self.lower:g}"
        if math.isinf(self.lower):
            return f"below {self.upper:g}"
        return f"{self.lower:.3f} to {self.upper:.3f}"

    def holds(self, value):
        """Does ``value`` lie in the accepted range?"""
        return bool(self.lower <= value <= self.upper)


TARGETS = (
    Target.around(
        "r_early_alliance_outcome",
        "r(early alliance, outcome), clients with 3+ sessions",
        "Fluckiger et al. 2018",
        0.278,
        0.03,
    ),
    Target.around("dropout_rate", "dropout rate", "Swift & Greenberg 2012", 0.197, 0.02),
    Target.around(
        "d_early_alliance_dropout",
        "d(early alliance), completers minus dropouts",
        "Sharf et al. 2010",
        0.55,
        0.08,
    ),
    Target.around(
        "r_repaired_outcome",
        "r(repaired, outcome), clients with a rupture",
        "Eubanks et al. 2018",
        0.29,
        0.05,
    ),
    Target.beyond(
        "between_minus_within",
        "between- minus within-therapist slope (standardised)",
        "Baldwin, Wampold & Imel 2007",
        lower=0.0,
    ),
    Target.around(
        "first_rating_perfect",
        "share of clients whose first session rating is perfect (40 of 40)",
        "ACORN reports (ACORN's own form, not the four-line form)",
        0.54,
        0.06,
    ),
    Target.beyond(
        "rating_skewness",
        "skewness of session ratings (left-skewed)",
        "ceiling in routine care data",
        upper=0.0,
    ),
)


#: Routine-care shares of the reliable-change categories (Jacobson & Truax 1991) from the first
#: to the last outcome rating. Both figures are unconfirmed (not checked against the papers), so
#: they are documented ranges, not calibration targets: they are not in :data:`TARGETS` and the
#: calibration report does not list them. "About one in three" is read as 25 to 41 % (a teaching
#: choice: one third plus or minus eight points). The default clinic's ``weekly_fluctuation`` and
#: ``expected_improvement`` are set to land inside them.
ROUTINE_CARE = (
    Target.around(
        "improved_or_recovered",
        "share reliably improved or recovered, first to last outcome rating",
        "Hansen, Lambert & Forman 2002 (unconfirmed)",
        round(1 / 3, 3),
        0.08,
    ),
    Target(
        "deteriorated",
        "share reliably deteriorated, first to last outcome rating",
        "Lambert's reviews (unconfirmed)",
        0.075,
        0.025,
        0.05,
        0.10,
    ),
)


@renamed_keywords(sessions="data")
def early_alliance(data, *, client="client", session="session", alliance="alliance"):
    """Each client's mean ``alliance`` over the first min(3, attended) sessions.

    A single session underestimates how the alliance relates to outcome; averaging
    a few early sessions is more dependable (Crits-Christoph et al. 2011).

    Parameters
    ----------
    data : DataFrame
        One row per client and session.
    client, session, alliance : str
        Names of the client, session-number and alliance columns.

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
    check_table(
        data,
        "sessions",
        columns=[client, session, alliance],
        fix="Name the columns with client=, session= and alliance=.",
    )
    first = data.sort_values([client, session]).groupby(client).head(3)
    return first.groupby(client)[alliance].mean().rename("early_alliance")


def _clients(result):
    clients = getattr(result, "clients", None)
    if not isinstance(clients, pd.DataFrame):
        fail(
            "result",
            allowed="the result of al.simulate (it has .clients and .sessions)",
            given=type(result).__name__,
            fix="Pass what al.simulate(...) returned.",
        )
    return clients


def therapist_slopes(result, *, level=0.95):
    """Between- and within-therapist slopes of outcome on early alliance.

    Early alliance and outcome are standardised over clients with three or more
    sessions; early alliance is split into the therapist's mean and each client's
    deviation from it, and outcome is regressed on both (Baldwin, Wampold & Imel
    2007) by :func:`~alliance_lab.analysis.between_within.between_within_slopes`.
    Standard errors are clustered by therapist.

    Returns
    -------
    DataFrame with rows ``between``, ``within``, ``between minus within`` and
    columns ``slope``, ``ci_low``, ``ci_high``.
    """
    clients = _clients(result)
    three = clients[clients["sessions_attended"] >= 3]
    slopes = between_within_slopes(
        three, alliance="early_alliance", outcome="outcome", standardise=True, level=level
    )
    return slopes.set_index("part").rename_axis(None)[["slope", "ci_low", "ci_high"]]


def _skewness(values, *, level=0.95):
    """Sample skewness with its large-sample standard error.

    The standard error is sqrt(6 n (n - 1) / ((n - 2)(n + 1)(n + 3))), the standard error
    of the sample skewness of n values drawn from a normal distribution.
    """
    from scipy import stats  # scipy is loaded on the first call, not on import

    n = len(values)
    skew = float(stats.skew(values))
    se = math.sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))
    z = float(stats.norm.ppf(0.5 + level / 2))
    return skew, skew - z * se, skew + z * se


def _figures(result):
    """Each target's simulated value and 95 % interval, by key."""
    c = _clients(result)
    sessions = result.sessions
    three = c[c["sessions_attended"] >= 3]
    ruptured = c[c["rupture"]]
    first = sessions.loc[sessions["session"] == 1, "session_rating"]
    r_early = correlation_ci(three["early_alliance"], three["outcome"])
    r_repair = correlation_ci(ruptured["repaired"].astype(float), ruptured["outcome"])
    dropout = dropout_rate(c)
    d = dropout_effect_size(c)
    perfect = proportion_interval(int((first == 40).sum()), len(first))
    slope = therapist_slopes(result).loc["between minus within"]
    return {
        "r_early_alliance_outcome": (r_early["r"], r_early["ci_low"], r_early["ci_high"]),
        "dropout_rate": (dropout["rate"], dropout["ci_low"], dropout["ci_high"]),
        "d_early_alliance_dropout": (d["d"], d["ci_low"], d["ci_high"]),
        "r_repaired_outcome": (r_repair["r"], r_repair["ci_low"], r_repair["ci_high"]),
        "between_minus_within": (slope["slope"], slope["ci_low"], slope["ci_high"]),
        "first_rating_perfect": (perfect["rate"], perfect["ci_low"], perfect["ci_high"]),
        "rating_skewness": _skewness(sessions["session_rating"].to_numpy(float)),
    }


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
        One row per entry of :data:`TARGETS`, in its order: ``target``, ``source``,
        ``expected`` (central value, NaN for one-sided targets), ``tolerance``,
        ``lower`` and ``upper`` (the accepted range) and ``accepted`` (the same range
        in words), ``simulated``, ``ci_low``, ``ci_high`` (95 % confidence interval)
        and ``within`` (the simulated value lies in the accepted range).
    """
    figures = _figures(result)
    rows = []
    for t in TARGETS:
        value, low, high = (float(v) for v in figures[t.key])
        rows.append(
            {
                "target": t.target,
                "source": t.source,
                "expected": t.expected,
                "tolerance": t.tolerance,
                "lower": t.lower,
                "upper": t.upper,
                "accepted": t.accepted,
                "simulated": value,
                "ci_low": low,
                "ci_high": high,
                "within": t.holds(value),
            }
        )
    return pd.DataFrame(rows)
