"""Old address of the calibration functions, kept for one release.

Calibration compares a simulated clinic with published figures: an analysis, so it
lives in :mod:`alliance_lab.analysis.calibration`, and the simulation layer never
imports the analysis layer. ``al.calibration_report``, ``al.early_alliance`` and
``al.therapist_slopes`` are unchanged; importing them from here still works, with a
warning that names the new address.
"""

import warnings

MOVED = ("calibration_report", "early_alliance", "therapist_slopes")


def __getattr__(name):
    if name not in MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"alliance_lab.simulation.{name} moved to alliance_lab.analysis.calibration "
        f"(al.{name} is unchanged); the old address stops working in a later release. "
        f"Write al.{name} or import it from alliance_lab.analysis.calibration.",
        FutureWarning,
        stacklevel=2,
    )
    # The one import up the chain, allowed for this old address only (tests/test_layers.py).
    from ..analysis.calibration import calibration_report, early_alliance, therapist_slopes

    moved = (calibration_report, early_alliance, therapist_slopes)
    return dict(zip(MOVED, moved, strict=True))[name]
