"""A Bordin profile: goals, tasks and bond side by side on their common range."""

import altair as alt
import pandas as pd

from ..theme import COMPONENT_COLORS, PALETTE

__all__ = ["bordin_profile_chart", "bordin_summary_chart"]

COMPONENTS = ("goal", "task", "bond")


def bordin_profile_chart(goal=3, task=3, bond=3, *, low=1, high=5):
    """Bar chart of the three components of Bordin's alliance on a ``low``-``high`` scale.

    The weakest component is marked, because a working alliance is only as strong
    as the part of it that is missing (Bordin, 1979).

    Parameters
    ----------
    goal, task, bond : float
        Mean item score of each component.
    low, high : float
        Ends of the response scale.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> spec = bordin_profile_chart(goal=4, task=2, bond=5).to_dict()
    >>> spec["title"]["text"]
    'Bordin profile: task is the weakest part'
    >>> [row["score"] for row in spec["datasets"][spec["data"]["name"]]]
    [4, 2, 5]
    """
    scores = {"goal": goal, "task": task, "bond": bond}
    for name, value in scores.items():
        if not low <= value <= high:
            raise ValueError(f"{name} must lie between {low} and {high}; got {value!r}.")
    weakest = min(COMPONENTS, key=scores.__getitem__)
    data = pd.DataFrame(
        {
            "component": list(COMPONENTS),
            "score": [scores[c] for c in COMPONENTS],
            # With all three equal no bar is singled out.
            "weakest": [c == weakest or len(set(scores.values())) == 1 for c in COMPONENTS],
        }
    )
    title = (
        "Bordin profile: all three parts are equal"
        if len(set(scores.values())) == 1
        else f"Bordin profile: {weakest} is the weakest part"
    )
    return (
        alt.Chart(
            data,
            title=alt.Title(title, subtitle=f"Mean item score, {low} (low) to {high} (high)"),
            description=(
                f"Bar chart of the three alliance components: goal {goal}, task {task}, "
                f"bond {bond}. The weakest is {weakest}."
            ),
        )
        .mark_bar(size=60)
        .encode(
            x=alt.X("component:N", sort=list(COMPONENTS), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[low, high], zero=False), title="Score"),
            y2=alt.datum(low),
            color=alt.Color(
                "component:N",
                scale=alt.Scale(domain=list(COMPONENTS), range=list(COMPONENT_COLORS.values())),
                legend=None,
            ),
            opacity=alt.condition("datum.weakest", alt.value(1.0), alt.value(0.55)),
            tooltip=["component:N", alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(width=360, height=280)
    )


def bordin_summary_chart(profile):
    """The profile bars beside a bar of the average: the total hides the weakest part.

    Parameters
    ----------
    profile : BordinProfile
        Goal, task and bond (``al.BordinProfile``).

    Examples
    --------
    >>> import alliance_lab as al
    >>> spec = bordin_summary_chart(al.BordinProfile(goal=4.5, task=2.5, bond=4.0)).to_dict()
    >>> spec["description"]
    'Bordin profile: goal 4.5, task 2.5, bond 4.0; the weakest is task.'
    """
    bars = bordin_profile_chart(profile.goal, profile.task, profile.bond)
    summary = pd.DataFrame(
        {
            "measure": ["average of the three", f"weakest part ({profile.weakest})"],
            "score": [round(profile.mean, 2), getattr(profile, profile.weakest)],
        }
    )
    side = (
        alt.Chart(summary, title="What a total hides")
        .mark_bar(size=34)
        .encode(
            y=alt.Y("measure:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), title="Score (1 to 5)"),
            x2=alt.datum(1),
            color=alt.Color(
                "measure:N", legend=None, scale=alt.Scale(range=["#777777", PALETTE[5]])
            ),
            tooltip=["measure:N", alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(width=300, height=120)
    )  # fmt: skip
    return (
        alt.hconcat(bars, side, spacing=40)
        .resolve_scale(color="independent")
        .properties(
            description=f"Bordin profile: goal {profile.goal}, task {profile.task}, "
            f"bond {profile.bond}; the weakest is {profile.weakest}."
        )
    )
