"""A clinic with a chosen base rate of real problems, drawn from simulated sessions."""

import numpy as np

from .._renames import renamed_keywords
from .._validation import check_table

__all__ = ["set_base_rate"]


@renamed_keywords(flags="data")
def set_base_rate(data, *, share, truth="problem", seed=0):
    """A clinic in which ``share`` of the sessions have a real problem, drawn from ``flags``.

    The definition of a problem stays as it is; only how common problems are
    changes. All sessions of one kind are kept and a random part of the other
    kind is drawn (without replacement), so that problems make up ``share`` of
    the result. The rule's sensitivity and specificity stay the same apart from
    chance; its predictive values change.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per session with a True/False ``truth`` column.
    share : float
        Base rate wanted, between 0 and 1.
    truth : str
        Column of True/False: does the session have a real problem?
    seed : int
        Seed of the random draw.

    Returns
    -------
    pandas.DataFrame
        The drawn rows, in their original order.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"problem": [True] * 2 + [False] * 18})
    >>> set_base_rate(data, share=0.5)["problem"].mean()
    np.float64(0.5)
    >>> len(set_base_rate(data, share=0.05))
    19
    """
    check_table(data, "flags", columns=[truth])
    if not 0 < share < 1:
        raise ValueError(f"share (the base rate) must lie between 0 and 1; got {share!r}.")
    problem = data[truth].to_numpy(bool)
    yes, no = np.flatnonzero(problem), np.flatnonzero(~problem)
    if len(yes) == 0 or len(no) == 0:
        raise ValueError(
            "Setting a base rate needs sessions with and without a real problem; "
            f"these {len(data)} sessions have {len(yes)} with a problem."
        )
    rng = np.random.default_rng(seed)
    if len(yes) / len(problem) > share:
        yes = rng.choice(yes, max(1, round(share * len(no) / (1 - share))), replace=False)
    else:
        no = rng.choice(no, max(1, round(len(yes) * (1 - share) / share)), replace=False)
    return data.iloc[np.sort(np.concatenate([yes, no]))]
