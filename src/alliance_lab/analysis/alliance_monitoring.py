"""Routine alliance monitoring in one call: an alert rule, a base rate, and its score.

The measured benefit of acting on feedback is modest (Rognstad et al., 2023:
d = 0.14 overall, 0.29 for clients who are not on track).
"""

from dataclasses import dataclass, replace

import pandas as pd

from .._renames import renamed_keywords
from ..simulation.truth import mark_problems
from .alert_rules import COMBINES, COMPARISONS, flag_alerts
from .base_rate import set_base_rate
from .screening import AlertMetrics, alert_metrics

__all__ = ["FeedbackSettings", "MonitoringResult", "monitor"]


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


@renamed_keywords(sessions="data")
def monitor(data, settings=None, **changes):
    """Run routine monitoring on simulated sessions and score it against the truth.

    Parameters
    ----------
    data : pandas.DataFrame
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
    truth = data if "problem" in data.columns else mark_problems(data)
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
