"""Internal consistency: Cronbach's alpha with a Feldt confidence interval, and item statistics.

Checked in the tests against pingouin's ``cronbach_alpha`` (Vallat, 2018) and plain pandas.
"""

import numpy as np
import pandas as pd

from .scoring import _instrument, _matrix, _respondents
from .validation import validate_responses

__all__ = ["cronbach_alpha", "item_statistics"]


def _blocks(responses, instrument, scale):
    """Yield (scale name, item labels, complete-case matrix) for each scale to analyse."""
    if instrument is None:
        if not isinstance(responses, pd.DataFrame):
            raise ValueError("responses must be a table (pandas DataFrame).")
        if {"item", "response"} <= set(responses.columns):
            raise ValueError(
                "This looks like a long table (columns 'item' and 'response'): pass "
                "instrument= so the items can be reverse-keyed and grouped into scales."
            )
        wide = responses.apply(pd.to_numeric, errors="coerce")
        bad = [c for c in responses.columns if wide[c].isna().sum() > responses[c].isna().sum()]
        if bad:
            raise ValueError(f"Every column must hold numbers (one column per item); see {bad}.")
        matrix = wide.dropna().to_numpy(dtype=float)
        yield "all items", list(responses.columns), matrix
        return
    inst = _instrument(instrument)
    data = validate_responses(responses, inst)
    id_cols = [c for c in data.columns if c not in ("item", "response")]
    key, respondents = _respondents(data, id_cols)
    matrix = _matrix(data, inst, key, len(respondents))
    if scale is not None and scale not in inst.scales:
        raise ValueError(f"scale must be one of {list(inst.scales)}; got {scale!r}.")
    for name in [scale] if scale else inst.scales:
        numbers = [item.number for item in inst.items_of(name)]
        if len(numbers) < 2 and scale is None:
            continue
        block = matrix[:, np.array(numbers) - 1]
        yield name, numbers, block[~np.isnan(block).any(axis=1)]


def _alpha(matrix):
    k = matrix.shape[1]
    item_var = matrix.var(axis=0, ddof=1).sum()
    total_var = matrix.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_var / total_var)


def _check(name, matrix):
    n, k = matrix.shape
    if k < 2:
        raise ValueError(f"Scale {name!r} has {k} item; alpha needs at least two items.")
    if n < 3:
        raise ValueError(
            f"Scale {name!r} has {n} respondents with every item answered; alpha needs at least 3."
        )


def cronbach_alpha(responses, instrument=None, *, scale=None, confidence=0.95):
    """Cronbach's alpha with a Feldt (1965) confidence interval, for each scale.

    Parameters
    ----------
    responses : DataFrame
        Either long responses (``item``, ``response`` and identifier columns) together with
        ``instrument``, or a wide table with one numeric column per item and no instrument.
        Respondents with a missing item are left out of that scale (listwise).
    instrument : str or Instrument, optional
        Reverse-keys the items and groups them into subscales and the total.
    scale : str, optional
        Only this scale (default: every scale with at least two items).
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        ``scale``, ``alpha``, ``ci_low``, ``ci_high``, ``n_respondents``, ``n_items``.

    Notes
    -----
    alpha = k / (k - 1) * (1 - sum of item variances / variance of the sum score).
    With n respondents the interval is 1 - (1 - alpha) * F, where F are the
    F(n - 1, (n - 1)(k - 1)) quantiles (Feldt, Woodruff & Salih, 1987).

    Examples
    --------
    >>> wide = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> cronbach_alpha(wide).round(3)
           scale  alpha  ci_low  ci_high  n_respondents  n_items
    0  all items  0.954   0.766    0.995              5        3
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1 (e.g. 0.95); got {confidence!r}.")
    from scipy import stats  # scipy is loaded on the first call, not on import

    rows = []
    for name, _labels, matrix in _blocks(responses, instrument, scale):
        _check(name, matrix)
        n, k = matrix.shape
        alpha = _alpha(matrix)
        df1, df2 = n - 1, (n - 1) * (k - 1)
        low = 1 - (1 - alpha) * stats.f.isf((1 - confidence) / 2, df1, df2)
        high = 1 - (1 - alpha) * stats.f.isf((1 + confidence) / 2, df1, df2)
        rows.append((name, alpha, low, high, n, k))
    return pd.DataFrame(
        rows, columns=["scale", "alpha", "ci_low", "ci_high", "n_respondents", "n_items"]
    )


def item_statistics(responses, instrument=None, *, scale=None):
    """Item mean, SD, corrected item-total correlation and alpha if the item is deleted.

    Takes the same input as ``cronbach_alpha``. The corrected item-total correlation
    correlates each item with the sum of the *other* items of its scale, so an item is
    not correlated with itself.

    Returns
    -------
    DataFrame
        ``scale``, ``item``, ``n``, ``mean``, ``sd``, ``item_total_r``, ``alpha_if_deleted``.

    Examples
    --------
    >>> wide = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 4]})
    >>> item_statistics(wide)[["item", "mean", "sd", "alpha_if_deleted"]].round(3)
      item  mean     sd  alpha_if_deleted
    0    a   3.0  1.581             0.882
    1    b   3.4  1.517             0.933
    2    c   3.0  1.225             0.968
    """
    rows = []
    for name, labels, matrix in _blocks(responses, instrument, scale):
        _check(name, matrix)
        k = matrix.shape[1]
        total = matrix.sum(axis=1)
        for j, label in enumerate(labels):
            rest = total - matrix[:, j]
            others = np.delete(matrix, j, axis=1)
            rows.append(
                {
                    "scale": name,
                    "item": label,
                    "n": matrix.shape[0],
                    "mean": matrix[:, j].mean(),
                    "sd": matrix[:, j].std(ddof=1),
                    "item_total_r": np.corrcoef(matrix[:, j], rest)[0, 1],
                    "alpha_if_deleted": _alpha(others) if k > 2 else np.nan,
                }
            )
    return pd.DataFrame(rows)
