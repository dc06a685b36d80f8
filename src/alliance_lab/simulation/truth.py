"""What only a simulation knows: the truth an alert or a prediction is scored against.

The labels here are computed from the latent quantities the engine drew, never from
an analysis of the observed ratings: a real alliance problem is a session whose true
alliance (the mean of latent goal, task and bond) lies below a fixed threshold. The
engine writes this ``problem`` column itself; :func:`mark_problems` does the same for
a table of latent sessions.
"""

import numpy as np

from .._renames import renamed_keywords
from .._validation import check_number, check_table

__all__ = ["mark_problems", "real_problem"]

TRUE_ALLIANCE = ("goal", "task", "bond")


def real_problem(components, threshold):
    """True where the mean of the latent components (one row per session) is below ``threshold``.

    Examples
    --------
    >>> real_problem(np.array([[0.0, 0.0, 0.0], [-2.0, -1.0, -1.5]]), -1.0)
    array([False,  True])
    """
    return np.asarray(components, dtype=np.float64).mean(axis=1) < threshold


@renamed_keywords(sessions="data")
def mark_problems(data, *, threshold=-1.0, true_alliance=TRUE_ALLIANCE):
    """Mark the sessions with a real alliance problem, as only a simulation can know.

    The true alliance of a session is the mean of the simulated (latent) goal, task
    and bond; a session is a real problem when it lies below ``threshold`` (in
    standard deviations, 0 being the average session). The definition is fixed:
    it does not depend on how many other sessions are problems. ``al.simulate``
    already adds this ``problem`` column, using the scenario's ``problem_threshold``.

    Parameters
    ----------
    data : pandas.DataFrame
        Simulated sessions (``al.simulate(...).sessions``).
    threshold : float
        True alliance below which a session is a real problem.
    true_alliance : sequence of str
        Latent columns averaged into the true alliance.

    Returns
    -------
    pandas.DataFrame
        A copy with ``true_alliance`` and ``problem`` (True/False) added.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"goal": [0, 1, -2, 3], "task": [0, 1, -2, 3],
    ...                      "bond": [0, 1, -2, 3]})
    >>> mark_problems(data)["problem"].tolist()
    [False, False, True, False]
    """
    columns = list(true_alliance)
    check_table(data, "sessions", columns=columns)
    threshold = check_number(threshold, "threshold")
    data = data.copy()
    data["true_alliance"] = data[columns].mean(axis=1)
    data["problem"] = data["true_alliance"] < threshold
    return data
