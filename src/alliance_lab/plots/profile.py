"""A Bordin profile: goals, tasks and bond side by side on their common range."""

import altair as alt
import pandas as pd

from ..theme import COMPONENT_COLORS

__all__ = ["bordin_profile_chart"]

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
