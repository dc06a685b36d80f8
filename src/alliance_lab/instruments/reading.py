"""A short plain-language reading of one person's scores."""

import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table, fail
from .forms import split_forms
from .scoring import apply_cutoffs

__all__ = ["describe_scores"]

_WORDS = {"<": "below", "<=": "at or below", ">": "above", ">=": "at or above"}


_TOPIC = {"alliance": "the session", "outcome": "how therapy is going"}


def _fmt(value):
    return f"{value:.1f}" if value != round(value) else f"{value:.0f}"


@renamed_keywords(scores="data")
def describe_scores(data, instrument=None, *, comparison=None):
    """Describe one form's scores in a few plain sentences.

    Parameters
    ----------
    data : DataFrame
        Output of ``al.score`` for one form (one row per scale).
    instrument : str or Instrument, optional
        Needed when ``scores`` has no ``instrument`` column (see ``al.apply_cutoffs``).
    comparison : {"<", "<="}, optional
        Which side of a cutoff counts as flagged (see ``al.apply_cutoffs``).

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> import alliance_lab as al
    >>> answers = pd.DataFrame({"item": [1, 2, 3, 4, 5], "response": [9, 6.5, 9.5, 7, 6]})
    >>> print(describe_scores(al.score(answers, "session-rating-teaching"),
    ...                       "session-rating-teaching"))  # doctest: +NORMALIZE_WHITESPACE
    Goal 9 of 10, task 6.5 of 10, bond 9.5 of 10, repair 7 of 10, teamwork 6 of 10; total 38 of
    50. The lowest part is teamwork (6 of 10). The total, 38, is below the cutoff of 40: a
    possible strain in the work (illustrative cutoff, a teaching choice), a reason to ask about
    the session together, not a verdict. These are teaching items, not a validated instrument:
    read the numbers as prompts for discussion.
    >>> srs = pd.DataFrame({"item": [1, 2, 3, 4], "response": [9, 8, 9.5, 8]})
    >>> print(describe_scores(al.score(srs, "srs"), "srs"))  # doctest: +NORMALIZE_WHITESPACE
    Relationship 9 of 10, goals 8 of 10, approach 9.5 of 10, overall 8 of 10; total 34.5 of 40.
    The lowest part is goals (8 of 10). The total, 34.5, is below the cutoff of 36: by this
    convention a possible alliance problem, a reason to ask about the session together, not a
    verdict.
    """
    check_table(data, "scores", columns=("scale", "score"), fix="Pass the output of al.score.")
    forms = split_forms(data, instrument, "scores")
    if len(forms) != 1 or data["scale"].duplicated().any():
        fail(
            "scores",
            allowed="the scores of one form (one row per scale)",
            given=f"{len(data)} rows" + (f" of {len(forms)} instruments" if len(forms) > 1 else ""),
            fix="Pass the scores of a single respondent, for example "
            "scores[scores['client'] == 'A'].",
        )
    inst, _rows = forms[0]
    marked = apply_cutoffs(data, inst)  # checks every score is within its range
    values = dict(zip(marked["scale"], marked["score"].astype(float), strict=True))
    parts, sentences = [], []
    for scale in inst.scales:
        low, high = inst.scale_range(scale)
        value = values.get(scale, np.nan)
        shown = "not scored" if np.isnan(value) else f"{_fmt(value)} of {_fmt(high)}"
        if inst.rule == "mean":
            shown += " (mean item score)" if not np.isnan(value) else ""
        parts.append(f"{scale} {shown}")
    subs = ", ".join(parts[: len(inst.subscales)])
    tail = parts[len(inst.subscales) :]
    first = "; ".join([p for p in [subs, *tail] if p])
    sentences.append(first[0].upper() + first[1:] + ".")

    scored = {s: values[s] for s in inst.subscales if not np.isnan(values.get(s, np.nan))}
    if len(scored) >= 2:
        lowest = min(scored, key=scored.get)
        if len(set(scored.values())) == 1:
            sentences.append("All parts are rated the same.")
        else:
            high = inst.scale_range(lowest)[1]
            sentences.append(
                f"The lowest part is {lowest} ({_fmt(scored[lowest])} of {_fmt(high)})."
            )
    for cut, row in _cutoff_rows(data, inst, comparison):
        how = _WORDS[row["comparison"]]
        if row["flagged"] is not pd.NA and bool(row["flagged"]):
            sentences.append(
                f"The {cut.scale}, {_fmt(row['score'])}, is {how} the cutoff of {_fmt(cut.value)}: "
                f"{'' if inst.teaching else 'by this convention '}a {cut.meaning}, a reason to ask "
                f"about {_TOPIC[inst.measures]} together, not a verdict."
            )
        elif not np.isnan(row["score"]):
            sentences.append(
                f"The {cut.scale}, {_fmt(row['score'])}, is not {how} the cutoff of "
                f"{_fmt(cut.value)}."
            )
    if inst.has_total and values.get("total") == inst.scale_range("total")[1]:
        sentences.append(
            "The total is at the very top of the scale: a perfect score cannot show any further "
            "improvement (a ceiling)."
        )
    if inst.teaching:
        sentences.append(
            "These are teaching items, not a validated instrument: read the numbers as prompts "
            "for discussion."
        )
    return " ".join(sentences)


def _cutoff_rows(scores, inst, comparison):
    if not inst.cutoffs:
        return []
    marked = apply_cutoffs(scores, inst, comparison=comparison)
    out = []
    for cut in inst.cutoffs:
        rows = marked[marked["scale"] == cut.scale]
        if len(rows):
            out.append((cut, rows.iloc[0]))
    return out
