"""Charts of alliance and outcome: scatter with brushing, funnel plot, what shrinks r."""

import altair as alt
import numpy as np
import pandas as pd

from .._renames import renamed_keywords
from ..analysis.outcome import correlation_ci
from ..theme import PALETTE
from .numbers import with_numbers

__all__ = [
    "funnel_chart",
    "outcome_numbers",
    "outcome_scatter",
    "shrinkage_chart",
    "therapist_client_chart",
]


@renamed_keywords(clients="data")
def outcome_scatter(data, *, alliance="early_alliance", outcome="outcome", title=None):
    """Early alliance against improvement, linked to a histogram of improvement.

    Drag across the scatter to select clients: the histogram shows where their
    outcomes fall among everyone's (Altair brushing, no Python round trip).

    Examples
    --------
    >>> data = pd.DataFrame({"client": [1, 2, 3], "early_alliance": [30, 45, 58],
    ...                      "outcome": [0.1, 0.5, 1.2]})
    >>> len(outcome_scatter(data).to_dict()["hconcat"])
    2
    """
    data = data[["client", alliance, outcome]].rename(
        columns={alliance: "alliance", outcome: "outcome"}
    )
    brush = alt.selection_interval(encodings=["x"], name="brush")
    scatter = (
        alt.Chart()
        .mark_point(size=45, filled=True)
        .encode(
            x=alt.X("alliance:Q", title="Early alliance (questionnaire total)",
                    scale=alt.Scale(zero=False)),
            y=alt.Y("outcome:Q", title="Improvement (intake SDs)"),
            color=alt.condition(brush, alt.value(PALETTE[0]), alt.value("#bbbbbb")),
            tooltip=["client:Q", alt.Tooltip("alliance:Q", format=".1f"),
                     alt.Tooltip("outcome:Q", format=".2f")],
        )
        .add_params(brush)
        .properties(width=400, height=300, title="Each dot is a client (drag to select)")
    )  # fmt: skip
    line = scatter.transform_regression("alliance", "outcome").mark_line(color=PALETTE[5])
    hist = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("outcome:Q", bin=alt.Bin(maxbins=20), title="Improvement (intake SDs)"),
            y=alt.Y("count():Q", title="Clients"),
            color=alt.condition(brush, alt.value(PALETTE[0]), alt.value("#dddddd")),
        )
        .properties(width=260, height=300, title="Selected clients' improvement")
    )
    hist_all = hist.mark_bar(color="#dddddd").encode(color=alt.value("#dddddd"))
    hist_sel = hist.transform_filter(brush).encode(color=alt.value(PALETTE[0]))
    chart = alt.hconcat(
        alt.layer(scatter, line),
        alt.layer(hist_all, hist_sel),
        data=data,
        title=title or "Early alliance and improvement",
        description="Scatter of early alliance against improvement with a fitted line, "
        "linked to a histogram of improvement for the selected clients.",
    ).resolve_scale(color="independent")
    return outcome_numbers(chart, data)


def outcome_numbers(chart, data):
    """``chart`` with the correlation its scatter shows, as a one-row table.

    ``data`` has the columns ``alliance`` and ``outcome`` the scatter draws; an explorer
    that swaps new rows into the chart calls this again for them.
    """
    if len(data) < 4:
        return chart
    r = correlation_ci(data["alliance"], data["outcome"])
    row = pd.DataFrame([{"what": "early alliance and improvement", **r.to_dict()}])
    return with_numbers(
        chart,
        row,
        columns={
            "what": ("Correlation of", None),
            "n": ("Clients", "g"),
            "r": ("r", ".2f"),
            "ci_low": ("95% interval from", ".2f"),
            "ci_high": ("to", ".2f"),
        },
        caption="The correlation in the scatter",
    )


@renamed_keywords(studies="data")
def funnel_chart(data, *, pooled, reference=0.278, title="Many studies of the same truth"):
    """Funnel plot: each study's r against its size, with the 95 % funnel around ``reference``.

    ``pooled`` is the output of ``al.pooled_correlation``; the funnel shows where 95 %
    of studies of each size should fall if the true correlation is ``reference``.
    """
    sizes = np.unique(np.geomspace(max(data["n"].min(), 5), data["n"].max(), 40).round())
    half = 1.96 / np.sqrt(sizes - 3)
    funnel = pd.DataFrame(
        {
            "n": np.concatenate([sizes, sizes]),
            "r": np.concatenate(
                [np.tanh(np.arctanh(reference) - half), np.tanh(np.arctanh(reference) + half)]
            ),
            "edge": ["lower"] * len(sizes) + ["upper"] * len(sizes),
        }
    )
    y = alt.Y("n:Q", title="Clients in the study (log scale)", scale=alt.Scale(type="log"))
    points = (
        alt.Chart(data)
        .mark_circle(size=40, opacity=0.6, color=PALETTE[0])
        .encode(
            x=alt.X("r:Q", title="Alliance-outcome correlation",
                    scale=alt.Scale(domain=[-0.4, 0.9])),
            y=y,
            tooltip=["study:Q", "n:Q", alt.Tooltip("r:Q", format=".2f")],
        )
    )  # fmt: skip
    edges = (
        alt.Chart(funnel)
        .mark_line(color="#777777", strokeDash=[6, 4], strokeWidth=2)
        .encode(x="r:Q", y=y, detail="edge:N", order="n:Q")
    )
    rules = pd.DataFrame(
        {"r": [reference, pooled["r"]],
         "label": [f"published r = {reference:.3f}", f"pooled here r = {pooled['r']:.3f}"]}
    )  # fmt: skip
    marks = alt.Chart(rules).mark_rule(strokeWidth=3).encode(
        x="r:Q",
        color=alt.Color("label:N", title=None, scale=alt.Scale(range=[PALETTE[5], PALETTE[7]]),
                        legend=alt.Legend(orient="bottom")),
    )  # fmt: skip
    chart = alt.layer(
        edges,
        points,
        marks,
        title=alt.Title(title, subtitle=f"{len(data)} simulated studies; dashed: 95 % funnel"),
        description=f"Funnel plot of {len(data)} simulated study correlations against study "
        f"size, pooled r = {pooled['r']:.3f}, published r = {reference}.",
    ).properties(width=520, height=340)
    numbers = pd.DataFrame(
        [
            {"what": f"pooled here ({len(data)} studies)", "r": pooled["r"],
             "ci_low": pooled.get("ci_low"), "ci_high": pooled.get("ci_high")},
            {"what": "published (Flückiger et al. 2018)", "r": reference,
             "ci_low": None, "ci_high": None},
        ]
    )  # fmt: skip
    return with_numbers(
        chart,
        numbers,
        columns={
            "what": ("Correlation", None),
            "r": ("r", ".3f"),
            "ci_low": ("95% interval from", ".3f"),
            "ci_high": ("to", ".3f"),
        },
        caption="Pooled and published alliance-outcome correlation",
    )


@renamed_keywords(table="data")
def shrinkage_chart(data, *, title="Same clients, different measurement"):
    """Each way of measuring the alliance and the r it finds (``measurement_shrinkage``)."""
    base = alt.Chart(data).encode(
        y=alt.Y("measure:N", title=None, sort=None, axis=alt.Axis(labelLimit=400))
    )
    chart = alt.layer(
        base.mark_rule(strokeWidth=3, color="#777777").encode(x="ci_low:Q", x2="ci_high:Q"),
        base.mark_point(size=200, filled=True, color=PALETTE[0]).encode(
            x=alt.X("r:Q", title="Alliance-outcome correlation", scale=alt.Scale(zero=False)),
            tooltip=["measure:N", alt.Tooltip("r:Q", format=".3f")],
        ),
        title=alt.Title(title, subtitle="Observed r with its 95 % interval"),
        description="Point chart of the alliance-outcome correlation under five ways of measuring.",
    ).properties(width=380, height=220)
    return with_numbers(
        chart,
        data,
        columns={
            "measure": ("Way of measuring", None),
            "r": ("r", ".3f"),
            "ci_low": ("95% interval from", ".3f"),
            "ci_high": ("to", ".3f"),
        },
        caption="Observed alliance-outcome correlation by way of measuring",
    )


@renamed_keywords(table="data")
def therapist_client_chart(data, *, title="Whose part of the alliance goes with outcome?"):
    """Slopes of the therapist part and the client part (``therapist_vs_client``)."""
    base = alt.Chart(data).encode(y=alt.Y("part:N", title=None, sort=["therapist", "client"]))
    chart = alt.layer(
        alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#999999").encode(x="x:Q"),
        base.mark_rule(strokeWidth=3, color="#777777").encode(x="ci_low:Q", x2="ci_high:Q"),
        base.mark_point(size=200, filled=True).encode(
            x=alt.X("slope:Q", title="Improvement per alliance point"),
            color=alt.Color("part:N", legend=None, scale=alt.Scale(range=[PALETTE[2], PALETTE[3]])),
            tooltip=["part:N", alt.Tooltip("slope:Q", format=".3f")],
        ),
        title=alt.Title(title, subtitle="Slope with its 95 % interval"),
        description="Slopes of outcome on the therapist part and the client part of the alliance.",
    ).properties(width=380, height=120)
    order = {"therapist": 0, "client": 1}
    return with_numbers(
        chart,
        data.sort_values("part", key=lambda p: p.map(order).fillna(2)),
        columns={
            "part": ("Part of the alliance", None),
            "slope": ("Improvement per alliance point", ".3f"),
            "ci_low": ("95% interval from", ".3f"),
            "ci_high": ("to", ".3f"),
        },
        caption="Slopes of improvement on the therapist part and the client part",
    )
