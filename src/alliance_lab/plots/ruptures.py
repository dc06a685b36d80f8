"""One client's session ratings with the running level, the ruptures and the repairs."""

import altair as alt

from .._renames import renamed_keywords
from .._validation import check_table
from ..theme import PALETTE

__all__ = ["rupture_chart"]

RATING, LEVEL, RUPTURE, REPAIR = PALETTE[0], "#7f7f7f", PALETTE[5], PALETTE[2]


@renamed_keywords(sessions="data")
def rupture_chart(
    data,
    *,
    upto=None,
    score="session_rating",
    domain=(0, 40),
    last_session=None,
    client="client",
    session="session",
):
    """Line chart of one client's ratings, revealed up to session ``upto``.

    Parameters
    ----------
    data : pandas.DataFrame
        One client's rows from ``al.detect_ruptures(...).sessions``.
    upto : int, optional
        Show only sessions up to this number (the live demo grows the chart this way).
        Default: all sessions.
    score : str
        Column with the rating.
    domain : (float, float)
        The y-axis range (the 0-40 session rating by default).
    last_session : int, optional
        Right end of the x axis, fixed so the chart does not rescale as it grows;
        default the client's last session.
    client, session : str
        Names of the client and session-number columns (as given to ``detect_ruptures``).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import alliance_lab as al, pandas as pd
    >>> data = pd.DataFrame({"client": 1, "session": range(1, 6),
    ...                      "session_rating": [30, 30, 30, 20, 30]})
    >>> detected = al.detect_ruptures(data).sessions
    >>> rupture_chart(detected, upto=3).to_dict()["title"]["text"]
    'Session 3 of 5: no rupture flagged'
    >>> rupture_chart(detected, upto=4).to_dict()["title"]["text"]
    'Session 4 of 5: rupture flagged'
    """
    flags = ["level", "fires", "rupture_start", "rupture_open", "repair"]
    check_table(
        data,
        "data",
        columns=[client, session, score, *flags],
        fix="Pass one client's rows of al.detect_ruptures(...).sessions, and name the columns "
        "with client=, session= and score= as for detect_ruptures.",
    )
    if data[client].nunique() != 1:
        raise ValueError(
            "rupture_chart shows one client; select one first, e.g. "
            f"sessions[sessions[{client!r}] == 7]."
        )
    last = int(data[session].max())
    upto = last if upto is None else int(upto)
    shown = data[data[session] <= upto]
    shown = shown[[session, score, *flags]]
    shown = shown.rename(columns={session: "session", score: "rating"}).copy()
    shown["event"] = "rating"
    shown.loc[shown["rupture_start"], "event"] = "rupture flagged"
    shown.loc[shown["repair"], "event"] = "repaired"
    now = shown.tail(1)
    if len(now) and bool(now["rupture_start"].iloc[0]):
        state = "rupture flagged"
    elif len(now) and bool(now["repair"].iloc[0]):
        state = "rupture repaired"
    elif len(now) and bool(now["rupture_open"].iloc[0]):
        state = "rupture still open"
    else:
        state = "no rupture flagged"
    n_ruptures = int(shown["rupture_start"].sum())
    title = f"Session {upto} of {last}: {state}"
    description = (
        f"Line chart of session ratings for sessions 1 to {upto}, with the client's running "
        f"level as a dashed line. {n_ruptures} rupture(s) flagged so far; "
        f"now: {state}."
    )
    x = alt.X(
        "session:Q",
        scale=alt.Scale(domain=[1, last_session or last], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
        title="Session",
    )
    y = alt.Y("rating:Q", scale=alt.Scale(domain=list(domain)), title="Session rating")
    base = alt.Chart(shown)
    tooltip = [
        alt.Tooltip("session:Q"),
        alt.Tooltip("rating:Q", format=".1f"),
        alt.Tooltip("level:Q", format=".1f", title="running level"),
        alt.Tooltip("event:N"),
    ]
    line = base.mark_line(color=RATING, point=alt.OverlayMarkDef(color=RATING, size=80)).encode(
        x=x, y=y, tooltip=tooltip
    )
    level = base.mark_line(color=LEVEL, strokeDash=[6, 4], strokeWidth=2).encode(
        x=x, y=alt.Y("level:Q", scale=alt.Scale(domain=list(domain)))
    )
    level_ticks = base.mark_tick(color=LEVEL, thickness=3, size=22).encode(
        x=x, y=alt.Y("level:Q", scale=alt.Scale(domain=list(domain)))
    )
    events = (
        base.transform_filter("datum.event != 'rating'")
        .mark_point(size=420, strokeWidth=4, filled=False)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "event:N",
                scale=alt.Scale(domain=["rupture flagged", "repaired"], range=[RUPTURE, REPAIR]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape(
                "event:N",
                scale=alt.Scale(
                    domain=["rupture flagged", "repaired"], range=["diamond", "circle"]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=tooltip,
        )
    )
    return alt.layer(line, level, level_ticks, events).properties(
        title=alt.Title(
            title, subtitle="Grey: the client's running level (mean of previous sessions)"
        ),
        description=description,
        width=560,
        height=300,
    )
