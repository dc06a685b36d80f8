"""Alert rules for routine alliance monitoring, and how well they find real problems.

In feedback-informed treatment the client fills in a short session rating form at
the end of every session (four 0-10 lines, total 0-40) and the therapist is alerted
when the rating suggests the alliance is in trouble. Two rules are in use: the total
lies below a cutoff (36 is common; sources disagree on whether a total of exactly 36
is flagged, so the comparison is a setting), or the total fell by at least one point
since the last session. On simulated data the true state of the alliance is known,
so the rules can be scored like a screening test: sensitivity, specificity,
predictive values, and the number of alerts a therapist would have to follow up.
The measured benefit of acting on feedback is modest (Rognstad et al., 2023:
d = 0.14 overall, 0.29 for clients who are not on track).
"""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._checks import check_columns

__all__ = [
    "AlertMetrics",
    "FeedbackSettings",
    "MonitoringResult",
    "alert_metrics",
    "flag_alerts",
    "mark_problems",
    "monitor",
    "predictive_values",
    "set_base_rate",
]

COMPARISONS = ("<", "<=")
COMBINES = ("or", "and")


def flag_alerts(
    sessions,
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
    sessions : pandas.DataFrame
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
        A copy of ``sessions`` sorted by client and session, with ``below_cutoff``,
        ``dropped`` and ``alert`` (booleans; a missing rating never alerts).

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
    check_columns(sessions, [client, session, score], "sessions")
    if comparison not in COMPARISONS:
        raise ValueError(f'comparison must be "<" or "<="; got {comparison!r}.')
    if combine not in COMBINES:
        raise ValueError(f'combine must be "or" or "and"; got {combine!r}.')
    if cutoff is None and drop is None:
        raise ValueError("Set cutoff=, drop= or both: with neither the rule can never alert.")
    if drop is not None and not drop > 0:
        raise ValueError(f"drop must be a positive number of points or None; got {drop!r}.")
    data = sessions.sort_values([client, session], kind="stable").reset_index(drop=True)
    values = data[score].astype(float)
    rated = values.notna()
    if cutoff is None:
        below = pd.Series(False, index=data.index)
    else:
        below = (values < cutoff) if comparison == "<" else (values <= cutoff)
    if drop is None:
        dropped = pd.Series(False, index=data.index)
    else:
        previous = values[rated].groupby(data.loc[rated, client]).shift().reindex(data.index)
        dropped = (previous - values) >= drop
    parts = [p for p, used in ((below, cutoff is not None), (dropped, drop is not None)) if used]
    alert = parts[0] | parts[-1] if combine == "or" else parts[0] & parts[-1]
    data["below_cutoff"] = below & rated
    data["dropped"] = dropped & rated
    data["alert"] = alert & rated
    return data


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


def alert_metrics(
    flags,
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
    flags : pandas.DataFrame
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
    check_columns(flags, [truth, alert], "flags")
    for name in (truth, alert):
        kind = flags[name].dtype
        if not (pd.api.types.is_bool_dtype(kind) and not flags[name].isna().any()):
            raise ValueError(f"column {name!r} must hold True/False only; it holds {kind}.")
    is_alert = flags[alert].to_numpy(bool)
    is_problem = flags[truth].to_numpy(bool)
    counts = {
        "tp": int(np.sum(is_alert & is_problem)),
        "fp": int(np.sum(is_alert & ~is_problem)),
        "fn": int(np.sum(~is_alert & is_problem)),
        "tn": int(np.sum(~is_alert & ~is_problem)),
    }
    if sessions_per_week is not None:
        if not sessions_per_week > 0:
            raise ValueError(f"sessions_per_week must be positive; got {sessions_per_week!r}.")
        per_week = _ratio(int(is_alert.sum()), len(flags)) * sessions_per_week
    else:
        check_columns(flags, [therapist, session], "flags")
        weeks = len(flags[[therapist, session]].drop_duplicates())
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


def mark_problems(sessions, *, threshold=-1.0, true_alliance=("goal", "task", "bond")):
    """Mark the sessions with a real alliance problem, as only a simulation can know.

    The true alliance of a session is the mean of the simulated (latent) goal, task
    and bond; a session is a real problem when it lies below ``threshold`` (in
    standard deviations, 0 being the average session). The definition is fixed:
    it does not depend on how many other sessions are problems. ``al.simulate``
    already adds this ``problem`` column, using the scenario's ``problem_threshold``.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Simulated sessions (``al.simulate(...).sessions``).
    threshold : float
        True alliance below which a session is a real problem.
    true_alliance : sequence of str
        Latent columns averaged into the true alliance.

    Returns
    -------
    pandas.DataFrame
        A copy with ``true_alliance`` and ``problem`` (True/False) added.

    Examples
    --------
    >>> data = pd.DataFrame({"goal": [0, 1, -2, 3], "task": [0, 1, -2, 3],
    ...                      "bond": [0, 1, -2, 3]})
    >>> mark_problems(data)["problem"].tolist()
    [False, False, True, False]
    """
    check_columns(sessions, list(true_alliance), "sessions")
    if not (isinstance(threshold, int | float) and np.isfinite(threshold)):
        raise ValueError(f"threshold must be a number (standard deviations); got {threshold!r}.")
    data = sessions.copy()
    data["true_alliance"] = data[list(true_alliance)].mean(axis=1)
    data["problem"] = data["true_alliance"] < threshold
    return data


def set_base_rate(flags, *, share, truth="problem", seed=0):
    """A clinic in which ``share`` of the sessions have a real problem, drawn from ``flags``.

    The definition of a problem stays as it is; only how common problems are
    changes. All sessions of one kind are kept and a random part of the other
    kind is drawn (without replacement), so that problems make up ``share`` of
    the result. The rule's sensitivity and specificity stay the same apart from
    chance; its predictive values change.

    Parameters
    ----------
    flags : pandas.DataFrame
        One row per session with a True/False ``truth`` column.
    share : float
        Base rate wanted, between 0 and 1.
    truth : str
        Column of True/False: does the session have a real problem?
    seed : int
        Seed of the random draw.

    Returns
    -------
    pandas.DataFrame
        The drawn rows, in their original order.

    Examples
    --------
    >>> data = pd.DataFrame({"problem": [True] * 2 + [False] * 18})
    >>> set_base_rate(data, share=0.5)["problem"].mean()
    np.float64(0.5)
    >>> len(set_base_rate(data, share=0.05))
    19
    """
    check_columns(flags, [truth], "flags")
    if not 0 < share < 1:
        raise ValueError(f"share (the base rate) must lie between 0 and 1; got {share!r}.")
    problem = flags[truth].to_numpy(bool)
    yes, no = np.flatnonzero(problem), np.flatnonzero(~problem)
    if len(yes) == 0 or len(no) == 0:
        raise ValueError(
            "Setting a base rate needs sessions with and without a real problem; "
            f"these {len(flags)} sessions have {len(yes)} with a problem."
        )
    rng = np.random.default_rng(seed)
    if len(yes) / len(problem) > share:
        yes = rng.choice(yes, max(1, round(share * len(no) / (1 - share))), replace=False)
    else:
        no = rng.choice(no, max(1, round(len(yes) * (1 - share) / share)), replace=False)
    return flags.iloc[np.sort(np.concatenate([yes, no]))]


@dataclass(frozen=True)
class FeedbackSettings:
    """An alert rule and a base rate, as one object a lecturer can print, share and reload.

    ``drop = 0`` switches the drop part off; ``cutoff = 0`` switches the cutoff part off.
    ``problem_share`` is the base rate of real problems: the rule is scored on a
    clinic drawn so that this share of sessions has a real problem (see
    :func:`set_base_rate`); what counts as a problem does not change.
    """

    cutoff: float = 36
    comparison: str = "<"
    drop: float = 0
    combine: str = "or"
    problem_share: float = 0.2

    def __post_init__(self):
        if self.comparison not in COMPARISONS:
            raise ValueError(f'comparison must be "<" or "<="; got {self.comparison!r}.')
        if self.combine not in COMBINES:
            raise ValueError(f'combine must be "or" or "and"; got {self.combine!r}.')
        if not 0 <= self.cutoff <= 40:
            raise ValueError(f"cutoff must lie between 0 and 40; got {self.cutoff!r}.")
        if not 0 <= self.drop <= 40:
            raise ValueError(f"drop must lie between 0 (off) and 40; got {self.drop!r}.")
        if self.cutoff == 0 and self.drop == 0:
            raise ValueError("Switch on the cutoff, the drop rule or both.")
        if not 0 < self.problem_share < 1:
            raise ValueError(f"problem_share must lie between 0 and 1; got {self.problem_share!r}.")

    def describe(self):
        """The rule in plain words.

        >>> FeedbackSettings(drop=1).describe()
        'alert when the rating is below 36 or it fell by 1 point or more since the last session'
        """
        parts = []
        if self.cutoff:
            word = "below" if self.comparison == "<" else "at or below"
            parts.append(f"the rating is {word} {self.cutoff:g}")
        if self.drop:
            unit = "point" if self.drop == 1 else "points"
            parts.append(f"it fell by {self.drop:g} {unit} or more since the last session")
        return "alert when " + f" {self.combine} ".join(parts)


@dataclass(frozen=True)
class MonitoringResult:
    """Output of :func:`monitor`.

    ``flags``: every session with its alerts and the truth; ``scored``: the sessions
    drawn for the chosen base rate, on which ``metrics`` were computed.
    """

    flags: pd.DataFrame
    metrics: AlertMetrics
    settings: FeedbackSettings
    scored: pd.DataFrame


def monitor(sessions, settings=None, **changes):
    """Run routine monitoring on simulated sessions and score it against the truth.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Simulated sessions with ``session_rating`` and either the ``problem``
        column of ``al.simulate`` or the latent goal, task and bond (then
        :func:`mark_problems` marks the problems).
    settings : FeedbackSettings, optional
        The rule and base rate; default ``FeedbackSettings()``.
    **changes
        Settings to change, e.g. ``monitor(sessions, cutoff=30)``.

    Returns
    -------
    MonitoringResult
        Alerts per therapist per week use the caseload of the whole clinic (its
        sessions per therapist-week), whatever the base rate.
    """
    settings = replace(settings or FeedbackSettings(), **changes)
    truth = sessions if "problem" in sessions.columns else mark_problems(sessions)
    flags = flag_alerts(
        truth,
        cutoff=settings.cutoff or None,
        comparison=settings.comparison,
        drop=settings.drop or None,
        combine=settings.combine,
    )
    scored = set_base_rate(flags, share=settings.problem_share)
    caseload = None
    if {"therapist", "session"} <= set(flags.columns):
        caseload = len(flags) / len(flags[["therapist", "session"]].drop_duplicates())
    metrics = alert_metrics(scored, truth="problem", sessions_per_week=caseload)
    return MonitoringResult(flags, metrics, settings, scored)
