"""Internal consistency: Cronbach's alpha with a Feldt confidence interval, and item statistics.

Checked in the tests against pingouin's ``cronbach_alpha`` (Vallat, 2018) and plain pandas.
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_choice, check_finite_column, check_number, check_table, fail
from .forms import split_forms
from .scoring import _matrix, _respondents
from .validation import FORM_COLUMNS, validate_responses

__all__ = ["cronbach_alpha", "item_statistics"]


#: Column names that identify a respondent or a form; in a wide table they are not items.
IDENTIFIERS = (
    "client", "therapist", "session", "respondent", "submission", "perspective", "id",
    "pair", "group", "round", "instrument", "version", "submitted_at", "couple", "partner",
)  # fmt: skip


def _wide(responses):
    check_table(responses, "responses")
    if {"item", "response"} <= set(responses.columns):
        fail(
            "instrument",
            allowed="named for a long table (columns 'item' and 'response')",
            given="no instrument",
            fix="Pass instrument= so the items can be reverse-keyed and grouped into scales, "
            "for example al.cronbach_alpha(data, 'bordin-teaching').",
        )
    ids = [c for c in responses.columns if str(c).strip().lower() in IDENTIFIERS]
    if ids:
        fail(
            "the columns of a wide table",
            allowed="one column per item and nothing else",
            given=f"identifier column(s) {ids} among the items",
            fix="Counting an identifier as an item gives a wrong alpha. Move it into the "
            f"index, for example data.set_index({ids[0]!r}), or drop it.",
        )
    for column in responses.columns:
        check_finite_column(
            responses,
            column,
            f"item column {column!r}",
            fix="A wide table holds one number per respondent and item; leave a missing answer "
            "empty.",
        )
    matrix = responses.apply(pd.to_numeric).dropna().to_numpy(dtype=float)
    return matrix


def _blocks(responses, instrument, scale):
    """Yield (scale name, item labels, complete-case matrix) for each scale to analyse."""
    if instrument is None and not (
        isinstance(responses, pd.DataFrame) and "instrument" in responses.columns
    ):
        yield "all items", list(responses.columns), _wide(responses)
        return
    check_table(responses, "responses", columns=("item", "response"))
    forms = split_forms(responses, instrument, "responses")
    if len(forms) > 1:
        fail(
            "responses",
            allowed="answers to one instrument and one version of it",
            given=", ".join(f"{inst.id} {inst.version}" for inst, _ in forms),
            fix="Alpha mixes no forms: keep one, for example "
            "data[data['instrument'] == 'bordin-teaching'].",
        )
    inst, rows = forms[0]
    rows = rows.drop(columns=[c for c in FORM_COLUMNS if c in rows])
    data = validate_responses(rows, inst)
    id_cols = [c for c in data.columns if c not in ("item", "response")]
    key, respondents = _respondents(data, id_cols)
    matrix = _matrix(data, inst, key, len(respondents))
    if scale is not None:
        check_choice(scale, "scale", inst.scales)
    for name in [scale] if scale else inst.scales:
        numbers = [item.number for item in inst.items_of(name)]
        if len(numbers) < 2 and scale is None:
            continue
        block = matrix[:, np.array(numbers) - 1]
        yield name, numbers, block[~np.isnan(block).any(axis=1)]


def _correlation(a, b):
    """Pearson r, or NaN (without a warning) when an item or the rest never varies."""
    if a.std() == 0 or b.std() == 0:
        return np.nan
    return np.corrcoef(a, b)[0, 1]


def _varies(matrix):
    return matrix.sum(axis=1).var(ddof=1) > 0


def _alpha(matrix):
    k = matrix.shape[1]
    item_var = matrix.var(axis=0, ddof=1).sum()
    total_var = matrix.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_var / total_var)


def _check(name, matrix):
    n, k = matrix.shape
    if k < 2:
        fail(
            f"the number of items of scale {name!r}",
            allowed="at least 2 for alpha",
            given=f"{k}",
            fix="Choose a scale with several items.",
        )
    if n < 3:
        fail(
            f"the number of respondents who answered every item of scale {name!r}",
            allowed="at least 3 for alpha",
            given=f"{n}",
            fix="Add respondents; those with a missing item are left out of alpha.",
        )
    if matrix.sum(axis=1).var(ddof=1) == 0:
        fail(
            f"the sum scores of scale {name!r}",
            allowed="different for at least two respondents (alpha divides by their variance)",
            given=f"the same sum for all {n} respondents",
            fix="Alpha is undefined when every respondent has the same total: collect "
            "answers that differ, or report that the scale showed no spread.",
        )


@renamed_keywords(responses="data", confidence="level")
def cronbach_alpha(data, instrument=None, *, scale=None, level=0.95):
    """Cronbach's alpha with a Feldt (1965) confidence interval, for each scale.

    Parameters
    ----------
    data : DataFrame
        Either long responses (``item``, ``response`` and identifier columns) together with
        ``instrument``, or a wide table with one numeric column per item and no instrument.
        Respondents with a missing item are left out of that scale (listwise).
    instrument : str or Instrument, optional
        Reverse-keys the items and groups them into subscales and the total.
    scale : str, optional
        Only this scale (default: every scale with at least two items).
    level : float, default 0.95
        Confidence level of the interval.

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
    level = check_number(
        level, "level", low=0, high=1, low_open=True, high_open=True,
        fix="Give a confidence level such as 0.95.",
    )  # fmt: skip
    from scipy import stats  # scipy is loaded on the first call, not on import

    rows = []
    for name, _labels, matrix in _blocks(data, instrument, scale):
        _check(name, matrix)
        n, k = matrix.shape
        alpha = _alpha(matrix)
        df1, df2 = n - 1, (n - 1) * (k - 1)
        low = 1 - (1 - alpha) * stats.f.isf((1 - level) / 2, df1, df2)
        high = 1 - (1 - alpha) * stats.f.isf((1 + level) / 2, df1, df2)
        rows.append((name, alpha, low, high, n, k))
    return pd.DataFrame(
        rows, columns=["scale", "alpha", "ci_low", "ci_high", "n_respondents", "n_items"]
    )


@renamed_keywords(responses="data")
def item_statistics(data, instrument=None, *, scale=None):
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
    for name, labels, matrix in _blocks(data, instrument, scale):
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
                    "item_total_r": _correlation(matrix[:, j], rest),
                    "alpha_if_deleted": _alpha(others) if k > 2 and _varies(others) else np.nan,
                }
            )
    return pd.DataFrame(rows)
