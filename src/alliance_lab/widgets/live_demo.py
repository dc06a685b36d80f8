"""Live demo mode for lecturers: one case, revealed session by session.

The class sees the session ratings so far, the running level and whether the rupture
rule has fired, and is asked what they would do now before the next session is
revealed. Play advances on its own and stops when the rule fires, so that the
discussion happens at the moment it matters.
"""

import dataclasses
import html

import altair as alt
import ipywidgets as widgets

from .._renames import renamed_keywords, warn_renamed
from .._validation import fail, show
from ..analysis.ruptures import detect_ruptures
from ..plots.ruptures import rupture_chart
from ..theme import EMBED_OPTIONS
from .stepper import Stepper

__all__ = ["LiveDemo", "live_demo"]

_PROMPT_STYLE = "font-size:1.3em;line-height:1.4;max-width:50em;margin:0.4em 0"


@dataclasses.dataclass(frozen=True)
class DemoCase:
    """One moment of the live demo: the case shown (client, rule, ratings) and the last
    session revealed. The static page's states are used only for the same case."""

    session: int
    client_id: object
    drop: float
    window: int
    repair_within: int
    ratings: tuple


def _pick_client(detection):
    """The first client whose rupture was repaired, else the first with any rupture."""
    clients = detection.clients
    column = detection.rule.get("client", "client")
    for wanted in (clients["repaired"].fillna(False), clients["rupture"]):
        chosen = clients.loc[wanted.astype(bool), column]
        if len(chosen):
            return chosen.iloc[0]
    return clients.iloc[0, 0]


class LiveDemo:
    """One client's sessions, stepped through with next / previous / play.

    Build it with :func:`live_demo`. ``client_id`` is the client to show (a value of the
    client column). ``slider.value`` is the number of sessions shown;
    ``next_button`` / ``previous_button`` step, ``play`` runs on its own.
    """

    @renamed_keywords(client="client_id")
    def __init__(self, detection, client_id, *, start=1, interval=1500):
        sessions = detection.sessions
        self.detection = detection
        self.client_column = detection.rule.get("client", "client")
        self.session_column = detection.rule.get("session", "session")
        client_id = client_id.item() if hasattr(client_id, "item") else client_id
        self.client_id = client_id
        self.sessions = sessions[sessions[self.client_column] == client_id].reset_index(drop=True)
        if self.sessions.empty:
            known = sessions[self.client_column].drop_duplicates()
            example = show(known.iloc[0]) if len(known) else "none: the table is empty"
            fail(
                "client_id",
                allowed=f"a client in the column {self.client_column!r} (for example {example})",
                given=show(client_id),
                fix="Pick a client who is in the data.",
            )
        self.score = detection.rule["score"]
        self.n_sessions = int(self.sessions[self.session_column].max())
        first = int(self.sessions[self.session_column].min())
        self.stepper = Stepper(first=first, last=self.n_sessions, value=start, interval=interval)
        self.slider, self.play = self.stepper.slider, self.stepper.play
        self.previous_button = self.stepper.previous_button
        self.next_button = self.stepper.next_button
        self.flag = widgets.HTML()
        self.prompt = widgets.HTML()
        self.chart = self._chart()
        self.chart_view = alt.JupyterChart(self.chart, embed_options=EMBED_OPTIONS)
        self._update_text()
        self.stepper.observe(self._on_change)
        self.widget = widgets.VBox([self.stepper.widget, self.flag, self.chart_view, self.prompt])
        self.widget.add_class("alliance-lab-live-demo")

    # -- state ---------------------------------------------------------------------------
    @property
    def client(self):
        """The client shown (the same as ``client_id``)."""
        return self.client_id

    @property
    def shown(self):
        """Number of the last session on screen."""
        return self.slider.value

    def _row(self, shown=None):
        shown = self.shown if shown is None else shown
        return self.sessions[self.sessions[self.session_column] <= shown].iloc[-1]

    @property
    def flagged(self):
        """True when the rule fired at the session now on screen (a rupture starts here)."""
        return bool(self._row()["rupture_start"])

    @property
    def status(self):
        return self._status_at(self.shown)

    def _status_at(self, shown):
        row = self._row(shown)
        if row["rupture_start"]:
            return "rupture"
        if row["repair"]:
            return "repaired"
        if row["rupture_open"]:
            return "open"
        return "none"

    def step(self, by):
        """Show ``by`` more (or, if negative, fewer) sessions, within the case."""
        self.stepper.step(by)

    # -- drawing -------------------------------------------------------------------------
    def _chart(self, shown=None):
        return rupture_chart(
            self.sessions,
            upto=self.shown if shown is None else shown,
            score=self.score,
            client=self.client_column,
            session=self.session_column,
        )

    def _on_change(self, change):
        self.chart = self._chart()
        self.chart_view.chart = self.chart
        self._update_text()
        if self.flagged:
            self.stepper.stop()  # stop for the discussion

    def _texts(self, shown):
        """Status, colour, flag and question for the class at session ``shown``."""
        row = self._row(shown)
        rule = self.detection.rule
        rating = row[self.score]
        level = "" if row["level"] != row["level"] else f" (running level {row['level']:.1f})"
        status = self._status_at(shown)
        if status == "rupture":
            colour, text = (
                "#b34700",
                f"⚠ Rupture flagged at session {shown}: the rating of {rating:g} is "
                f"{row['shortfall']:.1f} points below the client's running level "
                f"(rule: a drop of {rule['drop']:g} or more below the mean of the previous "
                f"{rule['window']} sessions).",
            )
        elif status == "repaired":
            colour, text = (
                "#007a52",
                f"✔ Repaired at session {shown}: the rating ({rating:g}) is back at the "
                "level it had before the rupture.",
            )
        elif status == "open":
            colour, text = (
                "#b34700",
                f"Session {shown}: rating {rating:g}{level}. The rupture is still open.",
            )
        else:
            colour, text = ("#333333", f"Session {shown}: rating {rating:g}{level}.")
        if shown < self.n_sessions:
            ask = "What would you do now?"
            if status in ("rupture", "open"):
                ask += " How would you raise what is happening between you and the client?"
            prompt = f"{ask} Discuss, then reveal session {shown + 1}."
        else:
            prompt = "That was the last session. What helped, and what would you do differently?"
        return status, colour, text, prompt

    def _sentence(self, shown):
        """The flag and the question in one sentence (the static page's live text)."""
        _, _, text, prompt = self._texts(shown)
        return f"{text} Your turn: {prompt}"

    def _update_text(self):
        status, colour, text, prompt = self._texts(self.shown)
        self.flag.value = (
            f'<p class="alliance-lab-flag" data-status="{status}" role="status" '
            f'style="{_PROMPT_STYLE};color:{colour}"><b>{html.escape(text)}</b></p>'
        )
        self.prompt.value = (
            f'<p class="alliance-lab-prompt" style="{_PROMPT_STYLE}">'
            f"<b>Your turn: {html.escape(prompt)}</b></p>"
        )

    # -- a page without a kernel -----------------------------------------------------------
    def static_explorer(self):
        """The same demo as an :class:`~alliance_lab.widgets.explorer.Explorer` over the
        sessions shown, named ``live_demo``: on a static page it moves through the
        precomputed states (``python -m alliance_lab.app.explorables live_demo``) when
        they were made for this case (client, rule and ratings)."""
        from .explorer import Explorer

        rule = self.detection.rule
        case = DemoCase(
            session=self.shown,
            client_id=self.client_id,
            drop=rule["drop"],
            window=rule["window"],
            repair_within=rule["repair_within"],
            ratings=tuple(float(v) for v in self.sessions[self.score]),
        )
        return Explorer(
            case,
            settings={"session": (int(self.slider.min), self.n_sessions, 1)},
            simulate=lambda c: c.session,
            view=self._chart,
            sentence=self._sentence,
            labels={"session": "Sessions shown"},
            name="live_demo",
        )

    def _repr_mimebundle_(self, **kwargs):
        if alt.renderers.active == "html":  # a static page: the precomputed states, if any
            from .explorer_page import explorer_bundle

            bundle = explorer_bundle(self.static_explorer())
            if bundle is not None:
                return bundle
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return f"LiveDemo(client_id={self.client_id!r}, session {self.shown} of {self.n_sessions})"


@renamed_keywords(sessions="data")
def live_demo(
    data,
    *,
    client_id=None,
    drop=5,
    window=3,
    repair_within=3,
    start=1,
    score="session_rating",
    client="client",
    session="session",
):
    """Step through one client's sessions in class, with the rupture rule live.

    Parameters
    ----------
    data : pandas.DataFrame
        Sessions of one or more clients (``client``, ``session`` and ``score``), e.g.
        ``al.simulate(scenario).sessions``.
    client_id : optional
        Which client to show: a value of the ``client`` column. Default: the first
        client with a repaired rupture (or, if none, with any rupture).
    drop, window, repair_within :
        The rupture rule (see :func:`alliance_lab.detect_ruptures`).
    start : int
        The session shown first.
    score, client, session : str
        Names of the rating, client and session-number columns. Until version 0.2
        ``client=`` chose the client to show; a ``client=`` that is not a column but a
        client in the data is still read that way, with a warning to write ``client_id=``.

    Returns
    -------
    LiveDemo

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"client": 1, "session": range(1, 7),
    ...                      "session_rating": [34, 35, 34, 26, 30, 35]})
    >>> demo = live_demo(data, start=3)
    >>> demo.next_button.click()
    >>> demo.shown, demo.flagged
    (4, True)
    """
    if _is_old_client_id(data, client):
        warn_renamed("live_demo", "client", "client_id", stacklevel=4)
        client_id, client = client, "client"
    detection = detect_ruptures(
        data,
        score=score,
        drop=drop,
        window=window,
        repair_within=repair_within,
        client=client,
        session=session,
    )
    if client_id is None:
        client_id = _pick_client(detection)
    return LiveDemo(detection, client_id, start=start)


def _is_old_client_id(data, client):
    """True for the 0.1 spelling ``live_demo(sessions, client=7)``: an id, not a column."""
    try:
        if client in data.columns:
            return False
    except TypeError:  # unhashable: neither a column nor an id
        return False
    if "client" not in data.columns:
        return False
    return not isinstance(client, str) or bool((data["client"] == client).any())
