"""Measurement: from latent goal, task and bond to the answers a client gives.

Each item of an instrument reflects one part of Bordin's alliance, as the instrument's
definition says (its ``components``: goal, task or bond for each item subscale); items
of subscales marked ``all`` (an "overall" line, a single total, the teaching forms'
repair, teamwork and partnership items) reflect the mean of the three. An answer is the
part's latent strength plus answer noise, placed on the item's scale so that the typical answer sits
at ``ceiling`` (0 = bottom, 1 = top). Likert answers are rounded to whole scale points
and cut at the ends of the scale; visual-analogue lines are cut at the ends and rounded
to one decimal. Cutting at the top is the ceiling effect that real alliance data show
(Mallinckrodt & Tekie; ACORN reports). A reverse-keyed item is answered the other way
round, and the observed score is computed exactly as ``al.score`` does: reverse-keyed
answers are turned back, then summed (or averaged).
"""

import numpy as np

__all__ = ["item_components", "simulate_answers", "total_score"]

COMPONENTS = ("goal", "task", "bond")
#: Answer spread: one standard deviation of latent alliance moves a Likert answer by
#: this fraction of the scale's range (0.2 -> 0.8 points on a 1-5 scale) and a line
#: answer by half as much (1 point on a 0-10 line).
LIKERT_SPREAD = 0.2
VAS_SPREAD = 0.1


def item_components(instrument):
    """For each item, the index of the component it reflects (0 goal, 1 task, 2 bond, -1 all).

    Read from the instrument's ``components`` (item subscale -> part); a form without
    them (an outcome form) reflects the mean of the three everywhere.

    Examples
    --------
    >>> from alliance_lab import load_instrument
    >>> item_components(load_instrument("bordin-teaching")).shape
    (12,)
    """
    parts = instrument.components or {}
    index = {name: i for i, name in enumerate(COMPONENTS)}
    return np.array(
        [index.get(parts.get(item.subscale, "all"), -1) for item in instrument.items],
        dtype=np.int64,
    )


def simulate_answers(components, instrument, *, ceiling, noise, rng):
    """Answers (rows x items) as the client gives them, reverse-keyed items included.

    Parameters
    ----------
    components : ndarray, shape (rows, 3)
        Latent goal, task and bond strength (standard-deviation units).
    instrument : Instrument
    ceiling : float
        Position of the typical answer on the scale, 0 (bottom) to 1 (top).
    noise : float
        Standard deviation of the answer noise, in latent units.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (rows, n_items)
        int8 for Likert scales, float64 (one decimal) for lines.
    """
    low, high = float(instrument.scale.min), float(instrument.scale.max)
    likert = instrument.scale.kind == "likert"
    spread = (high - low) * (LIKERT_SPREAD if likert else VAS_SPREAD)
    where = np.float32(low + ceiling * (high - low))
    idx = item_components(instrument)
    if (idx < 0).any():
        components = np.column_stack([components, components.mean(axis=1, dtype=np.float32)])
        idx = np.where(idx < 0, 3, idx)
    values = rng.standard_normal((len(components), len(idx)), dtype=np.float32)
    values *= np.float32(noise)
    values += components[:, idx]
    values *= np.float32(spread)
    values += where
    if likert:
        np.rint(values, out=values)
    else:
        values = np.round(values.astype(np.float64), 1)
    np.clip(values, low, high, out=values)
    reverse = np.array([bool(item.reverse) for item in instrument.items])
    if reverse.any():
        values[:, reverse] = (low + high) - values[:, reverse]
    return values.astype(np.int8) if likert and high <= 127 and low >= -128 else values


def total_score(answers, instrument):
    """Observed total, scored as ``al.score`` scores it (reverse-keyed items turned back).

    Examples
    --------
    >>> from alliance_lab import load_instrument
    >>> inst = load_instrument("bordin-teaching")
    >>> answers = np.full((2, 12), 5, dtype=np.int8)
    >>> total_score(answers, inst).tolist()  # items 5 and 7 are reverse-keyed: 5 counts as 1
    [52, 52]
    >>> answers[:, [4, 6]] = 1
    >>> total_score(answers, inst).tolist()
    [60, 60]
    """
    low, high = instrument.scale.min, instrument.scale.max
    reverse = np.array([bool(item.reverse) for item in instrument.items])
    integer = answers.dtype.kind in "iu"
    keyed = answers
    if reverse.any():
        keyed = answers.astype(np.int64) if integer else answers.copy()
        keyed[:, reverse] = (low + high) - keyed[:, reverse]
    total = keyed.sum(axis=1, dtype=np.int64 if integer else np.float64)
    if instrument.rule == "mean":
        total = total / keyed.shape[1]
    if total.dtype.kind == "f":
        # as al.score does: rounding to 10 decimals removes floating-point dust
        total = np.round(total, 10)
    return total
