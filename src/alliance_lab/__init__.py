"""alliance_lab: teach and explore the therapeutic alliance in Jupyter.

Import it as ``import alliance_lab as al``. Everything a notebook needs is
re-exported here by name; modules whose names start with an underscore are
internal.
"""

from importlib.metadata import PackageNotFoundError, version

from .analysis.feedback import AlertMetrics, alert_metrics, flag_alerts, predictive_values
from .analysis.ruptures import RuptureDetection, detect_ruptures
from .analysis.split import split_alliance, split_dropout
from .instruments.definition import Instrument, list_instruments, load_instrument
from .instruments.examples import example_responses
from .instruments.reliability import cronbach_alpha, item_statistics
from .instruments.scoring import apply_cutoffs, reverse_key, score
from .notebook import setup_notebook
from .plots.profile import bordin_profile_chart
from .questions import list_question_sets, load_questions
from .setup_check import check_setup
from .simulation.calibration import calibration_report, early_alliance, therapist_slopes
from .simulation.couples import CoupleResult, CoupleScenario, simulate_couples
from .simulation.engine import SimulationResult, simulate
from .simulation.export import export_simulation
from .simulation.scenario import PATTERNS, Scenario
from .storage import (
    data_folder,
    export_responses_csv,
    import_responses_csv,
    load_responses,
    save_response,
)
from .theme import COMPONENT_COLORS, PALETTE, register_theme
from .widgets.explorer import Explorer, SharedScenario
from .widgets.selfcheck import self_check

try:
    __version__ = version("alliance_lab")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "AlertMetrics",
    "COMPONENT_COLORS",
    "CoupleResult",
    "CoupleScenario",
    "Explorer",
    "Instrument",
    "PALETTE",
    "PATTERNS",
    "RuptureDetection",
    "Scenario",
    "SharedScenario",
    "SimulationResult",
    "__version__",
    "alert_metrics",
    "apply_cutoffs",
    "bordin_profile_chart",
    "calibration_report",
    "check_setup",
    "cronbach_alpha",
    "data_folder",
    "detect_ruptures",
    "early_alliance",
    "example_responses",
    "export_responses_csv",
    "export_simulation",
    "flag_alerts",
    "import_responses_csv",
    "item_statistics",
    "list_instruments",
    "list_question_sets",
    "load_instrument",
    "load_questions",
    "load_responses",
    "predictive_values",
    "register_theme",
    "reverse_key",
    "save_response",
    "score",
    "self_check",
    "setup_notebook",
    "simulate",
    "simulate_couples",
    "split_alliance",
    "split_dropout",
    "therapist_slopes",
]
