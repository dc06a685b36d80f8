"""Agreement among raters of the same role-play: spread, r_wg and the ICC across targets.

When a class rates one role-play, each target (the whole hall's role-play, or each
triad's) is rated by several students. Two questions follow:

- **Do raters of one target agree?** The spread of their scores, and James, Demaree &
  Wolf's (1984) within-group agreement index. For one item,
  ``r_wg = 1 - s² / σ²_EU``: the observed variance of the raters' answers ``s²``
  against the variance expected if everyone answered at random (uniformly). For a
  Likert item with ``A`` answer categories ``σ²_EU = (A² - 1) / 12``; for a 0-10
  visual analogue line this module uses the continuous uniform null
  ``σ²_EU = (max - min)² / 12`` (100 / 12 = 8.33). For a scale of ``J`` items,
  ``r_wg(J) = J (1 - s̄² / σ²_EU) / (J (1 - s̄² / σ²_EU) + s̄² / σ²_EU)`` with ``s̄²`` the
  mean of the item variances. More spread than random answering (``s̄² > σ²_EU``) is
  counted as no agreement, 0 (this module's convention), so r_wg lies between 0 and 1.
- **Do targets differ more than raters of the same target?** With several targets
  (triads), the one-way intraclass correlation: ``ICC(1)``, the reliability of one
  student's score, and ``ICC(1,k)``, the reliability of the mean of a target's ``k``
  raters (Shrout & Fleiss 1979), from a one-way analysis of variance with targets as
  groups. With unequal numbers of raters, ``k`` is the ANOVA's adjusted group size
  ``k0 = (N - Σ n_i² / N) / (g - 1)``.
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_number, check_table
from ..instruments.scoring import _instrument, score

__all__ = ["icc_across_targets", "null_variance", "rater_agreement"]


def null_variance(instrument):
    """Variance of answers given at random (uniformly) on the instrument's scale.

    Examples
    --------
    >>> null_variance("bordin-teaching")  # five categories: (25 - 1) / 12
    2.0
    >>> round(null_variance("session-rating-teaching"), 3)  # a 0-10 line: 100 / 12
    8.333
    """
    s = _instrument(instrument).scale
    if s.kind == "likert":
        categories = round((s.max - s.min) / s.step) + 1
        return (categories**2 - 1) / 12
    return (s.max - s.min) ** 2 / 12


def _rwg(mean_variance, n_items, null):
    ratio = np.minimum(np.asarray(mean_variance, dtype=float) / null, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = n_items * (1 - ratio)
        return agree / (agree + ratio)


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def rater_agreement(
    data,
    instrument,
    *,
    target=("round", "group"),
    by=(),
    rater="respondent",
    item="item",
    response="response",
):
    """Spread and r_wg of the raters of each target, for every scale of the instrument.

    Parameters
    ----------
    data : DataFrame
        Long responses: the ``target`` columns, ``rater``, ``item``, ``response`` (and any
        ``by`` columns), e.g. a class session's answers or ``simulate_raters(...)``.
    instrument : str or Instrument
    target : sequence of str
        Columns that identify one rated role-play (default: round and triad). An empty
        triad (a whole-hall role-play) is a target of its own.
    by : sequence of str
        Further columns to split by, e.g. ``"perspective"`` for agreement within each chair.
    rater : str
        Column that identifies one student.
    item, response : str
        Names of the item-number and answer columns.

    Returns
    -------
    DataFrame
        One row per target (and ``by``) and scale: ``n_raters``, ``mean``, ``sd``
        (standard deviation of the raters' scores), ``lowest``, ``highest``, ``n_items``
        and ``r_wg`` (r_wg(J) over the scale's items; the plain r_wg for one item).

    Examples
    --------
    >>> data = pd.DataFrame({"round": 1, "respondent": [1, 1, 2, 2, 3, 3],
    ...                      "item": [1, 2] * 3, "response": [4, 4, 5, 4, 4, 3]})
    >>> out = rater_agreement(data, "session-rating-teaching", target=["round"])
    >>> out.loc[out["scale"] == "goal", ["n_raters", "mean", "r_wg"]].round(3)
       n_raters   mean  r_wg
    0         3  4.333  0.96
    """
    inst = _instrument(instrument)
    keys = _as_list(target) + _as_list(by)
    check_table(
        data,
        "data",
        columns=[*keys, rater, item, response],
        fix="Name the columns with target=, by=, rater=, item= and response=.",
    )
    if not keys:
        raise ValueError("target must name at least one column (for example 'round').")
    long = data[[*keys, rater, item, response]].rename(columns={item: "item", response: "response"})
    scores = score(long, inst)
    grouped = scores.groupby([*keys, "scale"], sort=False, dropna=False)["score"]
    out = grouped.agg(
        n_raters="count", mean="mean", sd="std", lowest="min", highest="max"
    ).reset_index()

    # item variances among the raters of each target, then their mean over a scale's items
    answers = long.copy()
    answers["response"] = pd.to_numeric(answers["response"], errors="coerce")
    variances = (
        answers.groupby([*keys, "item"], sort=False, dropna=False)["response"]
        .var(ddof=1)
        .rename("variance")
        .reset_index()
    )
    null = null_variance(inst)
    pieces = []
    for scale in inst.scales:
        numbers = [item.number for item in inst.items_of(scale)]
        part = variances[variances["item"].isin(numbers)]
        mean_var = part.groupby(keys, sort=False, dropna=False)["variance"].mean().reset_index()
        mean_var["scale"] = scale
        mean_var["n_items"] = len(numbers)
        pieces.append(mean_var)
    item_part = pd.concat(pieces, ignore_index=True)
    item_part["r_wg"] = _rwg(item_part["variance"], item_part["n_items"], null)
    out = out.merge(item_part.drop(columns="variance"), on=[*keys, "scale"], how="left")
    out.loc[out["n_raters"] < 2, ["sd", "r_wg"]] = np.nan
    order = {name: i for i, name in enumerate(inst.scales)}
    out = out.sort_values(keys + ["scale"], key=lambda c: c.map(order) if c.name == "scale" else c)
    return out.reset_index(drop=True)


@renamed_keywords(scores="data")
def icc_across_targets(data, *, target="group", by=("round", "scale"), score="score", level=0.95):
    """One-way intraclass correlation of scores across targets (triads), per round and scale.

    Each target is rated by its own students (raters are nested in targets), so the
    one-way random-effects model applies: ``ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW)``
    and ``ICC(1,k) = (MSB - MSW) / MSB`` (Shrout & Fleiss 1979), with a confidence
    interval for ICC(1) from the F distribution.

    Parameters
    ----------
    data : DataFrame
        Scores, one row per rater and scale: e.g. ``al.score`` of a class session's
        answers, with ``target``, ``score`` and the ``by`` columns.
    target : str
        Column that identifies the target (the triad).
    score : str
        Name of the score column.
    by : sequence of str
        A separate ICC for each combination of these columns.
    level : float
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        ``by`` columns, ``n_targets``, ``n_raters``, ``k`` (raters per target; the
        adjusted mean when unequal), ``icc1``, ``icc1k``, ``f``, ``p_value``, ``ci_low``,
        ``ci_high`` (for ICC(1)). Fewer than two targets, or no target with two raters,
        gives empty values.

    Examples
    --------
    >>> scores = pd.DataFrame({"group": [1, 1, 2, 2, 3, 3], "score": [1, 2, 4, 5, 7, 9]})
    >>> icc_across_targets(scores, by=())[["n_targets", "k", "icc1", "icc1k"]].round(3)
       n_targets    k  icc1  icc1k
    0          3  2.0  0.91  0.953
    """
    level = check_number(
        level, "level", low=0, high=1, low_open=True, high_open=True,
        fix="Give a confidence level such as 0.95.",
    )  # fmt: skip
    by = _as_list(by)
    check_table(
        data,
        "data",
        columns=[target, score, *by],
        fix="Name the columns with target=, score= and by=.",
    )
    data = data[[target, score, *by]].rename(columns={score: "score"})
    data = data[data[target].notna() & data["score"].notna()]
    rows = []
    groups = data.groupby(by, sort=False, dropna=False) if by else [((), data)]
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key, strict=True)), **_one_way(part, target, level)})
    columns = [*by, "n_targets", "n_raters", "k", "icc1", "icc1k", "f", "p_value"]
    return pd.DataFrame(rows, columns=columns + ["ci_low", "ci_high"])


def _one_way(part, target, level):
    from scipy import stats  # scipy is loaded on the first call, not on import

    sizes = part.groupby(target)["score"].size()
    means = part.groupby(target)["score"].mean()
    n, g = int(sizes.sum()), len(sizes)
    empty = dict.fromkeys(("k", "icc1", "icc1k", "f", "p_value", "ci_low", "ci_high"), np.nan)
    out = {"n_targets": g, "n_raters": n, **empty}
    if g < 2 or n - g < 1:
        return out
    grand = part["score"].mean()
    msb = float((sizes * (means - grand) ** 2).sum() / (g - 1))
    within = part["score"] - part[target].map(means)
    msw = float((within**2).sum() / (n - g))
    k = (n - (sizes**2).sum() / n) / (g - 1)
    out["k"] = float(k)
    if msb == 0 and msw == 0:
        return out
    out["icc1"] = (msb - msw) / (msb + (k - 1) * msw)
    out["icc1k"] = (msb - msw) / msb if msb > 0 else np.nan
    if msw > 0:
        f = msb / msw
        df1, df2 = g - 1, n - g
        out["f"] = f
        out["p_value"] = float(stats.f.sf(f, df1, df2))
        tail = 0.5 + level / 2
        f_low = f / stats.f.ppf(tail, df1, df2)
        f_high = f * stats.f.ppf(tail, df2, df1)
        out["ci_low"] = (f_low - 1) / (f_low + k - 1)
        out["ci_high"] = (f_high - 1) / (f_high + k - 1)
    return out
