"""Charts for split alliances in couple and family work, and for rupture groups."""

import altair as alt
import pandas as pd

from .._renames import renamed_keywords
from ..theme import PALETTE
from .numbers import with_numbers

__all__ = ["rupture_groups_chart", "split_chart"]


@renamed_keywords(couples="data")
def split_chart(data, bands):
    """Two linked views: each couple's two alliances, and dropout by size of split.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per couple with ``lowest``, ``highest``, ``split`` and ``dropped_out``
        (``al.split_alliance`` or ``al.simulate_couples(...).couples``).
    bands : pandas.DataFrame
        ``al.split_dropout(couples)``.

    Returns
    -------
    altair.HConcatChart
        Hovering over a band picks out its couples in the scatter.

    Examples
    --------
    >>> import alliance_lab as al
    >>> result = al.simulate_couples(n_couples=50, seed=1)
    >>> spec = split_chart(result.couples, al.split_dropout(result.couples)).to_dict()
    >>> spec["title"]["text"].startswith("Dropout")
    True
    """
    data = data[["couple", "lowest", "highest", "split", "dropped_out"]].copy()
    data["status"] = data["dropped_out"].map({True: "dropped out", False: "stayed"})
    edges = list(bands["low"].iloc[1:])
    labels = list(bands["band"])
    data["band"] = pd.cut(data["split"], [-1e9, *edges, 1e9], right=False, labels=labels)
    data["band"] = data["band"].astype(str)
    pick = alt.selection_point(fields=["band"], on="pointerover", clear="pointerout")
    scatter = (
        alt.Chart(data, title="Each couple: the partners' two alliances")
        .mark_point(size=70, filled=True)
        .encode(
            x=alt.X("highest:Q", scale=alt.Scale(domain=[1, 7]), title="Higher partner's alliance"),
            y=alt.Y("lowest:Q", scale=alt.Scale(domain=[1, 7]), title="Lower partner's alliance"),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=["stayed", "dropped out"], range=[PALETTE[0], PALETTE[5]]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            opacity=alt.condition(pick, alt.value(0.85), alt.value(0.12)),
            tooltip=[
                "couple:Q",
                alt.Tooltip("lowest:Q", format=".2f"),
                alt.Tooltip("highest:Q", format=".2f"),
                alt.Tooltip("split:Q", format=".2f"),
                "status:N",
            ],
        )
        .properties(width=300, height=300)
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [1.0], "y": [1.0], "x2": [7.0], "y2": [7.0]}))
        .mark_rule(color="#7f7f7f", strokeDash=[5, 4], strokeWidth=2)
        .encode(x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q")
    )
    scatter = alt.layer(diagonal, scatter).properties(
        title="Each couple: the partners' two alliances"
    )
    bars = (
        alt.Chart(bands, title="Dropout by size of the split")
        .mark_bar(color=PALETTE[5])
        .encode(
            x=alt.X("band:N", sort=labels, title="Split (points)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "dropout_rate:Q",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
                title="Couples who dropped out",
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=["band:N", "n:Q", alt.Tooltip("dropout_rate:Q", format=".0%")],
        )
        .add_params(pick)
        # a fixed view name: the same chart for every clinic (the explorer's static states)
        .properties(width=300, height=300, name="split_bands")
    )
    rates = ", ".join(f"{b} {r:.0%}" for b, r in zip(labels, bands["dropout_rate"], strict=True))
    chart = alt.hconcat(scatter, bars).properties(
        title=alt.Title(
            "Dropout and the split between partners' alliances",
            subtitle="Dashed diagonal: partners equal; the further below it, the bigger the split",
        ),
        description=f"Scatter of both partners' alliances per couple; dropout by split: {rates}.",
    )
    return with_numbers(
        chart,
        bands,
        columns={
            "band": ("Split (points)", None),
            "n": ("Couples", "g"),
            "dropout_rate": ("Dropped out", ".0%"),
        },
        caption="Dropout by size of the split between partners' alliances",
    )


@renamed_keywords(groups="data")
def rupture_groups_chart(data):
    """Mean outcome and dropout for clients without a rupture, repaired, and unresolved.

    Parameters
    ----------
    data : pandas.DataFrame
        ``al.rupture_groups(detection, clients)``.

    Examples
    --------
    >>> groups = pd.DataFrame({"group": ["no rupture", "repaired", "unresolved"],
    ...     "n": [5, 3, 2], "share": [.5, .3, .2], "mean_outcome": [1.0, 1.2, 0.4],
    ...     "dropout_rate": [.1, 0., .5]})
    >>> rupture_groups_chart(groups).to_dict()["title"]["text"]
    'Repaired and unresolved ruptures'
    """
    order = ["no rupture", "repaired", "unresolved", "left before repair could be seen"]
    colours = alt.Scale(domain=order, range=[PALETTE[0], PALETTE[2], PALETTE[5], "#999999"])
    base = alt.Chart(data).encode(
        y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)),
        color=alt.Color("group:N", scale=colours, legend=None),
        tooltip=[
            "group:N",
            "n:Q",
            alt.Tooltip("mean_outcome:Q", format=".2f"),
            alt.Tooltip("dropout_rate:Q", format=".0%"),
        ],
    )
    outcome = base.mark_bar(height=28).encode(
        x=alt.X("mean_outcome:Q", title="Mean improvement (symptom SD units)")
    )
    dropout = base.mark_bar(height=28).encode(
        x=alt.X(
            "dropout_rate:Q",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
            title="Dropped out",
        )
    )
    text = ", ".join(
        f"{g}: n={n}, improvement {o:.2f}, dropout {d:.0%}"
        for g, n, o, d in data[["group", "n", "mean_outcome", "dropout_rate"]].itertuples(
            index=False
        )
    )
    chart = alt.hconcat(
        outcome.properties(width=260, height=190), dropout.properties(width=220, height=190)
    ).properties(
        title=alt.Title("Repaired and unresolved ruptures", subtitle="First rupture per client"),
        description=f"Bar charts of outcome and dropout by rupture group. {text}.",
    )
    rank = {name: i for i, name in enumerate(order)}
    return with_numbers(
        chart,
        data.sort_values("group", key=lambda g: g.map(rank).fillna(len(rank))),
        columns={
            "group": ("Group (first rupture)", None),
            "n": ("Clients", "g"),
            "mean_outcome": ("Mean improvement (SD units)", ".2f"),
            "dropout_rate": ("Dropped out", ".0%"),
        },
        caption="Improvement and dropout by rupture group",
    )
