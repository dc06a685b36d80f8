"""A correlation in plain numbers: the binomial effect size display.

Reference: Rosenthal, R., & Rubin, D. B. (1982). A simple, general purpose display of
magnitude of experimental effect. *Journal of Educational Psychology, 74*(2), 166-169.
"""

import math
from numbers import Real

import pandas as pd

__all__ = ["binomial_effect_size"]


def binomial_effect_size(r):
    """Show a correlation as two groups' success rates (Rosenthal & Rubin's display).

    Split clients at the middle of the alliance and at the middle of the outcome. If
    alliance and outcome correlate ``r``, the display gives the share of each alliance
    group that lands in the better half of outcomes: ``0.5 + r / 2`` for the stronger
    alliance half and ``0.5 - r / 2`` for the weaker one. The 2 x 2 table it implies
    has a phi coefficient of exactly ``r``. It is a way of reading ``r``, not a claim
    that real outcomes split this evenly.

    Parameters
    ----------
    r : float
        A correlation between -1 and 1.

    Returns
    -------
    DataFrame
        One row per alliance group: ``group, better_outcome, worse_outcome`` (shares
        that add up to 1 in each row).

    Examples
    --------
    >>> table = binomial_effect_size(0.30)
    >>> table["better_outcome"].tolist(), table["worse_outcome"].tolist()
    ([0.65, 0.35], [0.35, 0.65])
    """
    if isinstance(r, bool) or not isinstance(r, Real) or not math.isfinite(r) or abs(r) > 1:
        raise ValueError(
            f"r must be a correlation, a number from -1 to 1; got {r!r}. "
            "For the alliance-outcome meta-analysis use r=0.278."
        )
    r = float(r)
    high, low = 0.5 + r / 2, 0.5 - r / 2
    return pd.DataFrame(
        {
            "group": ["stronger alliance (top half)", "weaker alliance (bottom half)"],
            "better_outcome": [round(high, 12), round(low, 12)],
            "worse_outcome": [round(low, 12), round(high, 12)],
        }
    )
