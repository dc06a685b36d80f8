"""Trajectory patterns: how a client's alliance tends to move over the sessions.

Seven patterns, assigned to clients at random with the scenario's shares:
stable high, stable low, linear growth, early decline (Kivlighan & Shaughnessy
2000 describe stable, linear and quadratic patterns; Stevens et al. 2007 found
linear trends and local rupture-repair sequences), a V-shaped rupture that is
repaired, a rupture that stays unresolved (Eubanks, Muran & Safran 2018) and the
quadratic high-low-high pattern. A rupture happens in one session between the
fourth and the third-last planned session, so the first three sessions (the
"early alliance") come before it.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["PATTERNS", "REGISTRY", "Pattern", "pattern_shapes", "rupture_onsets"]


@dataclass(frozen=True)
class Pattern:
    """One trajectory pattern: its name, the scenario setting that holds its share, its shape.

    ``shape(u, sessions)`` gives the smooth shift of the alliance over the planned
    sessions (``u`` runs from 0 at the first session to 1 at the last), in units of
    the scenario's ``pattern_strength``. A rupture pattern has no smooth shape; its
    ``rupture`` says what follows the rupture session: ``"repair"`` or ``"unresolved"``.
    """

    name: str
    share: str
    shape: object = None
    rupture: str | None = None


def _flat(u, sessions):
    return np.zeros_like(u)


#: The one list of trajectory patterns, in the order used everywhere (shares, colours,
#: tables). Scenario settings, the engine and the charts all read it from here.
REGISTRY = (
    Pattern("stable high", "share_stable_high", lambda u, s: np.ones_like(u)),
    Pattern("stable low", "share_stable_low", lambda u, s: -np.ones_like(u)),
    Pattern("linear growth", "share_linear_growth", lambda u, s: 2 * u - 1),
    Pattern("early decline", "share_early_decline", lambda u, s: -1.5 * np.minimum(s - 1, 3) / 3),
    Pattern("rupture and repair", "share_rupture_repair", _flat, rupture="repair"),
    Pattern("unresolved rupture", "share_unresolved_rupture", _flat, rupture="unresolved"),
    Pattern("high-low-high", "share_high_low_high", lambda u, s: 2 * (2 * u - 1) ** 2 - 1),
)

PATTERNS = tuple(p.name for p in REGISTRY)
REPAIR = next(i for i, p in enumerate(REGISTRY) if p.rupture == "repair")
UNRESOLVED = next(i for i, p in enumerate(REGISTRY) if p.rupture == "unresolved")


def rupture_onsets(n_clients, planned_sessions, rng):
    """Session (1-based) in which a rupture would happen, for every client."""
    low = min(4, planned_sessions - 1)
    high = max(low, planned_sessions - 2)
    return rng.integers(low, high + 1, size=n_clients)


def pattern_shapes(pattern, onset, planned_sessions, *, strength, depth, repair_gain):
    """Shift of each client's latent alliance in each session, in standard deviations.

    Parameters
    ----------
    pattern : ndarray of int
        Index into ``PATTERNS`` per client.
    onset : ndarray of int
        Rupture session per client (used by the two rupture patterns only).
    planned_sessions : int
    strength, depth, repair_gain : float
        Size of the smooth patterns, depth of a rupture, gain after a repair.

    Returns
    -------
    ndarray, shape (n_clients, planned_sessions)

    Examples
    --------
    >>> shapes = pattern_shapes(np.arange(7), np.full(7, 4), 6, strength=1.0, depth=2.0,
    ...                         repair_gain=0.5)
    >>> shapes[PATTERNS.index("linear growth")].round(2).tolist()
    [-1.0, -0.6, -0.2, 0.2, 0.6, 1.0]
    >>> shapes[REPAIR].tolist()
    [0.0, 0.0, 0.0, -2.0, -0.8, 0.5]
    """
    sessions = np.arange(1, planned_sessions + 1)
    u = (sessions - 1) / max(planned_sessions - 1, 1)
    smooth = strength * np.array([p.shape(u, sessions) for p in REGISTRY])
    shapes = smooth[pattern]
    after = sessions[None, :] - onset[:, None]  # 0 in the rupture session
    repair = np.select(
        [after == 0, after == 1, after >= 2], [-depth, -0.4 * depth, repair_gain], 0.0
    )
    unresolved = np.where(after == 0, -depth, np.where(after > 0, -0.6 * depth, 0.0))
    shapes = np.where((pattern == REPAIR)[:, None], repair, shapes)
    shapes = np.where((pattern == UNRESOLVED)[:, None], unresolved, shapes)
    return shapes
