"""The simulated clinic: scenario, engine, measurement, the simulated truth and export.

See :mod:`alliance_lab.simulation.engine` for the model and its sources. The
calibration against published figures is an analysis of the simulated tables:
:mod:`alliance_lab.analysis.calibration`.
"""

from .engine import SimulationResult, simulate
from .export import export_simulation
from .scenario import PATTERNS, Scenario

__all__ = [
    "PATTERNS",
    "Scenario",
    "SimulationResult",
    "export_simulation",
    "simulate",
]


def __getattr__(name):
    # Old addresses (one release): the calibration functions moved to the analysis layer.
    if name in ("calibration_report", "early_alliance", "therapist_slopes"):
        from .calibration import __getattr__ as moved

        return moved(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
