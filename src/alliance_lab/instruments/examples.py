"""A small made-up class: students rate one role-play from the client's and therapist's chair."""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_choice, check_number
from .scoring import _instrument

__all__ = ["example_responses"]


@renamed_keywords(level="mean_alliance")
def example_responses(
    instrument="bordin-teaching",
    *,
    n_pairs=24,
    perspectives=("client", "therapist"),
    mean_alliance=0.8,
    therapist_shift=-0.4,
    seed=2024,
):
    """Made-up answers of a class of role-play pairs, for practice and for the notebook.

    Each pair has one underlying alliance (standard normal, shifted by ``mean_alliance``); every
    perspective sees it with its own offset (therapists rate ``therapist_shift`` standard
    units lower) and every item adds its own noise. Values are cut to the response scale, so
    high alliances pile up at the top, as real alliance ratings do. No real person's
    answers are in it.

    Parameters
    ----------
    instrument : str or Instrument
    n_pairs : int
        Number of role-play pairs (each pair gives one form per perspective).
    perspectives : tuple of str
    mean_alliance, therapist_shift : float
        Mean alliance and therapist offset, in standard units of the pairs' alliance.
    seed : int
        Seed of the random numbers: the same seed gives the same class.

    Returns
    -------
    DataFrame
        ``pair``, ``perspective``, ``item``, ``response`` (long, ready for ``al.score``).

    Examples
    --------
    >>> data = example_responses(n_pairs=3, seed=1)
    >>> data.shape, sorted(data["perspective"].unique())
    ((72, 4), ['client', 'therapist'])
    """
    inst = _instrument(instrument)
    n_pairs = check_number(n_pairs, "n_pairs", low=1, high=100_000, integer=True)
    if isinstance(perspectives, str):
        perspectives = (perspectives,)
    for p in perspectives:
        check_choice(p, f"each of perspectives (for {inst.id})", inst.perspectives)
    mean_alliance = check_number(mean_alliance, "mean_alliance", low=-5, high=5)
    therapist_shift = check_number(therapist_shift, "therapist_shift", low=-5, high=5)
    rng = np.random.default_rng(seed)
    n_items, n_persp = len(inst.items), len(perspectives)
    alliance = rng.normal(mean_alliance, 1.0, n_pairs)
    shift = np.array([therapist_shift if p == "therapist" else 0.0 for p in perspectives])
    view = alliance[:, None] + shift[None, :] + rng.normal(0, 0.35, (n_pairs, n_persp))
    noise = rng.normal(0, 0.7, (n_pairs, n_persp, n_items))
    latent = view[:, :, None] + noise
    reverse = np.array([item.reverse for item in inst.items])
    latent[:, :, reverse] *= -1
    s = inst.scale
    middle, spread = (s.min + s.max) / 2, (s.max - s.min) / 4
    values = np.clip(middle + spread * latent, s.min, s.max)
    values = np.round(values) if s.kind == "likert" else np.round(values, 1)
    return pd.DataFrame(
        {
            "pair": np.repeat(np.arange(1, n_pairs + 1), n_persp * n_items),
            "perspective": np.tile(
                np.repeat(np.array(perspectives, dtype=object), n_items), n_pairs
            ),
            "item": np.tile(np.arange(1, n_items + 1), n_pairs * n_persp),
            "response": values.ravel(),
        }
    )
