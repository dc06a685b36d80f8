"""The simulated clinic: scenario, engine, measurement, calibration and export.

See :mod:`alliance_lab.simulation.engine` for the model and its sources.
"""

from .calibration import calibration_report, early_alliance, therapist_slopes
from .engine import SimulationResult, simulate
from .export import export_simulation
from .scenario import PATTERNS, Scenario

__all__ = [
    "PATTERNS",
    "Scenario",
    "SimulationResult",
    "calibration_report",
    "early_alliance",
    "export_simulation",
    "simulate",
    "therapist_slopes",
]
