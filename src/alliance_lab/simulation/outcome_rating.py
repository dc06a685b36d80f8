"""The outcome rating: a short weekly outcome form the simulated clients fill in every session.

In feedback-informed treatment the client rates how the past week went at the start of every
session. The simulated clinic does the same with the project's outcome teaching form
(``outcome-teaching``: six 0-10 lines, total 0-60, higher is better). Each line reflects the
client's true well-being that week (the latent symptom level turned round, in standard
deviations of intake symptoms, plus the week's swing, ``Scenario.weekly_fluctuation``: a good
or a bad week) plus random error of its own, so that the total has the reliability the form's
definition states (a teaching choice, .90 at intake, an internal consistency: the week's swing
is part of what the lines agree on, not error).

The week's swing is why a client can be reliably better or worse on the form from one week to
the next without their symptom level having moved that much: the reliable-change yardstick of
Jacobson & Truax (1991), computed from an internal consistency, does not know about it.

The truth behind the rating is known only in a simulation: how much the client really
improved (``true_improvement``) and whether they will really end without reliable improvement
(``poor_outcome``), judged on the latent symptoms (without the week's swing) with the same
yardstick the form gives
(Jacobson & Truax 1991: a change must exceed 1.96 standard errors of a difference).
"""

import math

import numpy as np

from ..instruments.definition import load_instrument

__all__ = [
    "INTAKE_LEVEL",
    "LINE_SPREAD",
    "OUTCOME_FORM",
    "line_noise",
    "reliable_improvement",
    "simulate_outcome_lines",
]

#: The outcome form the simulated clinic uses.
OUTCOME_FORM = "outcome-teaching"
#: Where the average client's line sits at intake, as a share of the line (teaching choice: a
#: little below the middle, since people start therapy in a hard phase).
INTAKE_LEVEL = 0.45
#: Points on one 0-10 line per standard deviation of intake well-being (symptom level plus the
#: week's swing; teaching choice): the form's spread at intake is the same whatever the swing.
LINE_SPREAD = 1.5
#: Two-sided 5 % point of the normal curve (Jacobson & Truax 1991).
CRITICAL = 1.96


def line_noise(instrument, *, fluctuation=0.0):
    """Error on each line (latent units) that gives the total the form's stated reliability.

    With ``n`` lines that each carry the same true well-being (variance ``v`` at intake: 1
    for the symptom level plus ``fluctuation**2`` for the week's swing) and independent
    errors of variance ``e**2``, the total's reliability is ``n v / (n v + e**2)``; solved
    for ``e``: ``sqrt(n v (1 - r) / r)``.

    >>> from alliance_lab import load_instrument
    >>> form = load_instrument("outcome-teaching")
    >>> round(float(line_noise(form)), 4)  # n = 6, r = .90, v = 1
    0.8165
    >>> round(float(line_noise(form, fluctuation=0.7)), 4)  # v = 1.49
    0.9967
    """
    n, r = len(instrument.items), instrument.reliability.value
    return math.sqrt(n * (1 + fluctuation**2) * (1 - r) / r)


def reliable_improvement(instrument):
    """The smallest reliable improvement in latent units (standard deviations of intake symptoms).

    ``1.96 * sqrt(2) * sqrt(1 - r)`` with the intake spread 1 (Jacobson & Truax 1991).

    >>> from alliance_lab import load_instrument
    >>> round(reliable_improvement(load_instrument("outcome-teaching")), 3)
    0.877
    """
    return CRITICAL * math.sqrt(2) * math.sqrt(1 - instrument.reliability.value)


def simulate_outcome_lines(wellbeing, *, rng, instrument=OUTCOME_FORM, fluctuation=0.0):
    """Each session's line answers and total on the outcome form.

    Parameters
    ----------
    wellbeing : ndarray, shape (rows,)
        True well-being of each session's past week (minus the latent symptom level, plus
        the week's swing).
    rng : numpy.random.Generator
    instrument : str or Instrument
        An outcome form with a stated reliability.
    fluctuation : float
        Standard deviation of the week's swing included in ``wellbeing``; the lines' error
        grows with it, so that the total keeps the form's reliability (see :func:`line_noise`),
        and a point on a line stands for more well-being, so that the form keeps its spread
        at intake.

    Returns
    -------
    ndarray, shape (rows,)
        The total (sum of lines rounded to one decimal and cut at the ends of the line).

    Examples
    --------
    >>> totals = simulate_outcome_lines(np.zeros(20_000), rng=np.random.default_rng(1))
    >>> round(float(totals.mean()))  # 6 lines x 4.5
    27
    """
    inst = load_instrument(instrument)
    low, high = float(inst.scale.min), float(inst.scale.max)
    n_lines = len(inst.items)
    where = low + INTAKE_LEVEL * (high - low)
    total = np.zeros(len(wellbeing))
    level = np.asarray(wellbeing, dtype=np.float64)
    noise = line_noise(inst, fluctuation=fluctuation)
    spread = LINE_SPREAD / math.sqrt(1 + fluctuation**2)
    for _ in range(n_lines):  # one line at a time keeps the memory to one column
        line = where + spread * (level + noise * rng.standard_normal(len(level)))
        total += np.clip(np.round(line, 1), low, high)
    return np.round(total, 1)
