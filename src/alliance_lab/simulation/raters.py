"""Simulated students rating one role-play, for rehearsing class mode.

A class rates a role-play from three chairs: the student who plays the client, the
one who plays the therapist, and observers. The answers come from the simulated
clinic's answer model (:mod:`.measurement`), step by step:

1. **The target.** Each role-play (the whole hall's one, or each triad's own) has a
   latent goal, task and bond drawn as the clinic draws a session's alliance:
   a shared part plus a part of each component's own, so that they correlate as
   ``Scenario().component_correlation`` says.
2. **The chair.** Each chair sees the target shifted by :data:`CHAIR_SHIFT`:
   therapists rate lower than clients (the direction Igra et al. 2020 report; the
   size here, 0.4 standard deviations, is a teaching choice), observers halfway
   between (a teaching choice).
3. **The rater.** Each student adds a view of their own (a shift with standard
   deviation :data:`RATER_SPREAD`, a teaching choice), so raters of the same
   target do not agree perfectly.
4. **The answers.** Item answers follow from the rater's goal, task and bond through
   :func:`.measurement.simulate_answers` with the clinic's default ceiling and answer
   noise (a form whose definition says ``session_rating: true``, the clinic's session
   rating form, uses ``session_rating_ceiling``, as in the clinic).

Students sit only in chairs the instrument has wording for: with a form worded for the
client and the therapist only, the watching students fill in the client's form (as
they think the client experienced the hour); with a form worded for the client only,
everyone does. Their answers then follow the client's chair.

The table has the columns the class-mode service stores: ``round``, ``group`` (the
triad; empty for a whole-hall role-play), ``perspective`` (the chair),
``respondent``, ``item`` and ``response`` (as the student gives it: reverse-keyed
items are not turned back).
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import fail
from ..instruments.definition import Instrument, load_instrument
from .measurement import simulate_answers
from .scenario import Scenario

__all__ = ["CHAIR_SHIFT", "RATER_SPREAD", "simulate_raters"]

#: Shift of each chair's view of the role-play, in standard deviations of the latent
#: alliance (the direction for therapists after Igra et al. 2020; sizes are teaching choices).
CHAIR_SHIFT = {"client": 0.0, "therapist": -0.4, "observer": -0.2}
#: Standard deviation of a student's own view of the role-play (teaching choice).
RATER_SPREAD = 0.5


def _whole(value, name, *, low, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        allowed = f"a whole number of at least {low}" + (" or None" if allow_none else "")
        raise ValueError(f"{name} must be {allowed}; got {value!r}.")
    return int(value)


def _chairs(n_raters, groups):
    """Group (0 for the whole hall) and chair of each rater, in rater order."""
    if groups is None:
        if n_raters < 2:
            raise ValueError(
                f"A whole-hall role-play needs at least 2 students (the client and the "
                f"therapist); got n_raters={n_raters}."
            )
        chairs = ["client", "therapist"] + ["observer"] * (n_raters - 2)
        return np.zeros(n_raters, dtype=np.int64), np.array(chairs, dtype=object)
    if n_raters < 3 * groups:
        raise ValueError(
            f"{groups} triads need at least {3 * groups} students (one client, one therapist "
            f"and one observer each); got n_raters={n_raters}. Use fewer groups or more students."
        )
    group = np.arange(n_raters) % groups + 1
    group.sort(kind="stable")
    place = np.arange(n_raters) - np.searchsorted(group, group)  # 0, 1, 2, ... within a group
    chairs = np.where(place == 0, "client", np.where(place == 1, "therapist", "observer"))
    return group, chairs.astype(object)


@renamed_keywords(groups="n_groups")
def simulate_raters(instrument, *, n_raters, round=1, n_groups=None, seed=2024):
    """Answers of simulated students who rate a role-play from the three chairs.

    Parameters
    ----------
    instrument : str or Instrument
        The questionnaire the class fills in (an id from ``al.list_instruments()``).
    n_raters : int
        Number of students. Whole hall: the first plays the client, the second the
        therapist, the rest observe. Triads: students are shared out over the groups
        as evenly as possible; each group has one client, one therapist and the rest
        observers, so at least ``3 * n_groups`` students are needed.
    round : int
        Number of the role-play (round) in the class session; it is copied into the
        table and mixed into the seed, so rounds of one session differ.
    n_groups : int, optional
        Number of triads playing in parallel, each its own target. ``None``: the whole
        hall rates one role-play.
    seed : int or None, default 2024
        The same seed and round give the same answers; ``None`` draws fresh ones.

    Returns
    -------
    DataFrame
        ``round``, ``group`` (the triad number; ``None`` for a whole-hall role-play),
        ``perspective``, ``respondent`` (1, 2, ...), ``item``, ``response``; one row per
        student and item, readable by ``al.score``.

    Examples
    --------
    >>> data = simulate_raters("bordin-teaching", n_raters=5, seed=1)
    >>> data.groupby("perspective")["respondent"].nunique().to_dict()
    {'client': 1, 'observer': 3, 'therapist': 1}
    >>> triads = simulate_raters("bordin-teaching", n_raters=9, n_groups=3, seed=1)
    >>> triads["group"].unique().tolist()
    [1, 2, 3]
    """
    inst = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    if inst.measures != "alliance":
        fail(
            "instrument",
            allowed="a form that measures the alliance (students rate the alliance of a role-play)",
            given=f"{inst.id!r}, which measures {inst.measures}",
            fix="Choose an alliance form, for example 'session-rating-teaching'.",
        )
    n_raters = _whole(n_raters, "n_raters", low=1)
    round = _whole(round, "round", low=1)
    groups = _whole(n_groups, "n_groups", low=1, allow_none=True)
    group, chairs = _chairs(n_raters, groups)
    chairs = np.where(np.isin(chairs, inst.perspectives), chairs, "client").astype(object)
    rng = np.random.default_rng(None if seed is None else (seed, round))

    clinic = Scenario()
    rho = clinic.component_correlation
    n_targets = 1 if groups is None else groups
    shared = rng.standard_normal(n_targets)
    unique = rng.standard_normal((n_targets, 3)) * np.sqrt((1 - rho) / max(rho, 1e-3))
    targets = shared[:, None] + unique
    target = targets[np.maximum(group - 1, 0)]
    shift = np.array([CHAIR_SHIFT[c] for c in chairs])
    own = rng.standard_normal(n_raters) * RATER_SPREAD
    view = (target + (shift + own)[:, None]).astype(np.float32)
    ceiling = clinic.session_rating_ceiling if inst.session_rating else clinic.ceiling
    answers = simulate_answers(view, inst, ceiling=ceiling, noise=clinic.answer_noise, rng=rng)

    n_items = len(inst.items)
    likert = inst.scale.kind == "likert"
    if groups is None:  # a whole-hall role-play: no triad
        groups_col = np.full(n_raters * n_items, None, dtype=object)
    else:
        groups_col = np.repeat(group, n_items)
    return pd.DataFrame(
        {
            "round": np.full(n_raters * n_items, round, dtype=np.int64),
            "group": groups_col,
            "perspective": np.repeat(chairs, n_items),
            "respondent": np.repeat(np.arange(1, n_raters + 1), n_items),
            "item": np.tile(np.arange(1, n_items + 1), n_raters),
            "response": answers.ravel().astype(np.int64 if likert else np.float64),
        }
    )
