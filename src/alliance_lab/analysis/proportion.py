"""A share with its confidence interval: the one interval method the package uses.

Every proportion in alliance_lab (the dropout rate, the share of clients in a group,
the calibration of a simulated clinic) gets its interval from statsmodels'
``proportion_confint`` with the same method, :data:`METHOD`.
"""

import pandas as pd

__all__ = ["METHOD", "proportion_interval"]

#: Wilson's score interval (Wilson 1927). Chosen over the Wald interval
#: (p +- z * sqrt(p(1 - p) / n)) because it never leaves 0 to 1, is not empty when no
#: or every client has the property (Wald gives 0 to 0 for 0 of 20), and keeps close
#: to its nominal coverage for class-sized groups and shares near 0 or 1 (Brown, Cai &
#: DasGupta 2001). With thousands of clients the two agree to the third decimal.
METHOD = "wilson"


def proportion_interval(count, n, *, level=0.95):
    """Share ``count / n`` with its Wilson confidence interval.

    Parameters
    ----------
    count : int
        How many have the property (e.g. clients who dropped out).
    n : int
        How many there are in all.
    level : float
        Confidence level, between 0 and 1.

    Returns
    -------
    Series
        ``rate, ci_low, ci_high, n``.

    Examples
    --------
    >>> out = proportion_interval(3, 20)
    >>> [round(float(out[k]), 3) for k in ("rate", "ci_low", "ci_high")]
    [0.15, 0.052, 0.36]
    """
    if not 0 < level < 1:
        raise ValueError(f"level is a confidence level between 0 and 1 (e.g. 0.95); got {level!r}.")
    if n < 1 or not 0 <= count <= n:
        raise ValueError(
            f"a proportion needs at least one case and a count between 0 and n; "
            f"got count={count!r} of n={n!r}."
        )
    from statsmodels.stats.proportion import proportion_confint  # slow to import: load on use

    low, high = proportion_confint(count, n, alpha=1 - level, method=METHOD)
    return pd.Series(
        {"rate": count / n, "ci_low": float(low), "ci_high": float(high), "n": float(n)}
    )
