"""Stories behind a correlation: the same r from different causal arrows.

Each story is a preset of :class:`Scenario` in which the alliance has **no direct
effect** on outcome (``alliance_outcome_link = 0``) and exactly one other path is
switched on:

* ``common_cause``: a client's readiness for change, which nobody measures, raises
  both the alliance and the improvement;
* ``reverse_causation``: improvement in the first sessions raises the later alliance
  (Falkenstrom, Granstrom & Holmqvist 2013 found this path alongside the forward one);
* ``dropout_path``: a weak alliance makes clients leave early, so they get fewer
  sessions and improve less. This is an indirect *causal* path from the alliance
  to outcome, not a third variable;
* ``no_link``: every path off, so any correlation is chance.

:func:`story_correlations` simulates each story in a large clinic and in a
class-sized one, so the large-sample r (with its interval) stands beside what a
single study of the size a class would run shows.
"""

import pandas as pd

from .engine import simulate
from .scenario import Scenario

__all__ = ["STORIES", "story_correlations"]

_ALLIANCE, _OUTCOME = "early alliance", "improvement"

#: Story name -> title, one-line explanation and arrows (from, to, label, on).
#: An arrow that is "on" is a path the preset switches on; the direct
#: alliance -> improvement arrow is drawn in every story, switched off.
STORIES = {
    "common_cause": {
        "title": "Common cause",
        "text": "Readiness for change raises both the alliance and the improvement; the "
        "alliance itself changes nothing.",
        "arrows": [
            ("readiness for change", _ALLIANCE, "raises", True),
            ("readiness for change", _OUTCOME, "raises", True),
            (_ALLIANCE, _OUTCOME, "no effect (0)", False),
        ],
    },
    "reverse_causation": {
        "title": "Reverse causation",
        "text": "Clients who improve in the first sessions rate the later alliance "
        "higher; the arrow runs from improvement to alliance.",
        "arrows": [
            ("early improvement", _ALLIANCE, "raises", True),
            ("early improvement", _OUTCOME, "is part of", True),
            (_ALLIANCE, _OUTCOME, "no effect (0)", False),
        ],
    },
    "dropout_path": {
        "title": "Indirect path through dropout",
        "text": "A weak alliance makes clients leave early; fewer sessions mean less "
        "improvement. The alliance does cause the difference, but only through dose.",
        "arrows": [
            (_ALLIANCE, "sessions attended", "weak alliance: leave early", True),
            ("sessions attended", _OUTCOME, "more sessions, more gain", True),
            (_ALLIANCE, _OUTCOME, "no direct effect (0)", False),
        ],
    },
    "no_link": {
        "title": "No path at all",
        "text": "Every path between the alliance and improvement is switched off: any "
        "correlation is chance.",
        "arrows": [(_ALLIANCE, _OUTCOME, "no effect (0)", False)],
    },
}


def _r(clients):
    """r with its 95 % interval (Fisher's z), from ``scipy.stats.pearsonr``."""
    from scipy.stats import pearsonr  # scipy is loaded on the first call, not on import

    result = pearsonr(clients["early_alliance"].to_numpy(), clients["outcome"].to_numpy())
    ci = result.confidence_interval(confidence_level=0.95)
    return float(result.statistic), float(ci.low), float(ci.high)


def story_correlations(stories=None, *, n_clients=20_000, class_size=300, seed=2024):
    """Early alliance and improvement correlate in every story: r in a large and a small clinic.

    Parameters
    ----------
    stories : list of str, optional
        Story presets (keys of ``STORIES``); all four by default.
    n_clients : int
        Size of the large clinic (20,000 or more keeps chance small).
    class_size : int
        Size of the class-sized clinic, simulated with its own seed.
    seed : int
        Seed of the large clinic; the class-sized clinic uses ``seed + 1``.

    Returns
    -------
    pandas.DataFrame
        One row per story: ``story``, ``title``, ``clients``, ``r``, ``ci_low``,
        ``ci_high`` (the large clinic, 95 % interval), ``class_clients``,
        ``class_r``, ``class_ci_low``, ``class_ci_high``. The correlation is taken
        over all clients, as in notebook 05: each client's mean alliance over their
        first (up to three) sessions against their improvement.

    Examples
    --------
    >>> table = story_correlations(["no_link"], n_clients=2000, class_size=100)
    >>> table[["story", "clients", "class_clients"]].values.tolist()
    [['no_link', 2000, 100]]
    """
    names = list(STORIES) if stories is None else list(stories)
    unknown = [name for name in names if name not in STORIES]
    if unknown:
        raise ValueError(f"Unknown stories {unknown}; choose from {list(STORIES)}.")
    rows = []
    for name in names:
        large = simulate(Scenario.preset(name, n_clients=n_clients, seed=seed))
        small = simulate(
            Scenario.preset(
                name,
                n_clients=class_size,
                n_therapists=max(1, min(100, class_size // 10)),
                seed=seed + 1,
            )
        )
        r, low, high = _r(large.clients)
        cr, clow, chigh = _r(small.clients)
        rows.append(
            {
                "story": name,
                "title": STORIES[name]["title"],
                "clients": n_clients,
                "r": r,
                "ci_low": low,
                "ci_high": high,
                "class_clients": class_size,
                "class_r": cr,
                "class_ci_low": clow,
                "class_ci_high": chigh,
            }
        )
    return pd.DataFrame(rows)
