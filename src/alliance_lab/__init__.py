"""alliance_lab: teach and explore the therapeutic alliance in Jupyter.

Import it as ``import alliance_lab as al``. Everything a notebook needs is
re-exported here by name; modules whose names start with an underscore are
internal.
"""

from importlib.metadata import PackageNotFoundError, version

from .analysis.feedback import AlertMetrics, alert_metrics, flag_alerts, predictive_values
from .analysis.ruptures import RuptureDetection, detect_ruptures
from .notebook import setup_notebook
from .plots.profile import bordin_profile_chart
from .theme import COMPONENT_COLORS, PALETTE, register_theme
from .widgets.explorer import Explorer, SharedScenario

try:
    __version__ = version("alliance_lab")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "AlertMetrics",
    "COMPONENT_COLORS",
    "Explorer",
    "PALETTE",
    "RuptureDetection",
    "SharedScenario",
    "__version__",
    "alert_metrics",
    "bordin_profile_chart",
    "detect_ruptures",
    "flag_alerts",
    "predictive_values",
    "register_theme",
    "setup_notebook",
]
