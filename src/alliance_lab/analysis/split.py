"""Split alliances in couple and family therapy.

With two or more clients in the room the therapist builds an alliance with each of
them, and these can differ: one partner feels understood while the other feels the
therapist has taken sides. Pinsof and Catherall (1986) described the alliance in
couple and family work as a relationship between the therapist and a whole system;
a *split alliance* is a marked difference between members of that system in their
alliance with the therapist (Muñiz de la Peña, Friedlander & Escudero, 2009, who
graded splits as mild, moderate or severe and found that most families who dropped
out had at least one moderately or severely split session).

There is no single agreed cut-off. This module uses the plainest measure, the
**split = the highest minus the lowest member's alliance** (for a couple: the
absolute difference between the two partners), and leaves the threshold for calling
a unit "split" as a setting. How strongly a split predicts dropout is not settled:
Bartle-Haring et al. (2012) found that partners' differences at a single session did
not predict termination, while the way the differences changed over sessions did.
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table

__all__ = ["split_alliance", "split_dropout"]


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def split_alliance(data, *, unit="couple", member="partner", alliance="alliance", threshold=1.0):
    """Size of the split between members' alliances with the therapist, per couple or family.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table, one row per member: ``unit``, ``member`` and ``alliance`` columns;
        any other column that is constant within a unit (e.g. ``therapist``,
        ``dropped_out``) is carried over.
    unit, member, alliance : str
        Column names.
    threshold : float
        A unit counts as split when its split is at least this many points.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``n_members``, ``mean_alliance``, ``lowest``, ``highest``,
        ``split`` (highest minus lowest) and ``is_split``, plus carried-over columns.

    Examples
    --------
    >>> data = pd.DataFrame({"couple": [1, 1, 2, 2], "partner": ["A", "B"] * 2,
    ...                      "alliance": [6.0, 4.5, 5.0, 5.5]})
    >>> split_alliance(data, threshold=1.0)
       couple  n_members  mean_alliance  lowest  highest  split  is_split
    0       1          2           5.25     4.5      6.0    1.5      True
    1       2          2           5.25     5.0      5.5    0.5     False
    """
    check_table(
        data,
        "data",
        columns=[unit, member, alliance],
        fix="Name the columns with unit=, member= and alliance=.",
    )
    if not (isinstance(threshold, int | float) and threshold >= 0):
        raise ValueError(f"threshold must be a number of points, 0 or more; got {threshold!r}.")
    if data[alliance].isna().any():
        raise ValueError(f"column {alliance!r} has missing values; every member needs a rating.")
    groups = data.groupby(unit, sort=True)
    members = groups[member].nunique()
    if (groups.size() != members).any():
        twice = (groups.size() != members).idxmax()
        raise ValueError(f"{unit} {_plain(twice)!r} lists the same {member} more than once.")
    if (members < 2).any():
        lonely = members[members < 2].index[0]
        raise ValueError(
            f"{unit} {_plain(lonely)!r} has only one {member}; a split needs at least two members."
        )
    out = pd.DataFrame(
        {
            "n_members": members,
            "mean_alliance": groups[alliance].mean(),
            "lowest": groups[alliance].min(),
            "highest": groups[alliance].max(),
        }
    )
    out["split"] = out["highest"] - out["lowest"]
    out["is_split"] = out["split"] >= threshold - 1e-9
    others = [c for c in data.columns if c not in (unit, member, alliance)]
    constant = [c for c in others if (groups[c].nunique(dropna=False) == 1).all()]
    if constant:
        out = out.join(groups[constant].first())
    return out.reset_index()


@renamed_keywords(units="data")
def split_dropout(data, *, split="split", dropped_out="dropped_out", bands=(0.5, 1.0)):
    """Dropout rate by size of the split.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per couple or family, e.g. the output of :func:`split_alliance`.
    split, dropped_out : str
        Column names: the split in points, and True/False for dropout.
    bands : sequence of float
        Increasing band edges; the bands are below the first edge, between edges and
        at or above the last edge.

    Returns
    -------
    pandas.DataFrame
        ``band``, ``low``, ``high``, ``n``, ``dropouts``, ``dropout_rate``.

    Examples
    --------
    >>> units = pd.DataFrame({"split": [0.2, 0.4, 0.7, 1.2, 1.5],
    ...                       "dropped_out": [False, False, True, True, False]})
    >>> split_dropout(units, bands=(0.5, 1.0))[["band", "n", "dropouts", "dropout_rate"]]
                 band  n  dropouts  dropout_rate
    0       under 0.5  2         0           0.0
    1  0.5 to under 1  1         1           1.0
    2       1 or more  2         1           0.5
    """
    check_table(
        data,
        "data",
        columns=[split, dropped_out],
        fix="Name the columns with split= and dropped_out=.",
    )
    units = data
    edges = [float(b) for b in bands]
    if not edges or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError(f"bands must be one or more increasing numbers; got {bands!r}.")
    if not pd.api.types.is_bool_dtype(units[dropped_out]):
        raise ValueError(f"column {dropped_out!r} must hold True/False.")
    lows = [-np.inf, *edges]
    highs = [*edges, np.inf]
    rows = []
    for low, high in zip(lows, highs, strict=True):
        inside = (units[split] >= low) & (units[split] < high)
        if low == -np.inf:
            name = f"under {high:g}"
        elif high == np.inf:
            name = f"{low:g} or more"
        else:
            name = f"{low:g} to under {high:g}"
        n = int(inside.sum())
        dropouts = int(units.loc[inside, dropped_out].sum())
        rows.append(
            {
                "band": name,
                "low": max(low, 0.0),
                "high": high,
                "n": n,
                "dropouts": dropouts,
                "dropout_rate": dropouts / n if n else float("nan"),
            }
        )
    return pd.DataFrame(rows)
