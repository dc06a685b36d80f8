"""Charts of dropout: retention curves, the hazard per session, strain before leaving, d."""

import altair as alt
import pandas as pd

from .._renames import renamed_keywords
from ..simulation.scenario import PATTERNS
from ..theme import PALETTE
from .numbers import with_numbers

__all__ = [
    "dropout_d_chart",
    "hazard_chart",
    "pattern_dropout_chart",
    "pattern_dropout_data",
    "pattern_dropout_numbers",
    "retention_chart",
    "strain_chart",
]


@renamed_keywords(curves="data")
def retention_chart(data, *, title="Who is still coming?", width=430, height=300):
    """Kaplan-Meier step curves from ``al.retention_curves``; click a legend entry to highlight.

    Examples
    --------
    >>> curves = pd.DataFrame({"group": ["a"] * 2, "session": [0, 1], "retained": [1.0, 0.8],
    ...                        "ci_low": [1.0, 0.7], "ci_high": [1.0, 0.9], "at_risk": [5, 4]})
    >>> retention_chart(curves).to_dict()["layer"][0]["mark"]["interpolate"]
    'step-after'
    """
    pick = alt.selection_point(fields=["group"], bind="legend", name="group_pick")
    base = alt.Chart(data).encode(
        x=alt.X("session:Q", title="Session", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
    )
    lines = (
        base.mark_line(interpolate="step-after")
        .encode(
            y=alt.Y("retained:Q", title="Still attending", axis=alt.Axis(format="%"),
                    scale=alt.Scale(zero=False)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=[
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("session:Q", title="After session"),
                alt.Tooltip("retained:Q", title="Still attending", format=".0%"),
                alt.Tooltip("at_risk:Q", title="Clients"),
            ],
        )
        .add_params(pick)
    )  # fmt: skip
    return alt.layer(
        lines,
        title=alt.Title(title, subtitle="Kaplan-Meier estimate; click the legend to pick a group"),
        description="Step curves of the share of clients still attending after each session.",
    ).properties(width=width, height=height)


def _highest(hazard):
    """``; highest after session 1 (6%)``, or nothing when no hazard is known."""
    known = hazard.dropna(subset=["hazard"])
    if known.empty:
        return ""
    top = known.loc[known["hazard"].idxmax()]
    return f"; highest after session {top['session']:g} ({top['hazard']:.0%})"


@renamed_keywords(hazard="data")
def hazard_chart(data, *, title="When do clients leave?", width=430, height=300):
    """Bars of the chance of leaving after each session (from ``al.dropout_hazard``)."""
    chart = (
        alt.Chart(
            data,
            title=alt.Title(title, subtitle="Of those who came to a session, the share who left"),
            description="Bar chart of the dropout hazard after each session" + _highest(data) + ".",
        )
        .mark_bar(color=PALETTE[5])
        .encode(
            x=alt.X("session:O", title="After session", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("hazard:Q", title="Left after this session", axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("session:O", title="Session"),
                alt.Tooltip("at_risk:Q", title="Attended"),
                alt.Tooltip("dropped:Q", title="Left"),
                alt.Tooltip("hazard:Q", title="Hazard", format=".1%"),
            ],
        )
        .properties(width=width, height=height)
    )
    return with_numbers(
        chart,
        data,
        columns={
            "session": ("After session", "g"),
            "at_risk": ("Clients who attended", "g"),
            "dropped": ("Left after it", "g"),
            "hazard": ("Share who left", ".1%"),
        },
        caption="Clients who left after each session",
    )


@renamed_keywords(strain="data")
def strain_chart(data, *, title="Markers of strain before the last session"):
    """Small multiples: each marker's rate, counted back from a client's last session."""
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "sessions_before_end:O",
                title="1 = last session",
                sort="descending",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("rate:Q", title="Share of sessions", axis=alt.Axis(format="%")),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=["dropped out", "finished"], range=[PALETTE[5], PALETTE[0]]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "group:N",
                "marker:N",
                alt.Tooltip("sessions_before_end:O", title="Sessions before the last"),
                alt.Tooltip("rate:Q", format=".0%"),
                alt.Tooltip("n:Q", title="Clients"),
            ],
        )
        .properties(width=190, height=190)
        .facet(column=alt.Column("marker:N", title=None), title=title)
        .properties(
            description=f"{data['marker'].nunique()} small line charts, one per marker of "
            "strain, comparing clients who dropped out with clients who finished, over their "
            "last sessions."
        )
    )
    return with_numbers(
        chart,
        data.sort_values(["marker", "group", "sessions_before_end"]),
        columns={
            "marker": ("Marker", None),
            "group": ("Clients who", None),
            "sessions_before_end": ("Sessions before the last (1 = last)", "g"),
            "rate": ("Share of sessions", ".0%"),
            "n": ("Clients", "g"),
        },
        caption="Markers of strain over the last sessions, dropouts and finishers",
    )


@renamed_keywords(effect="data")
def dropout_d_chart(data, *, published=0.55, title="Alliance of finishers vs dropouts"):
    """The simulated Cohen's d (with its interval) beside the published meta-analytic value."""
    table = pd.DataFrame(
        [
            {"source": "this simulated clinic", "d": data["d"],
             "ci_low": data["ci_low"], "ci_high": data["ci_high"]},
            {"source": "Sharf et al. (2010)", "d": published, "ci_low": None, "ci_high": None},
        ]
    )  # fmt: skip
    base = alt.Chart(table).encode(y=alt.Y("source:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_rule(strokeWidth=3).encode(x="ci_low:Q", x2="ci_high:Q"),
        base.mark_point(size=220, filled=True).encode(
            x=alt.X("d:Q", title="Cohen's d (early alliance)", scale=alt.Scale(domain=[-0.2, 1.4])),
            color=alt.Color("source:N", legend=None),
            tooltip=["source:N", alt.Tooltip("d:Q", format=".2f")],
        ),
        title=alt.Title(title, subtitle="Positive: those who stayed had the stronger alliance"),
        description=f"Simulated d = {data['d']:.2f} beside published d = {published}.",
    ).properties(width=430, height=110)
    return with_numbers(
        chart,
        table,
        columns={
            "source": ("Source", None),
            "d": ("Cohen's d", ".2f"),
            "ci_low": ("95% interval from", ".2f"),
            "ci_high": ("to", ".2f"),
        },
        caption="Early alliance of clients who stayed against those who left (Cohen's d)",
    )


def pattern_dropout_data(curves, rates):
    """One long table for :func:`pattern_dropout_chart`: ``view`` says which panel a row is for.

    Parameters
    ----------
    curves : pandas.DataFrame
        ``al.retention_curves(clients, by="pattern")``.
    rates : pandas.DataFrame
        ``dropout_by_group(clients, by="pattern")`` (:mod:`alliance_lab.analysis.dropout`).
    """
    lines = curves[["group", "session", "retained"]].assign(view="curve")
    return pd.concat(
        [lines[["view", "group", "session", "retained"]], rates.assign(view="rate")],
        ignore_index=True,
    )


def pattern_dropout_chart(data):
    """Retention curves by pattern linked to the dropout rate by pattern: pick one in the legend.

    Parameters
    ----------
    data : pandas.DataFrame
        Both views' rows in one table, from :func:`pattern_dropout_data` (one data set
        keeps the redraw of an explorer cheap).

    Examples
    --------
    >>> import alliance_lab as al
    >>> from alliance_lab.analysis.dropout import dropout_by_group
    >>> clients = al.simulate(al.Scenario(n_clients=300, n_therapists=30)).clients
    >>> table = pattern_dropout_data(
    ...     al.retention_curves(clients, by="pattern"), dropout_by_group(clients, by="pattern"))
    >>> [panel["title"] for panel in pattern_dropout_chart(table).to_dict()["hconcat"]]
    ['Still attending, by alliance pattern', 'Dropped out, by pattern']
    """
    pick = alt.selection_point(fields=["group"], bind="legend", name="pattern_pick")
    order = list(PATTERNS)
    scale = alt.Scale(domain=order, range=list(PALETTE[:7]))
    lines = (
        alt.Chart(title="Still attending, by alliance pattern")
        .transform_filter(alt.datum.view == "curve")
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("session:Q", title="Session", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("retained:Q", title="Still attending", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("group:N", title="Pattern (click to pick)", scale=scale,
                            legend=alt.Legend(orient="bottom", columns=3, labelLimit=220)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=[alt.Tooltip("group:N", title="Pattern"),
                     alt.Tooltip("session:Q", title="After session"),
                     alt.Tooltip("retained:Q", title="Still attending", format=".0%")],
        )
        .add_params(pick)
        .properties(width=400, height=300)
    )  # fmt: skip
    bars = (
        alt.Chart(title="Dropped out, by pattern")
        .transform_filter(alt.datum.view == "rate")
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            x=alt.X("rate:Q", title="Dropped out", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("group:N", scale=scale, legend=None),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
            tooltip=[alt.Tooltip("group:N", title="Pattern"),
                     alt.Tooltip("rate:Q", title="Dropped out", format=".0%"),
                     alt.Tooltip("clients:Q", title="Clients")],
        )
        .properties(width=260, height=300)
    )  # fmt: skip
    chart = alt.hconcat(lines, bars, data=data, spacing=30).properties(
        description="Kaplan-Meier retention curves for each alliance pattern, linked to a bar "
        "chart of the share who dropped out in each pattern; picking a pattern in the legend "
        "highlights it in both."
    )
    return pattern_dropout_numbers(chart, data)


def pattern_dropout_numbers(chart, data):
    """``chart`` with the bars' numbers as a table: clients and dropout per pattern.

    An explorer that swaps a new table into the chart it drew calls this again, so the
    numbers always come from the rows the chart draws.
    """
    rates = data[data["view"] == "rate"].copy()
    order = {name: i for i, name in enumerate(PATTERNS)}
    rates = rates.sort_values("group", key=lambda g: g.map(order).fillna(len(order)))
    return with_numbers(
        chart,
        rates,
        columns={
            "group": ("Alliance pattern", None),
            "clients": ("Clients", "g"),
            "rate": ("Dropped out", ".0%"),
        },
        caption="Dropout by alliance pattern",
    )
