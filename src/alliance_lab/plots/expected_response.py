"""One client's outcome ratings against the expected response, drawn as coloured zones."""

import altair as alt
import pandas as pd

from ..theme import PALETTE
from .numbers import with_numbers

__all__ = ["ZONE_COLORS", "expected_response_chart"]

#: Zone colours as feedback systems draw them: green on track, orange at risk, red not on
#: track, grey too early (Okabe-Ito colours, with vermillion for red).
ZONE_COLORS = {
    "on track": PALETTE[2],
    "at risk": PALETTE[1],
    "not on track": PALETTE[5],
    "too early": "#7f7f7f",
}
_ZONES = ("on track", "at risk", "not on track")


def expected_response_chart(
    data,
    *,
    trajectory=None,
    upto=None,
    score="outcome_rating",
    domain=(0, 60),
    title=None,
):
    """The expected-response zones, with one client's ratings revealed up to ``upto``.

    Parameters
    ----------
    data : DataFrame
        The band, from :func:`alliance_lab.expected_response` (``session``, ``expected``,
        ``lower``).
    trajectory : DataFrame, optional
        One client's sessions with ``session``, ``score`` and ``status`` (from
        :func:`alliance_lab.track_status`). Without it only the zones are drawn.
    upto : int, optional
        Show the client's ratings only up to this session (the explorer reveals them one
        session at a time). Default: all.
    score : str
        Column with the outcome rating.
    domain : (float, float)
        The y-axis range (the outcome teaching form's 0-60 by default).
    title : str, optional

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> band = pd.DataFrame({"session": [1, 2, 3], "expected": [20, 23, 25],
    ...                      "lower": [20, 18, 19]})
    >>> spec = expected_response_chart(band).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'line']
    """
    band = data
    low, high = domain
    zones = pd.concat(
        [
            pd.DataFrame(
                {"session": band["session"], "zone": "on track", "y": band["expected"], "y2": high}
            ),
            pd.DataFrame(
                {
                    "session": band["session"],
                    "zone": "at risk",
                    "y": band["lower"],
                    "y2": band["expected"],
                }
            ),
            pd.DataFrame(
                {"session": band["session"], "zone": "not on track", "y": low, "y2": band["lower"]}
            ),
        ],
        ignore_index=True,
    )
    last = int(band["session"].max())
    x = alt.X(
        "session:Q",
        scale=alt.Scale(domain=[1, last], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
        title="Session",
    )
    scale_y = alt.Scale(domain=list(domain))
    colour = alt.Color(
        "zone:N",
        scale=alt.Scale(domain=list(ZONE_COLORS), range=list(ZONE_COLORS.values())),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    areas = (
        alt.Chart(zones)
        .mark_area(opacity=0.3, interpolate="monotone")
        .encode(
            x=x,
            y=alt.Y("y:Q", scale=scale_y, title="Outcome rating (higher is better)"),
            y2="y2:Q",
            color=colour,
            detail="zone:N",
        )
    )
    expected = (
        alt.Chart(band)
        .mark_line(color="#333333", strokeDash=[6, 4], strokeWidth=2, interpolate="monotone")
        .encode(
            x=x,
            y=alt.Y("expected:Q", scale=scale_y),
            tooltip=[
                alt.Tooltip("session:Q"),
                alt.Tooltip("expected:Q", format=".1f", title="expected"),
                alt.Tooltip("lower:Q", format=".1f", title="lower boundary"),
            ],
        )
    )
    layers = [areas, expected]
    described = "Expected-response zones by session"
    heading = title or "Expected response for clients who started here"
    if trajectory is not None:
        rows = trajectory.sort_values("session")
        upto = int(rows["session"].max()) if upto is None else int(upto)
        shown = rows[rows["session"] <= upto][["session", score, "status"]]
        shown = shown.rename(columns={score: "rating"}).assign(
            zone=lambda d: d["status"].astype(str)
        )
        now = shown.iloc[-1] if len(shown) else None
        path = (
            alt.Chart(shown)
            .mark_line(color=PALETTE[0], strokeWidth=3)
            .encode(x=x, y=alt.Y("rating:Q", scale=scale_y))
        )
        dots = (
            alt.Chart(shown)
            .mark_point(size=160, filled=True, stroke="#000000", strokeWidth=1)
            .encode(
                x=x,
                y=alt.Y("rating:Q", scale=scale_y),
                color=colour,
                tooltip=[
                    alt.Tooltip("session:Q"),
                    alt.Tooltip("rating:Q", format=".1f"),
                    alt.Tooltip("zone:N", title="status"),
                ],
            )
        )
        layers += [path, dots]
        if now is not None:
            heading = title or (
                f"Session {int(now['session'])} of {int(rows['session'].max())}: "
                f"{now['zone']} (rating {now['rating']:g})"
            )
            described = (
                f"Outcome ratings of one client for sessions 1 to {int(now['session'])}, drawn "
                f"over the expected-response zones; now {now['zone']}"
            )
    chart = alt.layer(*layers).properties(
        title=alt.Title(
            heading,
            subtitle="Dashed: the expected rating of past clients who started at a similar score",
        ),
        description=described + ": green on track, orange at risk, red not on track.",
        width=560,
        height=320,
    )
    table = band[["session", "expected", "lower"]]
    columns = {
        "session": ("Session", "g"),
        "expected": ("On track at or above", ".1f"),
        "lower": ("Not on track below", ".1f"),
    }
    caption = "Expected-response zones by session"
    if trajectory is not None:
        table = table.merge(shown[["session", "rating", "zone"]], on="session", how="left")
        columns.update({"rating": ("Client's rating", "g"), "zone": ("Status", None)})
        caption += " and the client's ratings"
    return with_numbers(chart, table, columns=columns, caption=caption)
