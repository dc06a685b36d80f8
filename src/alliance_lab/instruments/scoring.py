"""Scoring: long responses in, long scores out, rules read from the instrument definition.

The work is done on a respondents x items matrix with numpy, so a million item
responses score in well under a second; there is no loop over rows.
"""

import numpy as np
import pandas as pd

from .definition import Instrument, load_instrument
from .validation import validate_responses

__all__ = ["apply_cutoffs", "reverse_key", "score"]

_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _instrument(instrument):
    return instrument if isinstance(instrument, Instrument) else load_instrument(instrument)


def reverse_key(responses, instrument):
    """Flip reverse-keyed items (``min + max - response``); other items are unchanged.

    Applying it twice gives the original responses back.

    >>> data = pd.DataFrame({"item": [3, 4], "response": [1, 1]})
    >>> reverse_key(data, "bond-partnership-teaching")["response"].tolist()
    [1.0, 4.0]
    """
    inst = _instrument(instrument)
    data = validate_responses(responses, inst)
    flip = np.array([item.reverse for item in inst.items])[data["item"].to_numpy() - 1]
    values = data["response"].to_numpy()
    data["response"] = np.where(flip, inst.scale.min + inst.scale.max - values, values)
    return data


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


def score(responses, instrument, *, notes=False):
    """Score questionnaire responses.

    Parameters
    ----------
    responses : DataFrame
        Long table, one row per answered item: ``item`` (item number), ``response``, and any
        identifier columns (``client``, ``session``, ``perspective``, ...) which are carried
        through to the result. A missing answer may be an empty cell or simply an absent row.
    instrument : str or Instrument
        An id from ``list_instruments()`` or a loaded instrument.
    notes : bool, default False
        Add a ``note`` column saying which scores were prorated or left empty, and why.

    Returns
    -------
    DataFrame
        Identifier columns, ``scale`` (each subscale, then ``total``) and ``score``. Reverse
        keying, the sum or mean rule and the missing-data rule come from the definition: a
        scale with too many missing items gets ``NaN`` (never zero), and so does a total
        built from it.

    Examples
    --------
    >>> answers = pd.DataFrame({"client": "A", "item": range(1, 13),
    ...                         "response": [5, 4, 3, 5, 2, 3, 1, 4, 3, 5, 4, 3]})
    >>> score(answers, "bordin-teaching")  # items 5 and 7 are reverse-keyed: 2 counts 4, 1 counts 5
      client  scale  score
    0      A   goal   20.0
    1      A   task   16.0
    2      A   bond   12.0
    3      A  total   48.0
    >>> one_missing = answers[answers["item"] != 1]
    >>> score(one_missing, "bordin-teaching", notes=True).iloc[0]
    client                                 A
    scale                               goal
    score                               20.0
    note      1 of 4 items missing, prorated
    Name: 0, dtype: object
    """
    inst = _instrument(instrument)
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
    out["scale"] = np.tile(np.array(inst.scales, dtype=object), n_resp)
    # Rounding to 10 decimals removes floating-point dust (9.1 + 8.7 + 9.4 + 8.8 is 36, not
    # 35.99999999999999), which would otherwise put a score on the wrong side of a cutoff.
    out["score"] = np.round(np.column_stack(columns).ravel(), 10)
    if notes:
        out["note"] = np.column_stack(note_columns).ravel()
    return out


def apply_cutoffs(scores, instrument, *, comparison=None):
    """Mark scores that fall on the flagged side of the instrument's cutoffs.

    Parameters
    ----------
    scores : DataFrame
        Output of ``score``.
    instrument : str or Instrument
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
    """
    inst = _instrument(instrument)
    for col in ("scale", "score"):
        if col not in scores.columns:
            raise ValueError(f"scores needs a {col!r} column (use the output of al.score).")
    out = scores.copy()
    out["cutoff"] = np.nan
    out["comparison"] = None
    out["flagged"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["meaning"] = None
    for cut in inst.cutoffs:
        how = comparison or cut.comparison
        if how not in cut.comparisons:
            raise ValueError(
                f"comparison must be one of {list(cut.comparisons)} for the {cut.scale} cutoff "
                f"of {inst.id}; got {how!r}."
            )
        rows = (out["scale"] == cut.scale).to_numpy()
        values = out.loc[rows, "score"].to_numpy(dtype=float)
        flagged = pd.array(_COMPARE[how](values, cut.value), dtype="boolean")
        flagged[np.isnan(values)] = pd.NA
        out.loc[rows, "cutoff"] = cut.value
        out.loc[rows, "comparison"] = how
        out.loc[rows, "flagged"] = flagged
        out.loc[rows, "meaning"] = cut.meaning
    if comparison is not None and not inst.cutoffs:
        raise ValueError(f"{inst.id} has no cutoff, so comparison={comparison!r} cannot be used.")
    return out
