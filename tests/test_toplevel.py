"""The public namespace is spelled out: this test pins it, so additions are deliberate."""

import alliance_lab as al

EXPECTED = {
    "AlertMetrics",
    "COMPONENT_COLORS",
    "Explorer",
    "Instrument",
    "PALETTE",
    "RuptureDetection",
    "SharedScenario",
    "__version__",
    "alert_metrics",
    "apply_cutoffs",
    "bordin_profile_chart",
    "cronbach_alpha",
    "detect_ruptures",
    "example_responses",
    "flag_alerts",
    "item_statistics",
    "list_instruments",
    "load_instrument",
    "predictive_values",
    "list_question_sets",
    "load_questions",
    "register_theme",
    "self_check",
    "reverse_key",
    "score",
    "setup_notebook",
}


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED


def test_every_public_name_exists():
    missing = [name for name in al.__all__ if not hasattr(al, name)]
    assert missing == []
