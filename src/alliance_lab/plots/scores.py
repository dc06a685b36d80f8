"""Score profile: every scale of a questionnaire against its own possible range."""

import altair as alt
import pandas as pd

from .._renames import renamed_keywords
from .._validation import check_table
from ..instruments.scoring import _instrument, apply_cutoffs
from ..theme import COMPONENT_COLORS, PALETTE

__all__ = ["score_distribution_chart", "score_profile_chart"]


def _fmt(value):
    return f"{value:.1f}" if value != round(value) else f"{value:.0f}"


@renamed_keywords(scores="data")
def score_profile_chart(data, instrument, *, color=None, comparison=None):
    """Dot chart of scores, each scale drawn on the share of its possible range.

    Subscales and the total have different ranges (a subscale of four 1-5 items runs
    4-20, the total 12-60), so each row shows where the score lies between the lowest and
    the highest possible score (0-100 %); the tooltip and the label give the raw score.
    A cutoff, where the instrument has one, is drawn as a red tick on its row.

    Parameters
    ----------
    data : DataFrame
        Output of ``al.score``. Several respondents are averaged per scale (and per
        ``color`` group).
    instrument : str or Instrument
    color : str, optional
        Column to compare groups by, e.g. ``"perspective"``.
    comparison : {"<", "<="}, optional
        Shown with the cutoff.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import alliance_lab as al
    >>> answers = pd.DataFrame({"item": range(1, 13), "response": [4] * 6 + [5] * 6})
    >>> spec = score_profile_chart(al.score(answers, "bordin-teaching"), "bordin-teaching")
    >>> spec.to_dict()["title"]["text"]
    'Your scores on the Bordin teaching questionnaire (goals, tasks, bond)'
    """
    inst = _instrument(instrument)
    check_table(
        data,
        "data",
        columns=["scale", "score", *([color] if color else [])],
        fix="Pass the scores of al.score (and name a grouping column with color=).",
    )
    keys = [color, "scale"] if color else ["scale"]
    several = data.groupby(keys, sort=False)["score"].size().max() > 1
    table = data.groupby(keys, sort=False, as_index=False)["score"].mean()
    ranges = {s: inst.scale_range(s) for s in inst.scales}
    table["low"] = table["scale"].map(lambda s: ranges[s][0])
    table["high"] = table["scale"].map(lambda s: ranges[s][1])
    table["percent"] = 100 * (table["score"] - table["low"]) / (table["high"] - table["low"])
    table["label"] = [
        "not scored" if pd.isna(v) else f"{_fmt(v)} of {_fmt(h)}"
        for v, h in zip(table["score"], table["high"], strict=True)
    ]
    table = table.dropna(subset=["percent"])
    order = list(inst.scales)
    y = alt.Y("scale:N", sort=order, title=None, axis=alt.Axis(labelFontSize=15))
    x = alt.X(
        "percent:Q",
        scale=alt.Scale(domain=[0, 100]),
        title="Share of the possible range (lowest = 0 %, highest = 100 %)",
    )
    frame = pd.DataFrame({"scale": order, "start": 0, "end": 100})
    track = (
        alt.Chart(frame).mark_bar(color="#eeeeee", height=18).encode(y=y, x="start:Q", x2="end:Q")
    )
    tooltip = [
        "scale:N",
        alt.Tooltip("score:Q", format=".1f"),
        "low:Q",
        "high:Q",
        *([f"{color}:N"] if color else []),
    ]
    if color:
        colour = alt.Color(f"{color}:N", scale=alt.Scale(range=list(PALETTE)), title=color)
    else:
        domain = [s for s in order if s in COMPONENT_COLORS] + ["other"]
        table["part"] = table["scale"].where(table["scale"].isin(COMPONENT_COLORS), "other")
        colour = alt.Color(
            "part:N",
            scale=alt.Scale(
                domain=domain, range=[COMPONENT_COLORS.get(s, PALETTE[0]) for s in domain]
            ),
            legend=None,
        )
    points = (
        alt.Chart(table)
        .mark_point(size=220, filled=True)
        .encode(y=y, x=x, color=colour, tooltip=tooltip)
    )
    layers = [track, points]
    if not color:
        layers.append(
            alt.Chart(table)
            .mark_text(align="left", dx=10, fontSize=15)
            .encode(y=y, x=alt.datum(100), text="label:N")
        )
    cut_words = []
    if inst.cutoffs:
        marked = apply_cutoffs(
            pd.DataFrame({"scale": [c.scale for c in inst.cutoffs], "score": 0.0}),
            inst,
            comparison=comparison,
        )
        cuts = pd.DataFrame(
            {
                "scale": [c.scale for c in inst.cutoffs],
                "percent": [
                    100 * (c.value - ranges[c.scale][0]) / (ranges[c.scale][1] - ranges[c.scale][0])
                    for c in inst.cutoffs
                ],
                "cutoff": [
                    f"cutoff: {how} {_fmt(c.value)} = {c.meaning}"
                    for c, how in zip(inst.cutoffs, marked["comparison"], strict=True)
                ],
            }
        )
        cut_words = cuts["cutoff"].tolist()
        layers.append(
            alt.Chart(cuts)
            .mark_tick(color=PALETTE[5], thickness=3, size=30)
            .encode(y=y, x="percent:Q", tooltip=["cutoff:N"])
        )
    summary = "; ".join(
        f"{row.scale} {row.label}" + (f" ({getattr(row, color)})" if color else "")
        for row in table.itertuples()
    )
    subtitle = ["Each row runs from the lowest to the highest possible score"]
    if cut_words:
        subtitle.append("Red-orange tick: " + "; ".join(cut_words))
    if inst.teaching:
        subtitle.append(inst.label)
    return alt.layer(
        *layers,
        title=alt.Title(
            f"{'Mean scores' if several else 'Your scores'} on the {inst.name}", subtitle=subtitle
        ),
        description=(
            f"Dot chart of {inst.name} scores against their possible range: {summary}."
            + (f" {'; '.join(cut_words)}." if cut_words else "")
        ),
    ).properties(width=480, height=40 * len(order))


@renamed_keywords(scores="data")
def score_distribution_chart(data, instrument, *, scale="total", comparison=None, bins=20):
    """Histogram of one scale across respondents, with the cutoff and the ceiling marked.

    Parameters
    ----------
    data : DataFrame
        Output of ``al.score`` for many respondents.
    instrument : str or Instrument
    scale : str
        Which scale to show (default ``"total"``).
    comparison : {"<", "<="}, optional
        Shown with the cutoff.
    bins : int
        Number of bars.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import alliance_lab as al
    >>> data = al.example_responses("session-rating-teaching", perspectives=("client",), seed=1)
    >>> spec = score_distribution_chart(al.score(data, "session-rating-teaching"),
    ...                                 "session-rating-teaching").to_dict()
    >>> spec["title"]["text"]
    'How 24 total scores are spread'
    """
    inst = _instrument(instrument)
    low, high = inst.scale_range(scale)
    values = data.loc[data["scale"] == scale, "score"].dropna()
    if values.empty:
        raise ValueError(f"There are no {scale!r} scores to show.")
    width = (high - low) / bins
    edges = low + width * (values.sub(low).div(width).clip(upper=bins - 1e-9) // 1)
    table = (
        pd.DataFrame({"start": edges, "end": edges + width})
        .value_counts()
        .rename("respondents")
        .reset_index()
    )
    at_top = int((values >= high).sum())
    share = at_top / len(values)
    x = alt.X("start:Q", bin="binned", scale=alt.Scale(domain=[low, high]), title=f"{scale} score")
    bars = (
        alt.Chart(table)
        .mark_bar(color=PALETTE[0])
        .encode(x=x, x2="end:Q", y=alt.Y("respondents:Q", title="Respondents"))
    )
    layers = [bars]
    words = [
        f"{at_top} of {len(values)} ({share:.0%}) at the highest possible score ({_fmt(high)})"
    ]
    for cut in (c for c in inst.cutoffs if c.scale == scale):
        how = comparison or cut.comparison
        marked = apply_cutoffs(
            pd.DataFrame({"scale": scale, "score": values.to_numpy()}), inst, comparison=comparison
        )
        flagged = int(marked["flagged"].sum())
        words.append(f"{flagged} flagged by the cutoff ({how} {_fmt(cut.value)}: {cut.meaning})")
        layers.append(
            alt.Chart(pd.DataFrame({"cutoff": [cut.value]}))
            .mark_rule(color=PALETTE[5], strokeWidth=3, strokeDash=[6, 4])
            .encode(x="cutoff:Q")
        )
    return alt.layer(
        *layers,
        title=alt.Title(f"How {len(values)} {scale} scores are spread", subtitle=words),
        description=(
            f"Histogram of {len(values)} {scale} scores on the {inst.name}, range "
            f"{_fmt(low)} to {_fmt(high)}. " + "; ".join(words) + "."
        ),
    ).properties(width=480, height=240)
