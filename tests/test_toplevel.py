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
    "list_question_sets",
    "load_instrument",
    "load_questions",
    "predictive_values",
    "register_theme",
    "reverse_key",
    "score",
    "self_check",
    "setup_notebook",
    "simulate_couples",
    "split_alliance",
    "split_dropout",
}


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED


def test_every_public_name_exists():
    missing = [name for name in al.__all__ if not hasattr(al, name)]
    assert missing == []
