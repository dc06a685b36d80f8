"""The public namespace is spelled out: this test pins it, so additions are deliberate."""

import alliance_lab as al

EXPECTED = {
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
}


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED


def test_every_public_name_exists():
    missing = [name for name in al.__all__ if not hasattr(al, name)]
    assert missing == []
