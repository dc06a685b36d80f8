"""Scoring: long responses in, long scores out, rules read from the instrument definition.

The work is done on a respondents x items matrix with numpy, so a million item
responses score in well under a second; there is no loop over rows.
"""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_choice, check_finite_column, check_table, fail, plain, show
from .definition import Instrument, load_instrument
from .forms import split_forms
from .validation import FORM_COLUMNS, validate_responses

__all__ = ["apply_cutoffs", "reverse_key", "score"]

CUTOFF_COLUMNS = ("cutoff", "comparison", "flagged", "meaning")
_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _instrument(instrument):
    return instrument if isinstance(instrument, Instrument) else load_instrument(instrument)


@renamed_keywords(responses="data")
def reverse_key(data, instrument=None):
    """Flip reverse-keyed items (``min + max - response``); other items are unchanged.

    Applying it twice gives the original responses back.

    >>> data = pd.DataFrame({"item": [3, 4], "response": [1, 1]})
    >>> reverse_key(data, "bond-partnership-teaching")["response"].tolist()
    [1.0, 4.0]
    """
    check_table(data, "responses", columns=("item", "response"))
    parts, order = [], []
    for inst, rows, at in split_forms(data, instrument, "responses", positions=True):
        form = validate_responses(rows, inst)
        flip = np.array([item.reverse for item in inst.items])[form["item"].to_numpy() - 1]
        values = form["response"].to_numpy()
        form["response"] = np.where(flip, inst.scale.min + inst.scale.max - values, values)
        parts.append(form)
        order.append(at)
    if len(parts) == 1:
        return parts[0]
    out = pd.concat(parts) if parts else data.copy()
    return out.iloc[np.argsort(np.concatenate(order), kind="stable")] if parts else out


def _respondents(data, id_cols):
    if not id_cols:
        return np.zeros(len(data), dtype=np.intp), pd.DataFrame(index=range(1))
    key = data.groupby(id_cols, sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(key, return_index=True)
    return key, data[id_cols].iloc[first].reset_index(drop=True)


def _matrix(data, inst, key, n_resp):
    matrix = np.full((n_resp, len(inst.items)), np.nan)
    matrix[key, data["item"].to_numpy() - 1] = data["response"].to_numpy()
    flip = np.array([item.reverse for item in inst.items])
    matrix[:, flip] = inst.scale.min + inst.scale.max - matrix[:, flip]
    return matrix


def _score_block(block, rule, max_missing):
    """Score columns ``block`` with prorating: (scores, number missing, scored?)."""
    n_items = block.shape[1]
    answered = (~np.isnan(block)).sum(axis=1)
    n_missing = n_items - answered
    ok = (n_missing <= max_missing) & (answered > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(block, axis=1) / answered
    scores = mean if rule == "mean" else mean * n_items
    return np.where(ok, scores, np.nan), n_missing, ok


def _note(n_missing, ok, n_items, max_missing):
    notes = np.full(n_missing.shape, "", dtype=object)
    for k in np.unique(n_missing[n_missing > 0]):
        word = "item" if n_items == 1 else "items"
        notes[(n_missing == k) & ok] = f"{k} of {n_items} {word} missing, prorated"
        notes[(n_missing == k) & ~ok] = (
            f"not scored: {k} of {n_items} {word} missing (at most {max_missing} allowed)"
        )
    return notes


@renamed_keywords(responses="data")
def score(data, instrument=None, *, notes=False):
    """Score questionnaire responses.

    Parameters
    ----------
    data : DataFrame
        Long table, one row per answered item: ``item`` (item number), ``response``, and any
        identifier columns (``client``, ``session``, ``perspective``, ...) which are carried
        through to the result. A missing answer may be an empty cell or simply an absent row.
        An ``instrument`` column and a ``version`` column (as in ``al.load_responses()``)
        say which form, and which version of its definition, each row was given on: each
        form is scored with its own key.
    instrument : str or Instrument, optional
        An id from ``list_instruments()`` or a loaded instrument. Needed when the table has
        no ``instrument`` column; when it has one, rows of another instrument are refused.
    notes : bool, default False
        Add a ``note`` column saying which scores were prorated or left empty, and why.

    Returns
    -------
    DataFrame
        Identifier columns, ``instrument``, ``version``, ``scale`` (each subscale, then
        ``total``) and ``score``. Reverse keying, the sum or mean rule and the missing-data
        rule come from the definition: a scale with too many missing items gets ``NaN``
        (never zero), and so does a total built from it.

    Examples
    --------
    >>> answers = pd.DataFrame({"client": "A", "item": range(1, 13),
    ...                         "response": [5, 4, 3, 5, 2, 3, 1, 4, 3, 5, 4, 3]})
    >>> score(answers, "bordin-teaching")  # items 5 and 7 are reverse-keyed: 2 counts 4, 1 counts 5
      client       instrument version  scale  score
    0      A  bordin-teaching     2.0   goal   20.0
    1      A  bordin-teaching     2.0   task   16.0
    2      A  bordin-teaching     2.0   bond   12.0
    3      A  bordin-teaching     2.0  total   48.0
    >>> one_missing = answers[answers["item"] != 1]
    >>> row = score(one_missing, "bordin-teaching", notes=True).iloc[0]
    >>> print(row["scale"], row["score"], row["note"], sep=" | ")
    goal | 20.0 | 1 of 4 items missing, prorated
    """
    check_table(data, "responses", columns=("item", "response"))
    parts = [
        _score_form(rows.drop(columns=[c for c in FORM_COLUMNS if c in rows]), inst, notes)
        for inst, rows in split_forms(data, instrument, "responses")
    ]
    if not parts:  # an empty table of saved forms
        ids = [c for c in data.columns if c not in ("item", "response", *FORM_COLUMNS)]
        columns = [*ids, *FORM_COLUMNS, "scale", "score"] + (["note"] if notes else [])
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


def _score_form(responses, inst, notes):
    data = validate_responses(responses, inst)
    id_cols = [c for c in data.columns if c not in ("item", "response")]
    key, respondents = _respondents(data, id_cols)
    n_resp = len(respondents)
    matrix = _matrix(data, inst, key, n_resp)

    columns, note_columns = [], []
    numbers = np.array([item.number for item in inst.items])
    sub_ok = np.ones(n_resp, dtype=bool)
    for name in inst.subscales:
        cols = np.flatnonzero([item.subscale == name for item in inst.items])
        values, n_missing, ok = _score_block(matrix[:, cols], inst.rule, inst.max_missing)
        sub_ok &= ok
        columns.append(values)
        note_columns.append(_note(n_missing, ok, len(cols), inst.max_missing))
    if inst.has_total:
        if inst.subscales:
            sizes = np.array([len(inst.items_of(name)) for name in inst.subscales])
            stacked = np.column_stack(columns)
            total = stacked.sum(axis=1)
            if inst.rule == "mean":
                total = (stacked * sizes).sum(axis=1) / sizes.sum()
            total = np.where(sub_ok, total, np.nan)
            note = np.where(sub_ok, "", "not scored: a subscale could not be scored").astype(object)
            prorated = sub_ok & np.isnan(matrix).any(axis=1)
            note[prorated] = "built from prorated subscales"
        else:
            total, n_missing, ok = _score_block(matrix, inst.rule, inst.max_missing)
            note = _note(n_missing, ok, len(numbers), inst.max_missing)
        columns.append(total)
        note_columns.append(note)

    n_scales = len(inst.scales)
    out = respondents.iloc[np.repeat(np.arange(n_resp), n_scales)].reset_index(drop=True)
    out["instrument"] = inst.id
    out["version"] = inst.version
    out["scale"] = np.tile(np.array(inst.scales, dtype=object), n_resp)
    # Rounding to 10 decimals removes floating-point dust (9.1 + 8.7 + 9.4 + 8.8 is 36, not
    # 35.99999999999999), which would otherwise put a score on the wrong side of a cutoff.
    out["score"] = np.round(np.column_stack(columns).ravel(), 10)
    if notes:
        out["note"] = np.column_stack(note_columns).ravel()
    return out


@renamed_keywords(scores="data")
def apply_cutoffs(data, instrument=None, *, comparison=None):
    """Mark scores that fall on the flagged side of the instrument's cutoffs.

    Parameters
    ----------
    data : DataFrame
        Output of ``score``: ``scale``, ``score`` and, from ``score``, ``instrument`` and
        ``version``. Every score must lie within its scale's possible range.
    instrument : str or Instrument, optional
        Needed when ``scores`` has no ``instrument`` column; when it has one, scores of
        another instrument are refused (a cutoff of one form says nothing about another).
    comparison : {"<", "<="}, optional
        Override the definition's comparison where the sources disagree (the session rating
        cutoff of 36 is used both as "below 36" and as "36 or below").

    Returns
    -------
    DataFrame
        A copy of ``scores`` with ``cutoff``, ``comparison``, ``flagged`` and ``meaning``;
        these are empty for scales without a cutoff and ``flagged`` is empty for a missing score.

    Examples
    --------
    >>> scores = pd.DataFrame({"scale": ["total", "total"], "score": [35.0, 36.0]})
    >>> apply_cutoffs(scores, "srs")["flagged"].tolist()
    [True, False]
    >>> apply_cutoffs(scores, "srs", comparison="<=")["flagged"].tolist()
    [True, True]
    >>> apply_cutoffs(pd.DataFrame({"scale": ["total"], "score": [48.0]}), "srs")
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: the total score (row 0) must be within what srs can give, 0 to 40; got 48. A score outside that range comes from another instrument or a typing error: check the scores, and name the instrument that made them.
    """  # noqa: E501
    check_table(data, "scores", columns=("scale", "score"), fix="Pass the output of al.score.")
    taken = [c for c in CUTOFF_COLUMNS if c in data.columns]
    if taken:
        fail(
            "scores",
            allowed="a table without the columns apply_cutoffs adds ("
            + ", ".join(CUTOFF_COLUMNS)
            + ")",
            given=f"a table that already has {taken[0]!r}",
            fix="Pass the output of al.score (cutoffs are applied once), or rename that column.",
        )
    work = data.reset_index(drop=True)  # rows are counted 0, 1, ... in messages
    values = _score_values(work).to_numpy()
    out = data.copy()
    out["score"] = values
    cutoff = np.full(len(out), np.nan)
    how_col = np.full(len(out), None, dtype=object)
    flagged = pd.array([pd.NA] * len(out), dtype="boolean")
    meaning = np.full(len(out), None, dtype=object)
    for inst, rows in split_forms(work, instrument, "scores"):
        _check_ranges(rows, values, inst)
        if comparison is not None and not inst.cutoffs:
            fail(
                "comparison",
                allowed=f"left out for {inst.id}, which has no cutoff",
                given=repr(comparison),
                fix="Leave comparison out.",
            )
        for cut in inst.cutoffs:
            how = comparison or cut.comparison
            check_choice(
                how, f"comparison (for the {cut.scale} cutoff of {inst.id})", cut.comparisons
            )
            on = rows.index[(rows["scale"] == cut.scale).to_numpy()].to_numpy()
            marks = pd.array(_COMPARE[how](values[on], cut.value), dtype="boolean")
            marks[np.isnan(values[on])] = pd.NA
            cutoff[on], how_col[on], flagged[on], meaning[on] = cut.value, how, marks, cut.meaning
    out["cutoff"] = cutoff
    out["comparison"] = how_col
    out["flagged"] = flagged
    out["meaning"] = meaning
    return out


def _score_values(scores):
    return check_finite_column(
        scores, "score", "score", fix="Pass the output of al.score; a missing score stays empty."
    )


def _check_ranges(rows, values, inst):
    """Refuse scales the instrument does not have and scores it cannot give."""
    scales = rows["scale"]
    unknown = ~scales.isin(inst.scales).to_numpy()
    if unknown.any():
        row = rows.index[unknown][0]
        fail(
            f"the scale of row {row} of scores",
            allowed=f"one of the scales of {inst.id} ({', '.join(inst.scales)})",
            given=repr(scales[row]),
            fix="These scores seem to come from another instrument: name the instrument that "
            "made them.",
        )
    for name in inst.scales:
        low, high = inst.scale_range(name)
        on = rows.index[(scales == name).to_numpy()].to_numpy()
        v = values[on]
        outside = ~np.isnan(v) & ((v < low - 1e-9) | (v > high + 1e-9))
        if outside.any():
            first = np.flatnonzero(outside)[0]
            fail(
                f"the {name} score (row {on[first]})",
                allowed=f"within what {inst.id} can give, {plain(low)} to {plain(high)}",
                given=show(v[first]),
                fix="A score outside that range comes from another instrument or a typing "
                "error: check the scores, and name the instrument that made them.",
            )
