"""Routine alliance monitoring, by its old address.

The pieces live in modules of their own: :mod:`.alert_rules` (which ratings alert),
:mod:`.screening` (sensitivity, specificity, predictive values), :mod:`.base_rate`
(a clinic with a chosen share of real problems), :mod:`.alliance_monitoring`
(:func:`monitor` and its settings) and, because only a simulation knows the truth,
:mod:`alliance_lab.simulation.truth` (:func:`mark_problems`). ``import alliance_lab as al``
reaches all of them as ``al.flag_alerts``, ``al.monitor`` and so on; this module keeps
``from alliance_lab.analysis.feedback import ...`` working.
"""

from ..simulation.truth import mark_problems
from .alert_rules import flag_alerts
from .alliance_monitoring import FeedbackSettings, MonitoringResult, monitor
from .base_rate import set_base_rate
from .screening import AlertMetrics, alert_metrics, predictive_values

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
