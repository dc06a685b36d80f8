"""alliance_lab: teach and explore the therapeutic alliance in Jupyter.

Import it as ``import alliance_lab as al``. Everything a notebook needs is
re-exported here by name; modules whose names start with an underscore are
internal.
"""

from importlib.metadata import PackageNotFoundError, version

from .analysis.agreement import icc_across_targets, rater_agreement
from .analysis.bordin import BordinProfile
from .analysis.chairs import chair_gap
from .analysis.dropout import (
    alliance_tertiles,
    cohens_d,
    dropout_effect_size,
    dropout_hazard,
    dropout_rate,
    retention_curves,
    strain_before_leaving,
)
from .analysis.effect_size import binomial_effect_size
from .analysis.feedback import (
    AlertMetrics,
    FeedbackSettings,
    MonitoringResult,
    alert_metrics,
    flag_alerts,
    mark_problems,
    monitor,
    predictive_values,
    set_base_rate,
)
from .analysis.outcome import (
    attenuated_correlation,
    correlation_ci,
    measurement_shrinkage,
    pooled_correlation,
    simulate_studies,
    spearman_brown,
    therapist_vs_client,
)
from .analysis.ruptures import RuptureDetection, RuptureRule, detect_ruptures, rupture_groups
from .analysis.split import split_alliance, split_dropout
from .class_client import (
    class_results,
    open_class_round,
    rehearse_class_round,
    start_class_session,
)
from .instruments.definition import Instrument, list_instruments, load_instrument
from .instruments.examples import example_responses
from .instruments.reading import describe_scores
from .instruments.reliability import cronbach_alpha, item_statistics
from .instruments.scoring import apply_cutoffs, reverse_key, score
from .notebook import setup_notebook
from .plots.caseload import caseload_chart, pattern_trajectories_chart
from .plots.classroom import chair_gap_chart, chair_score_chart, submissions_chart
from .plots.dropout import dropout_d_chart, hazard_chart, retention_chart, strain_chart
from .plots.feedback import alert_metrics_chart, base_rate_chart, rating_distribution_chart
from .plots.outcome import funnel_chart, outcome_scatter, shrinkage_chart, therapist_client_chart
from .plots.profile import bordin_profile_chart
from .plots.ruptures import rupture_chart
from .plots.scores import score_distribution_chart, score_profile_chart
from .plots.split import rupture_groups_chart, split_chart
from .plots.stories import story_diagram, story_diagrams
from .questions import list_question_sets, load_questions
from .setup_check import check_setup
from .simulation.calibration import calibration_report, early_alliance, therapist_slopes
from .simulation.couples import CoupleResult, CoupleScenario, simulate_couples
from .simulation.engine import SimulationResult, simulate
from .simulation.export import export_simulation
from .simulation.raters import simulate_raters
from .simulation.scenario import PATTERNS, Scenario
from .simulation.stories import STORIES, story_correlations
from .storage import (
    data_folder,
    export_responses_csv,
    import_responses_csv,
    load_responses,
    save_response,
)
from .theme import COMPONENT_COLORS, PALETTE, register_theme
from .widgets.caseload import caseload_explorer
from .widgets.class_view import ClassView, class_view
from .widgets.course import bordin_explorer, dropout_explorer, outcome_explorer
from .widgets.explorer import Explorer, SharedScenario
from .widgets.live_demo import LiveDemo, live_demo
from .widgets.practice_explorers import feedback_explorer, rupture_explorer, split_explorer
from .widgets.questionnaire import Questionnaire, questionnaire
from .widgets.selfcheck import self_check

try:
    __version__ = version("alliance_lab")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "AlertMetrics",
    "BordinProfile",
    "COMPONENT_COLORS",
    "ClassView",
    "CoupleResult",
    "CoupleScenario",
    "Explorer",
    "FeedbackSettings",
    "Instrument",
    "LiveDemo",
    "MonitoringResult",
    "PALETTE",
    "PATTERNS",
    "Questionnaire",
    "RuptureDetection",
    "RuptureRule",
    "STORIES",
    "Scenario",
    "SharedScenario",
    "SimulationResult",
    "__version__",
    "alert_metrics",
    "alert_metrics_chart",
    "alliance_tertiles",
    "apply_cutoffs",
    "attenuated_correlation",
    "base_rate_chart",
    "binomial_effect_size",
    "bordin_explorer",
    "bordin_profile_chart",
    "calibration_report",
    "caseload_chart",
    "caseload_explorer",
    "chair_gap",
    "chair_gap_chart",
    "chair_score_chart",
    "check_setup",
    "class_results",
    "class_view",
    "cohens_d",
    "correlation_ci",
    "cronbach_alpha",
    "data_folder",
    "describe_scores",
    "detect_ruptures",
    "dropout_d_chart",
    "dropout_effect_size",
    "dropout_explorer",
    "dropout_hazard",
    "dropout_rate",
    "early_alliance",
    "example_responses",
    "export_responses_csv",
    "export_simulation",
    "feedback_explorer",
    "flag_alerts",
    "funnel_chart",
    "hazard_chart",
    "icc_across_targets",
    "import_responses_csv",
    "item_statistics",
    "list_instruments",
    "list_question_sets",
    "live_demo",
    "load_instrument",
    "load_questions",
    "load_responses",
    "mark_problems",
    "measurement_shrinkage",
    "monitor",
    "open_class_round",
    "outcome_explorer",
    "outcome_scatter",
    "pattern_trajectories_chart",
    "pooled_correlation",
    "predictive_values",
    "questionnaire",
    "rater_agreement",
    "rating_distribution_chart",
    "register_theme",
    "rehearse_class_round",
    "retention_chart",
    "retention_curves",
    "reverse_key",
    "rupture_chart",
    "rupture_explorer",
    "rupture_groups",
    "rupture_groups_chart",
    "save_response",
    "score",
    "score_distribution_chart",
    "score_profile_chart",
    "self_check",
    "set_base_rate",
    "setup_notebook",
    "shrinkage_chart",
    "simulate",
    "simulate_couples",
    "simulate_raters",
    "simulate_studies",
    "spearman_brown",
    "split_alliance",
    "split_chart",
    "split_dropout",
    "split_explorer",
    "start_class_session",
    "story_correlations",
    "story_diagram",
    "story_diagrams",
    "strain_before_leaving",
    "strain_chart",
    "submissions_chart",
    "therapist_client_chart",
    "therapist_slopes",
    "therapist_vs_client",
]
