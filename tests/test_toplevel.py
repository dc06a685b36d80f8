"""The public namespace is spelled out: this test pins it, so additions are deliberate."""

import alliance_lab as al

EXPECTED = {
    "AlertMetrics",
    "COMPONENT_COLORS",
    "Explorer",
    "SharedScenario",
    "PALETTE",
    "RuptureDetection",
    "__version__",
    "alert_metrics",
    "bordin_profile_chart",
    "detect_ruptures",
    "flag_alerts",
    "predictive_values",
    "register_theme",
    "setup_notebook",
}


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED


def test_every_public_name_exists():
    missing = [name for name in al.__all__ if not hasattr(al, name)]
    assert missing == []
