"""The public namespace is spelled out: this test pins it, so additions are deliberate."""

import alliance_lab as al

EXPECTED = {
    "COMPONENT_COLORS",
    "Explorer",
    "SharedScenario",
    "PALETTE",
    "RuptureDetection",
    "__version__",
    "bordin_profile_chart",
    "detect_ruptures",
    "register_theme",
    "setup_notebook",
}


def test_all_is_pinned():
    assert set(al.__all__) == EXPECTED


def test_every_public_name_exists():
    missing = [name for name in al.__all__ if not hasattr(al, name)]
    assert missing == []
