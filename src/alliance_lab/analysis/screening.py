"""How well an alert rule finds real problems, scored like a screening test.

On simulated data the true state of the alliance is known, so an alert rule can be
scored like a screening test: sensitivity, specificity, predictive values, and the
number of alerts a therapist would have to follow up.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table

__all__ = ["AlertMetrics", "alert_metrics", "predictive_values"]


def _ratio(top, bottom):
    return top / bottom if bottom else float("nan")


@dataclass(frozen=True)
class AlertMetrics:
    """How an alert rule performs against the known truth (see :func:`alert_metrics`).

    ``tp``: alert and a real problem; ``fp``: alert, no problem; ``fn``: a problem
    missed; ``tn``: no alert, no problem. Ratios with a zero denominator are ``nan``.
    """

    tp: int
    fp: int
    fn: int
    tn: int
    alerts_per_therapist_week: float

    @property
    def n(self):
        return self.tp + self.fp + self.fn + self.tn

    @property
    def sensitivity(self):
        """Share of real problems that raise an alert."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def specificity(self):
        """Share of sessions without a problem that stay quiet."""
        return _ratio(self.tn, self.tn + self.fp)

    @property
    def ppv(self):
        """Positive predictive value: share of alerts that point to a real problem."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def npv(self):
        """Negative predictive value: share of quiet sessions that really are fine."""
        return _ratio(self.tn, self.tn + self.fn)

    @property
    def base_rate(self):
        """Share of sessions with a real problem."""
        return _ratio(self.tp + self.fn, self.n)

    @property
    def alert_rate(self):
        """Share of sessions that raise an alert."""
        return _ratio(self.tp + self.fp, self.n)

    @property
    def table(self):
        """The 2 x 2 confusion table with margins."""
        table = pd.DataFrame(
            [[self.tp, self.fp], [self.fn, self.tn]],
            index=pd.Index(["alert", "no alert"], name="rule"),
            columns=pd.Index(["problem", "no problem"], name="truth"),
        )
        table["total"] = table.sum(axis=1)
        table.loc["total"] = table.sum(axis=0)
        return table

    def to_frame(self):
        """Long table ``metric, value`` for charts and reports."""
        names = ("sensitivity", "specificity", "ppv", "npv", "base_rate", "alert_rate")
        rows = [(name, float(getattr(self, name))) for name in names]
        rows.append(("alerts_per_therapist_week", float(self.alerts_per_therapist_week)))
        return pd.DataFrame(rows, columns=["metric", "value"])


@renamed_keywords(flags="data")
def alert_metrics(
    data,
    *,
    truth,
    alert="alert",
    therapist="therapist",
    session="session",
    sessions_per_week=None,
):
    """Score an alert rule against the true state of each session.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per session, usually the output of :func:`flag_alerts`.
    truth : str
        Column of booleans: does the session have a real alliance problem?
    alert : str
        Column of booleans: did the rule alert?
    therapist, session : str
        Columns used to count therapist-weeks.
    sessions_per_week : float, optional
        A therapist's weekly caseload. If given, alerts per therapist per week is the
        alert rate times this number. If not, clients are taken to be seen once a
        week with session numbers counting weeks, and a therapist-week is any
        (therapist, session) pair in the data.

    Returns
    -------
    AlertMetrics

    Examples
    --------
    >>> data = pd.DataFrame({"therapist": ["A"] * 4 + ["B"] * 4,
    ...                      "session": [1, 2, 1, 2] * 2,
    ...                      "alert":   [True, True, False, False, True, False, False, False],
    ...                      "problem": [True, False, True, False, True, False, False, False]})
    >>> m = alert_metrics(data, truth="problem")
    >>> (m.tp, m.fp, m.fn, m.tn)
    (2, 1, 1, 4)
    >>> round(m.sensitivity, 3), m.specificity, round(m.ppv, 3), m.npv
    (0.667, 0.8, 0.667, 0.8)
    >>> m.alerts_per_therapist_week
    0.75
    """
    check_table(
        data, "flags", columns=[truth, alert], fix="Name the columns with truth= and alert=."
    )
    for name in (truth, alert):
        kind = data[name].dtype
        if not (pd.api.types.is_bool_dtype(kind) and not data[name].isna().any()):
            raise ValueError(f"column {name!r} must hold True/False only; it holds {kind}.")
    is_alert = data[alert].to_numpy(bool)
    is_problem = data[truth].to_numpy(bool)
    counts = {
        "tp": int(np.sum(is_alert & is_problem)),
        "fp": int(np.sum(is_alert & ~is_problem)),
        "fn": int(np.sum(~is_alert & is_problem)),
        "tn": int(np.sum(~is_alert & ~is_problem)),
    }
    if sessions_per_week is not None:
        if not sessions_per_week > 0:
            raise ValueError(f"sessions_per_week must be positive; got {sessions_per_week!r}.")
        per_week = _ratio(int(is_alert.sum()), len(data)) * sessions_per_week
    else:
        check_table(
            data,
            "flags",
            columns=[therapist, session],
            fix="Name the columns with therapist= and session=.",
        )
        weeks = len(data[[therapist, session]].drop_duplicates())
        per_week = _ratio(int(is_alert.sum()), weeks)
    return AlertMetrics(**counts, alerts_per_therapist_week=float(per_week))


def predictive_values(sensitivity, specificity, base_rate):
    """Positive and negative predictive value from a rule's accuracy and the base rate.

    By Bayes' theorem, the same rule gives mostly false alarms where real problems
    are rare and mostly true alarms where they are common.

    Parameters
    ----------
    sensitivity, specificity : float
        Between 0 and 1.
    base_rate : float or array-like
        Share(s) of sessions with a real problem, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``base_rate``, ``ppv``, ``npv``.

    Examples
    --------
    >>> predictive_values(0.8, 0.9, [0.1, 0.5]).round(3)
       base_rate    ppv    npv
    0        0.1  0.471  0.976
    1        0.5  0.889  0.818
    """
    for name, value in (("sensitivity", sensitivity), ("specificity", specificity)):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must lie between 0 and 1; got {value!r}.")
    p = np.atleast_1d(np.asarray(base_rate, dtype=float))
    if ((p < 0) | (p > 1)).any():
        raise ValueError(f"base_rate must lie between 0 and 1; got {base_rate!r}.")
    with np.errstate(invalid="ignore", divide="ignore"):
        ppv = sensitivity * p / (sensitivity * p + (1 - specificity) * (1 - p))
        npv = specificity * (1 - p) / (specificity * (1 - p) + (1 - sensitivity) * p)
    return pd.DataFrame({"base_rate": p, "ppv": ppv, "npv": npv})
