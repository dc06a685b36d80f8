"""Arrow diagrams of the stories behind a correlation (see ``al.STORIES``).

Each diagram is drawn with Altair alone (text, rules and triangles), so it needs
no network and no graph library: the nodes are the variables of the story, a solid
arrow is a path the story switches on and a dashed grey arrow one that is off.
"""

import math

import altair as alt
import pandas as pd

from .._renames import renamed_keywords
from ..simulation.stories import STORIES
from ..theme import PALETTE

__all__ = ["story_diagram", "story_diagrams"]

_WIDTH, _HEIGHT = 380, 150
_X, _Y = (-0.9, 2.9), (-0.35, 1.3)
_POSITIONS = {"early alliance": (0.0, 0.0), "improvement": (2.0, 0.0)}


def _layout(arrows):
    nodes = {}
    for start, end, _, _ in arrows:
        for name in (start, end):
            nodes.setdefault(name, _POSITIONS.get(name, (1.0, 1.0)))
    return nodes


def _screen(dx, dy):
    """Direction in pixels (y pointing down) of a step (dx, dy) in data units."""
    return dx * _WIDTH / (_X[1] - _X[0]), -dy * _HEIGHT / (_Y[1] - _Y[0])


def _edges(arrows, nodes):
    rows = []
    for start, end, label, on in arrows:
        (x0, y0), (x1, y1) = nodes[start], nodes[end]
        # stop short of the node labels
        a, b = (0.24, 0.72) if y0 == y1 else (0.3, 0.72)
        mid_right = (x0 + x1) / 2 > 1
        sx, sy = _screen(x1 - x0, y1 - y0)
        rows.append(
            {
                "x": x0 + a * (x1 - x0),
                "y": y0 + a * (y1 - y0),
                "x2": x0 + b * (x1 - x0),
                "y2": y0 + b * (y1 - y0),
                "angle": math.degrees(math.atan2(sx, -sy)) % 360,
                "label": label,
                "lx": (x0 + x1) / 2 + (0.0 if y0 == y1 else 0.12 * (1 if mid_right else -1)),
                "ly": (y0 + y1) / 2 - (0.17 if y0 == y1 else 0.0),
                "side": "middle" if y0 == y1 else ("right" if mid_right else "left"),
                "state": "on" if on else "off",
            }
        )
    return pd.DataFrame(rows)


def story_diagram(story, *, r=None):
    """The arrows of one story, with its large-sample r in the title if given.

    Parameters
    ----------
    story : str
        A key of ``al.STORIES``: ``"common_cause"``, ``"reverse_causation"``,
        ``"dropout_path"`` or ``"no_link"``.
    r : float, optional
        The correlation the story produces, shown in the subtitle.

    Examples
    --------
    >>> spec = story_diagram("common_cause", r=0.21).to_dict()
    >>> spec["title"]["text"], len(spec["layer"])
    ('Common cause', 6)
    """
    if story not in STORIES:
        raise ValueError(f"Unknown story {story!r}; choose from {list(STORIES)}.")
    info = STORIES[story]
    nodes = _layout(info["arrows"])
    node_frame = pd.DataFrame([{"node": k, "x": x, "y": y} for k, (x, y) in nodes.items()])
    edges = _edges(info["arrows"], nodes)
    x = alt.X("x:Q", scale=alt.Scale(domain=list(_X)), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=list(_Y)), axis=None)
    colour = alt.Color(
        "state:N", scale=alt.Scale(domain=["on", "off"], range=[PALETTE[0], "#999999"]),
        legend=None,
    )  # fmt: skip
    dash = alt.StrokeDash(
        "state:N", scale=alt.Scale(domain=["on", "off"], range=[[1, 0], [5, 4]]), legend=None
    )
    lines = (
        alt.Chart(edges)
        .mark_rule(strokeWidth=3)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q", color=colour, strokeDash=dash)
    )
    heads = (
        alt.Chart(edges)
        .mark_point(shape="triangle-up", filled=True, size=160, opacity=1)
        .encode(x=alt.X("x2:Q", scale=alt.Scale(domain=list(_X)), axis=None),
                y=alt.Y("y2:Q", scale=alt.Scale(domain=list(_Y)), axis=None),
                angle=alt.Angle("angle:Q", scale=None), color=colour)
    )  # fmt: skip
    labels = [
        alt.Chart(edges)
        .transform_filter(alt.datum.side == side)
        .mark_text(fontSize=13, fontStyle="italic", align=align)
        .encode(x=alt.X("lx:Q", scale=alt.Scale(domain=list(_X)), axis=None),
                y=alt.Y("ly:Q", scale=alt.Scale(domain=list(_Y)), axis=None),
                text="label:N", color=colour)
        for side, align in (("middle", "center"), ("left", "right"), ("right", "left"))
    ]  # fmt: skip
    names = (
        alt.Chart(node_frame)
        .mark_text(fontSize=15, fontWeight="bold")
        .encode(x=x, y=y, text="node:N")
    )
    subtitle = info["text"] if r is None else f"r = {r:.2f} in a large clinic. {info['text']}"
    arrows = "; ".join(
        f"{a} to {b}: {label}" + ("" if on else " (switched off)")
        for a, b, label, on in info["arrows"]
    )
    return alt.layer(lines, heads, *labels, names).properties(
        width=_WIDTH,
        height=_HEIGHT,
        title=alt.Title(info["title"], subtitle=_wrap(subtitle), subtitleFontSize=13),
        description=f"Arrow diagram of the {info['title'].lower()} story. Arrows: {arrows}.",
    )


def _wrap(text, width=52):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


@renamed_keywords(table="data")
def story_diagrams(data=None):
    """All the stories' diagrams side by side, two per row.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The output of ``al.story_correlations``: each diagram then shows its r.
    """
    r = {} if data is None else dict(zip(data["story"], data["r"], strict=True))
    names = list(STORIES) if data is None else list(data["story"])
    charts = [story_diagram(name, r=r.get(name)) for name in names]
    rows = [alt.hconcat(*charts[i : i + 2], spacing=40) for i in range(0, len(charts), 2)]
    return alt.vconcat(*rows, spacing=30).properties(
        description="Arrow diagrams of the stories: " + " ".join(c.description for c in charts)
    )
