"""alliance_lab: teach and explore the therapeutic alliance in Jupyter.

Import it as ``import alliance_lab as al``. Everything a notebook needs is
re-exported here by name; modules whose names start with an underscore are
internal.

The names load on first use (PEP 562): ``import alliance_lab`` itself imports
neither Altair, pandas nor ipywidgets, so the command line starts quickly and a
notebook pays only for what it calls. ``al.simulate`` imports the simulation
engine the first time it is looked up; after that it is an ordinary attribute.
"""

import importlib as _importlib

# To add a public name: one line "name": "module that defines it" below, kept in module order,
# and the name in tests/test_toplevel.py. Nothing else; __all__ and dir() follow from it.
_EXPORTS = {
    "icc_across_targets": ".analysis.agreement",
    "rater_agreement": ".analysis.agreement",
    "flag_alerts": ".analysis.alert_rules",
    "FeedbackSettings": ".analysis.alliance_monitoring",
    "MonitoringResult": ".analysis.alliance_monitoring",
    "monitor": ".analysis.alliance_monitoring",
    "set_base_rate": ".analysis.base_rate",
    "BordinProfile": ".analysis.bordin",
    "clinical_cutoff": ".analysis.change",
    "measurement_error": ".analysis.change",
    "reliable_change": ".analysis.change",
    "calibration_report": ".analysis.calibration",
    "early_alliance": ".analysis.calibration",
    "therapist_slopes": ".analysis.calibration",
    "chair_gap": ".analysis.chairs",
    "AlertScore": ".analysis.combined_alerts",
    "apply_rule": ".analysis.combined_alerts",
    "compare_rules": ".analysis.combined_alerts",
    "score_rule": ".analysis.combined_alerts",
    "alliance_tertiles": ".analysis.dropout",
    "cohens_d": ".analysis.dropout",
    "dropout_effect_size": ".analysis.dropout",
    "dropout_hazard": ".analysis.dropout",
    "dropout_rate": ".analysis.dropout",
    "retention_curves": ".analysis.dropout",
    "strain_before_leaving": ".analysis.dropout",
    "binomial_effect_size": ".analysis.effect_size",
    "expected_response": ".analysis.expected_response",
    "intake_scores": ".analysis.expected_response",
    "track_status": ".analysis.expected_response",
    "FeedbackEffect": ".analysis.feedback_effect",
    "FeedbackTrial": ".analysis.feedback_effect",
    "feedback_trial": ".analysis.feedback_effect",
    "attenuated_correlation": ".analysis.outcome",
    "correlation_ci": ".analysis.outcome",
    "measurement_shrinkage": ".analysis.outcome",
    "pooled_correlation": ".analysis.outcome",
    "simulate_studies": ".analysis.outcome",
    "spearman_brown": ".analysis.outcome",
    "therapist_vs_client": ".analysis.outcome",
    "RuptureDetection": ".analysis.ruptures",
    "RuptureRule": ".analysis.ruptures",
    "detect_ruptures": ".analysis.ruptures",
    "rupture_groups": ".analysis.ruptures",
    "AlertMetrics": ".analysis.screening",
    "alert_metrics": ".analysis.screening",
    "predictive_values": ".analysis.screening",
    "split_alliance": ".analysis.split",
    "support_prompts": ".analysis.support_prompts",
    "split_dropout": ".analysis.split",
    "class_results": ".class_client",
    "open_class_round": ".class_client",
    "rehearse_class_round": ".class_client",
    "start_class_session": ".class_client",
    "Instrument": ".instruments.definition",
    "list_instruments": ".instruments.definition",
    "load_instrument": ".instruments.definition",
    "example_responses": ".instruments.examples",
    "describe_scores": ".instruments.reading",
    "cronbach_alpha": ".instruments.reliability",
    "item_statistics": ".instruments.reliability",
    "apply_cutoffs": ".instruments.scoring",
    "reverse_key": ".instruments.scoring",
    "score": ".instruments.scoring",
    "setup_notebook": ".notebook",
    "caseload_chart": ".plots.caseload",
    "pattern_trajectories_chart": ".plots.caseload",
    "chair_gap_chart": ".plots.classroom",
    "chair_score_chart": ".plots.classroom",
    "submissions_chart": ".plots.classroom",
    "dropout_d_chart": ".plots.dropout",
    "hazard_chart": ".plots.dropout",
    "expected_response_chart": ".plots.expected_response",
    "retention_chart": ".plots.dropout",
    "strain_chart": ".plots.dropout",
    "alert_metrics_chart": ".plots.feedback",
    "base_rate_chart": ".plots.feedback",
    "rating_distribution_chart": ".plots.feedback",
    "funnel_chart": ".plots.outcome",
    "outcome_scatter": ".plots.outcome",
    "shrinkage_chart": ".plots.outcome",
    "therapist_client_chart": ".plots.outcome",
    "bordin_profile_chart": ".plots.profile",
    "rupture_chart": ".plots.ruptures",
    "score_distribution_chart": ".plots.scores",
    "score_profile_chart": ".plots.scores",
    "rupture_groups_chart": ".plots.split",
    "split_chart": ".plots.split",
    "story_diagram": ".plots.stories",
    "story_diagrams": ".plots.stories",
    "list_question_sets": ".questions",
    "load_questions": ".questions",
    "check_setup": ".app.setup_check",
    "CoupleResult": ".simulation.couples",
    "CoupleScenario": ".simulation.couples",
    "simulate_couples": ".simulation.couples",
    "SimulationResult": ".simulation.engine",
    "simulate": ".simulation.engine",
    "export_simulation": ".simulation.export",
    "simulate_raters": ".simulation.raters",
    "PATTERNS": ".simulation.scenario",
    "Scenario": ".simulation.scenario",
    "STORIES": ".simulation.stories",
    "story_correlations": ".simulation.stories",
    "mark_problems": ".simulation.truth",
    "data_folder": ".storage",
    "export_responses_csv": ".storage",
    "import_responses_csv": ".storage",
    "load_responses": ".storage",
    "save_response": ".storage",
    "COMPONENT_COLORS": ".theme",
    "PALETTE": ".theme",
    "register_theme": ".theme",
    "caseload_explorer": ".widgets.caseload",
    "ClassView": ".widgets.class_view",
    "class_view": ".widgets.class_view",
    "bordin_explorer": ".widgets.course",
    "dropout_explorer": ".widgets.course",
    "outcome_explorer": ".widgets.course",
    "Explorer": ".widgets.explorer",
    "SharedScenario": ".widgets.explorer",
    "LiveDemo": ".widgets.live_demo",
    "live_demo": ".widgets.live_demo",
    "ProgressExplorer": ".widgets.progress_explorer",
    "progress_explorer": ".widgets.progress_explorer",
    "feedback_explorer": ".widgets.practice_explorers",
    "rupture_explorer": ".widgets.practice_explorers",
    "split_explorer": ".widgets.practice_explorers",
    "Questionnaire": ".widgets.questionnaire",
    "questionnaire": ".widgets.questionnaire",
    "slider_chart": ".widgets.slider_chart",
    "self_check": ".widgets.selfcheck",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("alliance_lab")
        except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
            value = "0.0.0"
    elif name in _EXPORTS:
        try:
            module = _importlib.import_module(_EXPORTS[name], __name__)
        except ImportError as error:  # a missing package: say so, and how to find out more
            from ._missing import missing_dependency

            raise missing_dependency(error)(name) from error
        value = getattr(module, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return list(__all__)
