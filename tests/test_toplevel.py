"""The public namespace is spelled out: this test pins it, so additions are deliberate.

``import alliance_lab`` loads its names on first use (PEP 562); the tests below also check
that the import itself stays light, and that nothing but the pinned names is public.
"""

import subprocess
import sys
import types

import pytest

import alliance_lab as al

EXPECTED = {
    "ProgressExplorer",
    "progress_explorer",
    "AlertScore",
    "apply_rule",
    "compare_rules",
    "score_rule",
    "expected_response",
    "intake_scores",
    "track_status",
    "FeedbackEffect",
    "FeedbackTrial",
    "feedback_trial",
    "support_prompts",
    "expected_response_chart",
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
    "clinical_cutoff",
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
    "measurement_error",
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
    "reliable_change",
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
    "slider_chart",
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
}

# Libraries that take most of a second or more to import; a bare `import alliance_lab`
# and the command line's help must not load them.
HEAVY = ("altair", "pandas", "ipywidgets", "scipy", "statsmodels", "nbformat", "nbconvert")


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED
    assert len(al.__all__) == len(EXPECTED)  # no name listed twice


def test_every_name_in_all_resolves():
    missing = [name for name in al.__all__ if getattr(al, name, None) is None]
    assert missing == []


def test_every_public_attribute_is_in_all():
    for name in al.__all__:
        getattr(al, name)  # load everything, then look at what the module holds
    public = {name for name in vars(al) if not name.startswith("_")}
    submodules = {
        name
        for name in public
        if isinstance(getattr(al, name), types.ModuleType)
        and getattr(al, name).__name__ == f"alliance_lab.{name}"
    }
    assert public - submodules <= set(al.__all__), "public names not in __all__"
    assert sorted(dir(al)) == sorted(al.__all__)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_function"):
        al.no_such_function  # noqa: B018
    assert not hasattr(al, "importlib")


def _loaded_after(code):
    """The heavy libraries a fresh Python process has imported after running ``code``."""
    report = "import sys\nsys.stderr.write(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in done.stderr.split()}
    return sorted(loaded & set(HEAVY))


def test_import_loads_no_heavy_library():
    assert _loaded_after("import alliance_lab") == []


def test_command_line_help_loads_no_heavy_library():
    code = (
        "from alliance_lab.app.cli import build_parser\n"
        "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code) == []


def test_a_name_loads_what_it_needs():
    assert "pandas" in _loaded_after("import alliance_lab as al; al.simulate")


def test_no_module_imports_scipy_or_statsmodels_on_import():
    # both are slow to import; the functions that need them import them when called
    code = (
        "import importlib, pkgutil, alliance_lab\n"
        "for m in pkgutil.walk_packages(alliance_lab.__path__, 'alliance_lab.'):\n"
        "    importlib.import_module(m.name)"
    )
    loaded = _loaded_after(code)
    assert "scipy" not in loaded and "statsmodels" not in loaded, loaded
