"""The gap between the client's and the therapist's chair in a rated role-play.

Clients and therapists often see the same hour differently; in published studies
therapists tend to rate the alliance lower than their clients (Igra et al. 2020).
In a class role-play the two players rate the hour they just played; the gap
between their scores, component by component, starts the discussion.
"""

import numpy as np

from .._validation import check_choice, check_table
from ..instruments.scoring import _instrument, score

__all__ = ["chair_gap"]

CHAIRS = ("client", "therapist", "observer")


def chair_gap(
    data,
    instrument,
    *,
    target=("round", "group"),
    rater="respondent",
    perspective="perspective",
    item="item",
    response="response",
):
    """Mean score of each chair and the client-minus-therapist gap, per target and scale.

    Parameters
    ----------
    data : DataFrame
        Long responses with the ``target`` columns, ``perspective`` (the chair), ``rater``,
        ``item`` and ``response``.
    instrument : str or Instrument
    target : sequence of str
        Columns that identify one rated role-play (default: round and triad).
    rater : str
        Column that identifies one student.
    perspective, item, response : str
        Names of the chair, item-number and answer columns.

    Returns
    -------
    DataFrame
        ``target`` columns, ``scale``, the mean score of each chair (``client``,
        ``therapist``, ``observer``; empty where nobody sat in that chair) and ``gap``
        (client minus therapist: positive when the client saw a stronger alliance).

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"round": 1, "respondent": [1] * 5 + [2] * 5,
    ...                      "perspective": ["client"] * 5 + ["therapist"] * 5,
    ...                      "item": [1, 2, 3, 4, 5] * 2,
    ...                      "response": [9, 8, 9, 9, 6, 7, 6, 8, 7, 7]})
    >>> chair_gap(data, "session-rating-teaching", target=["round"]).round(1)
       round     scale  client  therapist  observer  gap
    0      1      goal     9.0        7.0       NaN  2.0
    1      1      task     8.0        6.0       NaN  2.0
    2      1      bond     9.0        8.0       NaN  1.0
    3      1    repair     9.0        7.0       NaN  2.0
    4      1  teamwork     6.0        7.0       NaN -1.0
    5      1     total    41.0       35.0       NaN  6.0
    """
    inst = _instrument(instrument)
    keys = list(target) if not isinstance(target, str) else [target]
    columns = [*keys, perspective, rater, item, response]
    check_table(
        data,
        "data",
        columns=columns,
        fix="Name the columns with target=, rater=, perspective=, item= and response=.",
    )
    for chair in sorted(set(data[perspective].dropna()) - set(CHAIRS), key=str):
        check_choice(chair, f"each value of the column {perspective!r}", CHAIRS)
    long = data[columns].rename(
        columns={perspective: "perspective", item: "item", response: "response"}
    )
    scores = score(long, inst)
    means = (
        scores.groupby([*keys, "scale", "perspective"], sort=False, dropna=False)["score"]
        .mean()
        .unstack("perspective")
        .reindex(columns=list(CHAIRS))
    )
    means.columns.name = None
    out = means.reset_index()
    out["gap"] = out["client"] - out["therapist"]
    order = {name: i for i, name in enumerate(inst.scales)}
    out = out.sort_values(keys + ["scale"], key=lambda c: c.map(order) if c.name == "scale" else c)
    out[list(CHAIRS) + ["gap"]] = out[list(CHAIRS) + ["gap"]].astype(np.float64)
    return out.reset_index(drop=True)
