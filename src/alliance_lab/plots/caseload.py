"""Charts of a simulated caseload: trajectories by pattern, dropout and outcome together.

Every builder charts a small table that :mod:`alliance_lab.analysis.caseload` aggregates
first (a 300-client clinic already has thousands of sessions), and returns an
``alt.Chart`` with a title and a description.
"""

import altair as alt

from ..analysis.caseload import FIFTHS, caseload_fifths, pattern_trajectories
from ..simulation.scenario import PATTERNS
from ..theme import PALETTE

__all__ = ["caseload_chart", "pattern_trajectories_chart"]

_PATTERN_SCALE = alt.Scale(domain=list(PATTERNS), range=list(PALETTE[:7]))


def pattern_trajectories_chart(result, *, clients_per_pattern=3):
    """Small multiples: a few clients' alliance (thin lines) and the pattern mean (thick).

    Examples
    --------
    >>> from alliance_lab.simulation import Scenario, simulate
    >>> spec = pattern_trajectories_chart(simulate(Scenario(n_clients=200))).to_dict()
    >>> spec["title"]["text"]
    'Seven ways an alliance can unfold'
    """
    data = pattern_trajectories(result, clients_per_pattern=clients_per_pattern)
    low, high = _score_range(result)
    panels = []
    for k, pattern in enumerate(PATTERNS):
        base = (
            alt.Chart(title=alt.Title(pattern, fontSize=16))
            .transform_filter(alt.datum.pattern == pattern)
            .encode(
                x=alt.X("session:Q", title="Session", axis=alt.Axis(tickMinStep=1)),
                y=alt.Y(
                    "alliance:Q",
                    title="Alliance score" if k % 4 == 0 else None,
                    scale=alt.Scale(domain=[low, high]),
                ),
                detail="client:N",
            )
        )
        colour = PALETTE[k]
        people = base.transform_filter(alt.datum.client != "mean").mark_line(
            strokeWidth=1.2, opacity=0.55, color=colour
        )
        mean = base.transform_filter(alt.datum.client == "mean").mark_line(
            strokeWidth=4, color=colour
        )
        panels.append(alt.layer(people, mean).properties(width=175, height=150))
    return alt.vconcat(
        alt.hconcat(*panels[:4], spacing=12),
        alt.hconcat(*panels[4:], spacing=12),
        data=data,
        title=alt.Title(
            "Seven ways an alliance can unfold",
            subtitle=f"Thin lines: {clients_per_pattern} clients per pattern; "
            "thick line: mean of all clients with the pattern",
        ),
        description="Alliance score by session in seven panels, one per trajectory "
        "pattern, with a few clients as thin lines and the pattern mean as a thick line.",
    )


def caseload_chart(result):
    """Mean alliance by pattern over sessions, beside dropout and outcome by early alliance.

    Examples
    --------
    >>> from alliance_lab.simulation import Scenario, simulate
    >>> spec = caseload_chart(simulate(Scenario(n_clients=300, n_therapists=30))).to_dict()
    >>> [panel["title"] for panel in spec["hconcat"]]
    ['Alliance by pattern', 'Dropped out', 'Improvement']
    """
    trajectories = pattern_trajectories(result, clients_per_pattern=0)
    fifths = caseload_fifths(result)
    low, high = _score_range(result)
    lines = (
        alt.Chart(trajectories, title="Alliance by pattern")
        .mark_line()
        .encode(
            x=alt.X("session:Q", title="Session", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("alliance:Q", title="Mean alliance score",
                    scale=alt.Scale(domain=[low, high])),
            color=alt.Color("pattern:N", scale=_PATTERN_SCALE, title="Pattern",
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=200)),
            tooltip=["pattern:N", "session:Q",
                     alt.Tooltip("alliance:Q", title="Mean alliance", format=".1f")],
        )
        .properties(width=300, height=260)
    )  # fmt: skip
    axis = alt.Y("fifth:N", sort=list(FIFTHS), title="Early alliance")
    drop = (
        alt.Chart(fifths, title="Dropped out")
        .mark_bar(color=PALETTE[5])
        .encode(
            y=axis,
            x=alt.X("dropout:Q", title="Share who left early", axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 0.6])),
            tooltip=["fifth:N", alt.Tooltip("dropout:Q", format=".0%"), "clients:Q"],
        )
        .properties(width=200, height=260)
    )  # fmt: skip
    outcome = (
        alt.Chart(fifths, title="Improvement")
        .mark_bar(color=PALETTE[2])
        .encode(
            y=alt.Y("fifth:N", sort=list(FIFTHS), title=None, axis=alt.Axis(labels=False)),
            x=alt.X("outcome:Q", title="Mean improvement (SD)",
                    scale=alt.Scale(domain=[-0.2, 1.2])),
            tooltip=["fifth:N", alt.Tooltip("outcome:Q", format=".2f"), "clients:Q"],
        )
        .properties(width=200, height=260)
    )  # fmt: skip
    weak, strong = fifths.iloc[0], fifths.iloc[-1]
    return alt.hconcat(lines, drop, outcome, spacing=25).properties(
        description=(
            "Mean alliance score by session for each of seven patterns; beside it the share of "
            "clients who dropped out and their mean improvement, for each fifth of early "
            f"alliance. Weakest fifth: {weak['dropout']:.0%} dropped out, improvement "
            f"{weak['outcome']:.2f}; strongest fifth: {strong['dropout']:.0%}, "
            f"{strong['outcome']:.2f}."
        )
    )


def _score_range(result):
    from ..instruments.definition import load_instrument

    inst = load_instrument(result.scenario.instrument)
    n = len(inst.items)
    if inst.rule == "mean":
        return inst.scale.min, inst.scale.max
    return inst.scale.min * n, inst.scale.max * n
