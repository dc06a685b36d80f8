"""Charts for a class rating a role-play: scores by chair, the chair gap, submissions.

Each chart draws one table (so a live view can swap the rows in place) and carries a
title and a description that do not depend on the numbers: the sentence beside the
chart says what the numbers are.
"""

import altair as alt
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table
from ..instruments.scoring import _instrument
from ..theme import PALETTE

__all__ = ["CHAIR_COLORS", "chair_gap_chart", "chair_score_chart", "submissions_chart"]

CHAIRS = ("client", "therapist", "observer")
#: One colour per chair, used by every class chart.
CHAIR_COLORS = {"client": PALETTE[0], "therapist": PALETTE[5], "observer": PALETTE[7]}
_CHAIR_COLOR = alt.Color(
    "perspective:N",
    title="Chair",
    scale=alt.Scale(domain=list(CHAIRS), range=[CHAIR_COLORS[c] for c in CHAIRS]),
    legend=alt.Legend(orient="bottom"),
)


def _need(data, columns, what):
    check_table(data, "data", columns=columns, fix=f"Pass {what}.")


@renamed_keywords(scores="data")
def chair_score_chart(data, instrument, *, scale="total"):
    """Every student's score on one scale, one row per chair, with each chair's mean.

    Parameters
    ----------
    data : DataFrame
        ``al.score`` of the class's answers, with ``perspective``, ``scale`` and ``score``.
    instrument : str or Instrument
    scale : str
        Which scale to draw (a subscale or ``"total"``).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import alliance_lab as al
    >>> data = al.simulate_raters("bordin-teaching", n_raters=12, seed=1)
    >>> spec = chair_score_chart(al.score(data, "bordin-teaching"), "bordin-teaching").to_dict()
    >>> spec["title"]["text"], len(spec["datasets"])
    ('Scores by chair: total', 1)
    """
    inst = _instrument(instrument)
    _need(data, ["perspective", "scale", "score"], "the scores of al.score")
    low, high = inst.scale_range(scale)
    table = data.loc[data["scale"] == scale, ["perspective", "score"]].dropna()
    y = alt.Y("perspective:N", sort=list(CHAIRS), title=None, scale=alt.Scale(domain=list(CHAIRS)))
    x = alt.X("score:Q", scale=alt.Scale(domain=[low, high]), title=f"{scale} score")
    base = alt.Chart(table)
    ticks = base.mark_tick(thickness=3, size=34, opacity=0.55).encode(
        x=x,
        y=y,
        color=_CHAIR_COLOR,
        tooltip=["perspective:N", alt.Tooltip("score:Q", format=".1f")],
    )
    means = base.mark_point(shape="diamond", size=420, filled=True, stroke="white").encode(
        x=alt.X("mean(score):Q", scale=alt.Scale(domain=[low, high])),
        y=y,
        color=alt.value("#333333"),
        tooltip=[
            "perspective:N",
            alt.Tooltip("mean(score):Q", format=".1f", title="mean"),
            alt.Tooltip("count():Q", title="students"),
        ],
    )
    return alt.layer(ticks, means).properties(
        title=alt.Title(
            f"Scores by chair: {scale}",
            subtitle=f"One line per student, each chair's mean a diamond ({low:g} to {high:g})",
        ),
        description=(
            f"Strip chart of the {scale} scores given from the client's, the therapist's and "
            "the observers' chair, one line per student, with each chair's mean as a diamond."
        ),
        width=520,
        height=170,
    )


@renamed_keywords(gaps="data")
def chair_gap_chart(data, instrument):
    """Client minus therapist, per component, in answer points: each triad and the mean.

    The gap of a scale is divided by its number of items (for scales that are sums), so
    that the components and the total share one axis: +1 means the client gave, on
    average, one answer point more per item than the therapist.

    Parameters
    ----------
    data : DataFrame
        ``chair_gap`` output: ``scale`` and ``gap`` (one row per target and scale).
    instrument : str or Instrument

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import alliance_lab as al
    >>> from alliance_lab.analysis.chairs import chair_gap
    >>> data = al.simulate_raters("bordin-teaching", n_raters=9, n_groups=3, seed=1)
    >>> spec = chair_gap_chart(chair_gap(data, "bordin-teaching"), "bordin-teaching").to_dict()
    >>> spec["title"]["text"]
    'Client minus therapist, per component'
    """
    inst = _instrument(instrument)
    _need(data, ["scale", "gap"], "the table of al.chair_gap")
    table = data[["scale", "gap"]].dropna().copy()
    if inst.rule == "sum":
        sizes = {name: len(inst.items_of(name)) for name in inst.scales}
        table["gap"] = table["gap"] / table["scale"].map(sizes)
    reach = (inst.scale.max - inst.scale.min) / 2
    x = alt.X(
        "gap:Q",
        scale=alt.Scale(domain=[-reach, reach], clamp=True),
        title="Client minus therapist (answer points per item)",
    )
    y = alt.Y("scale:N", sort=list(inst.scales), scale=alt.Scale(domain=list(inst.scales)))
    y = y.title(None)
    base = alt.Chart(table)
    bars = base.mark_bar(color=PALETTE[4], height=26).encode(
        x=alt.X("mean(gap):Q", scale=alt.Scale(domain=[-reach, reach], clamp=True)),
        y=y,
        tooltip=[
            "scale:N",
            alt.Tooltip("mean(gap):Q", format="+.2f", title="mean gap"),
            alt.Tooltip("count():Q", title="role-plays"),
        ],
    )
    dots = base.mark_point(size=110, filled=True, color="#333333", opacity=0.8).encode(
        x=x, y=y, tooltip=["scale:N", alt.Tooltip("gap:Q", format="+.2f")]
    )
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color="#7f7f7f", strokeWidth=2)
    zero = zero.encode(x=alt.X("gap:Q"))
    return alt.layer(bars, dots, zero).properties(
        title=alt.Title(
            "Client minus therapist, per component",
            subtitle="Right of the line: the client saw a stronger alliance; dots are role-plays",
        ),
        description=(
            "Bar chart of the mean gap between the client's and the therapist's score for each "
            "component and the total, in answer points per item, with one dot per role-play."
        ),
        width=520,
        height=200,
    )


@renamed_keywords(answers="data")
def submissions_chart(data):
    """Forms received over time, as a rising count with one dot per form, coloured by chair.

    Parameters
    ----------
    data : DataFrame
        A class session's answers: ``submission``, ``submitted_at``, ``perspective``
        (one row per item; each form is counted once).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> answers = pd.DataFrame({"submission": [1, 1, 2], "perspective": "observer",
    ...                         "submitted_at": ["2026-01-01T10:00:00", "2026-01-01T10:00:00",
    ...                                          "2026-01-01T10:00:05"]})
    >>> spec = submissions_chart(answers).to_dict()
    >>> [row["count"] for row in next(iter(spec["datasets"].values()))]
    [1, 2]
    """
    _need(data, ["submission", "submitted_at", "perspective"], "the answers of al.class_results")
    forms = data.drop_duplicates("submission")[["submission", "submitted_at", "perspective"]]
    forms = forms.assign(
        submitted_at=pd.to_datetime(forms["submitted_at"], utc=True, format="ISO8601")
    )
    forms = forms.sort_values(["submitted_at", "submission"]).reset_index(drop=True)
    forms["count"] = range(1, len(forms) + 1)
    forms["submitted_at"] = forms["submitted_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    table = forms[["submitted_at", "count", "perspective"]]
    x = alt.X("submitted_at:T", title="Time", axis=alt.Axis(format="%H:%M:%S"))
    y = alt.Y("count:Q", title="Forms received", scale=alt.Scale(zero=True))
    base = alt.Chart(table)
    line = base.mark_line(interpolate="step-after", color="#7f7f7f").encode(x=x, y=y)
    dots = base.mark_point(size=90, filled=True).encode(
        x=x, y=y, color=_CHAIR_COLOR, tooltip=["perspective:N", "count:Q"]
    )
    return alt.layer(line, dots).properties(
        title=alt.Title(
            "Forms received", subtitle="A dot for every form, in the order they came in"
        ),
        description=(
            "Step line of the number of forms received over time, with one dot per form "
            "coloured by the chair it was filled in from."
        ),
        width=520,
        height=170,
    )
