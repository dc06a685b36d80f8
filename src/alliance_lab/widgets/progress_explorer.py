"""Progress explorer: one client's outcome ratings against the expected band, session by
session, and what each alert rule catches in the whole simulated clinic.

Pick a client and step through their sessions (the live-demo mechanism: next / previous /
play, and play stops at a red alert); switch the method of the expected response and the
alert rule, and the metrics of the rule, scored against the simulated truth, are rewritten.
"""

import dataclasses
import hashlib
import html
import json
import warnings

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .._renames import REMOVED_IN, renamed_keywords
from ..analysis.combined_alerts import RULES, apply_rule, score_rule
from ..analysis.expected_response import METHODS, expected_response, track_status
from ..analysis.support_prompts import support_prompts
from ..plots.expected_response import ZONE_COLORS, expected_response_chart
from ..theme import EMBED_OPTIONS
from .stepper import Stepper

__all__ = ["ProgressExplorer", "progress_explorer"]

_TEXT = "font-size:1.15em;line-height:1.4;max-width:52em;margin:0.3em 0"
_TRUTHS = {
    "will end unchanged or worse": "poor outcome",
    "real alliance problem": "alliance problem",
}


@dataclasses.dataclass(frozen=True)
class ProgressCase:
    """One state of the progress explorer: client, method, last session shown, alert rule
    and the truth it is scored against."""

    client: int
    method: str
    session: int
    rule: str
    truth: str
    #: a stamp of the two clinics' tables: the states are used only for the same clinics
    clinics: str


def _stamp(*tables):
    """A short stamp of the content of ``tables``: any changed value, column or row changes it."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(json.dumps([list(map(str, table.columns)), len(table)]).encode())
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return f"{sum(len(t) for t in tables)} rows, sha256 {digest.hexdigest()[:16]}"


def _pick_clients(clients, sessions, n=12):
    """Clients with at least six sessions, mixing those who end well and those who do not."""
    counts = sessions.groupby("client")["session"].size()
    long = clients[clients["client"].map(counts).fillna(0) >= 6]
    poor = long[long["poor_outcome"]]["client"].head(n // 2).tolist()
    good = long[~long["poor_outcome"]]["client"].head(n - len(poor)).tolist()
    return sorted(poor + good)


class ProgressExplorer:
    """Built by :func:`progress_explorer`; ``widget`` is what the notebook shows.

    ``client_menu``, ``method_buttons``, ``rule_buttons`` and ``truth_buttons`` are the
    controls; ``slider`` (sessions shown), ``next_button``, ``previous_button`` and ``play``
    step through the client's sessions.
    """

    def __init__(self, data, *, history, client_id=None, interval=1500):
        self.data = self.clinic = clinic = data
        self.history = history
        choices = _pick_clients(clinic.clients, clinic.sessions)
        if client_id is not None and client_id not in clinic.sessions["client"].values:
            raise ValueError(
                f"client_id {client_id!r} is not a client of the clinic; choose one of "
                f"clinic.clients['client'], for example {choices[0]}."
            )
        first = client_id if client_id is not None else choices[0]
        if first not in choices:
            choices = sorted([*choices, first])
        self._statuses, self._cases, self._scores = {}, {}, {}
        self.client_menu = widgets.Dropdown(
            options=[(f"client {c}", c) for c in choices],
            value=first,
            description="Client",
        )
        self.method_buttons = widgets.ToggleButtons(
            options=list(METHODS), value=METHODS[0], description="Expected response"
        )
        self.rule_buttons = widgets.ToggleButtons(
            options=list(RULES), value="not on track", description="Alert rule"
        )
        self.truth_buttons = widgets.ToggleButtons(
            options=list(_TRUTHS), value=next(iter(_TRUTHS)), description="Scored against"
        )
        for w in (self.method_buttons, self.rule_buttons, self.truth_buttons):
            w.style.description_width = "initial"
            w.style.button_width = "auto"  # the whole label, not "will end unchang..."
        self.stepper = Stepper(first=1, last=2, interval=interval)
        self.slider, self.play = self.stepper.slider, self.stepper.play
        self.previous_button = self.stepper.previous_button
        self.next_button = self.stepper.next_button
        self.flag = widgets.HTML()
        self.prompts = widgets.HTML()
        self.metrics = widgets.HTML()
        self._load_client()
        self.chart_view = alt.JupyterChart(self._chart(), embed_options=EMBED_OPTIONS)
        self._update_text()
        self._update_metrics()
        self.client_menu.observe(self._on_client, names="value")
        self.method_buttons.observe(self._on_method, names="value")
        self.rule_buttons.observe(self._on_rule, names="value")
        self.truth_buttons.observe(lambda _: self._update_metrics(), names="value")
        self.stepper.observe(self._on_step)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.client_menu], layout=widgets.Layout(flex_flow="row wrap")),
                self.method_buttons,
                self.stepper.widget,
                self.flag,
                self.chart_view,
                self.prompts,
                self.rule_buttons,
                self.truth_buttons,
                self.metrics,
            ]
        )
        self.widget.add_class("alliance-lab-progress-explorer")

    # -- state ---------------------------------------------------------------------------
    def statuses(self, method=None):
        """Every session of the clinic with its zone, for ``method`` (default: the method
        chosen now; cached)."""
        method = self.method_buttons.value if method is None else method
        if method not in self._statuses:
            self._statuses[method] = track_status(
                self.clinic.sessions, history=self.history.sessions, method=method
            )
        return self._statuses[method]

    @property
    def shown(self):
        """Number of the last session on screen."""
        return self.slider.value

    @property
    def status(self):
        """Zone of the session now on screen."""
        row = self.rows[self.rows["session"] <= self.shown].iloc[-1]
        return str(row["status"])

    def step(self, by):
        """Show ``by`` more (or, if negative, fewer) sessions, within the client's sessions."""
        self.stepper.step(by)

    def _case(self, client, method):
        """One client's sessions with their zones, and their expected band (cached)."""
        key = (client, method)
        if key not in self._cases:
            status = self.statuses(method)
            rows = status[status["client"] == client].reset_index(drop=True)
            intake = round(float(rows["intake"].iloc[0]), 1)
            band = expected_response(
                self.history.sessions, intake=intake, method=method, min_clients=1
            )
            self._cases[key] = rows, band
        return self._cases[key]

    def _load_client(self):
        self.rows, self.band = self._case(self.client_menu.value, self.method_buttons.value)
        self.stepper.reset(last=int(self.rows["session"].max()))

    def _chart(self):
        return expected_response_chart(self.band, trajectory=self.rows, upto=self.shown)

    # -- events --------------------------------------------------------------------------
    def _redraw(self):
        self.chart_view.chart = self._chart()
        self._update_text()

    def _on_client(self, _):
        self._load_client()
        self._redraw()

    def _on_method(self, _):
        self._load_client()
        self._redraw()
        self._update_metrics()

    def _on_rule(self, _):
        self._update_metrics()

    def _on_step(self, _):
        self._redraw()
        if self.status == "not on track":
            self.stepper.stop()  # stop at the red alert, for the discussion

    def _flag(self, rows, shown):
        """The zone and the status line of session ``shown`` of a client's ``rows``."""
        row = rows[rows["session"] <= shown].iloc[-1]
        status = str(row["status"])
        rating = float(row["outcome_rating"])
        if status == "too early":
            text = f"Session {shown}: rating {rating:g}. One rating only: nothing to compare yet."
        elif status == "not on track":
            text = (
                f"Red alert at session {shown}: the rating of {rating:g} is below the lower "
                f"boundary ({row['lower']:.1f}) of clients who started where this client did."
            )
        elif status == "at risk":
            text = (
                f"Session {shown}: rating {rating:g}, below the expected "
                f"{row['expected']:.1f} but above the lower boundary ({row['lower']:.1f}): "
                "at risk."
            )
        else:
            text = (
                f"Session {shown}: rating {rating:g}, at or above the expected "
                f"{row['expected']:.1f}: on track."
            )
        return status, text

    def _update_text(self):
        status, text = self._flag(self.rows, self.shown)
        colour = "#333333" if status in ("too early", "on track") else ZONE_COLORS[status]
        colour = "#a63d00" if status == "not on track" else colour
        colour = "#8a5a00" if status == "at risk" else colour
        self.flag.value = (
            f'<p class="alliance-lab-flag" data-status="{status}" role="status" '
            f'style="{_TEXT};color:{colour}"><b>{html.escape(text)}</b></p>'
        )
        if status == "not on track":
            items = "".join(
                f"<li><b>{html.escape(r.area)}</b>: {html.escape(r.prompt)}</li>"
                for r in support_prompts().itertuples()
            )
            self.prompts.value = (
                f'<div class="alliance-lab-prompts" style="{_TEXT}"><b>After a red alert, go '
                f"through these with the client:</b><ul>{items}</ul></div>"
            )
        else:
            self.prompts.value = ""

    def _score(self, method, rule, truth):
        """The rule's metrics against the truth, and the median lead of its alerts (cached)."""
        key = (method, rule, truth)
        if key not in self._scores:
            flags = apply_rule(self.statuses(method), rule=rule)
            scored = score_rule(flags, clients=self.clinic.clients, truth=truth)
            self._scores[key] = scored.metrics, scored.lead["sessions_before_end"].median()
        return self._scores[key]

    @staticmethod
    def _metrics_sentence(rule, truth, m, *, bold=True):
        b = (lambda w: f"<b>{html.escape(w)}</b>") if bold else (lambda w: w)
        return (
            f"Rule {b(rule)}, scored against {b(truth)} in "
            f"{m.n:,} clients: it alerts for {m.sensitivity:.0%} of the clients who really have "
            f"it, and {m.ppv:.0%} of the clients it alerts for really have it."
        )

    def _update_metrics(self):
        rule = self.rule_buttons.value
        truth = _TRUTHS[self.truth_buttons.value]
        m, lead = self._score(self.method_buttons.value, rule, truth)
        rows = [
            ("clients alerted at least once", f"{m.alert_rate:.0%}"),
            ("sensitivity (real cases alerted)", f"{m.sensitivity:.0%}"),
            ("specificity (others left quiet)", f"{m.specificity:.0%}"),
            ("positive predictive value", f"{m.ppv:.0%}"),
            ("negative predictive value", f"{m.npv:.0%}"),
            ("alerts per therapist per week", f"{m.alerts_per_therapist_week:.1f}"),
            ("median sessions still to come at an alert", f"{lead:g}"),
        ]
        cells = "".join(f"<tr><th scope='row'>{a}</th><td>{b}</td></tr>" for a, b in rows)
        sentence = self._metrics_sentence(rule, truth, m)
        self.metrics.value = (
            f'<div class="alliance-lab-metrics" style="{_TEXT}">'
            f'<p class="alliance-lab-sentence">{sentence}</p>'
            f'<table style="font-size:1em"><caption style="text-align:left">How the rule does '
            f"against the simulated truth</caption>{cells}</table></div>"
        )

    # -- a page without a kernel -----------------------------------------------------------
    def _static_clients(self, n=3):
        """The client shown first and the first others offered who get a red alert."""
        first = self.client_menu.value
        red = self.statuses(METHODS[0]).query("status == 'not on track'")["client"]
        offered = [c for _, c in self.client_menu.options if c != first and c in set(red)]
        return [first, *offered[: n - 1]]

    def static_explorer(self):
        """The same explorer as an :class:`~alliance_lab.widgets.explorer.Explorer`, named
        ``progress``, over a small grid: three clients (the first shown and two who get a
        red alert) x method x session x rule, scored against the truth chosen now. On a
        static page it moves through the precomputed states (``python -m
        alliance_lab.app.explorables progress``) when they were made from the same clinics."""
        from .explorer import Explorer

        clients = self._static_clients()
        last = max(int(self._case(c, METHODS[0])[0]["session"].max()) for c in clients)
        case = ProgressCase(
            client=self.client_menu.value,
            method=self.method_buttons.value,
            session=self.shown,
            rule=self.rule_buttons.value,
            truth=_TRUTHS[self.truth_buttons.value],
            clinics=_stamp(self.history.sessions, self.clinic.sessions, self.clinic.clients),
        )

        def upto(case):
            rows, band = self._case(case.client, case.method)
            return rows, band, min(case.session, int(rows["session"].max()))

        def view(case):
            rows, band, shown = upto(case)
            return expected_response_chart(band, trajectory=rows, upto=shown)

        def sentence(case):
            rows, _, shown = upto(case)
            status, text = self._flag(rows, shown)
            if status == "not on track":
                text += (
                    " After a red alert, go through the alliance, motivation, social support "
                    "and life events with the client."
                )
            m, _ = self._score(case.method, case.rule, case.truth)
            return f"{text} {self._metrics_sentence(case.rule, case.truth, m, bold=False)}"

        return Explorer(
            case,
            settings={
                "client": {f"client {c}": c for c in clients},
                "method": list(METHODS),
                "session": (1, last, 1),
                "rule": list(RULES),
            },
            simulate=lambda c: c,
            view=view,
            sentence=sentence,
            labels={
                "client": "Client",
                "method": "Expected response",
                "session": "Sessions shown",
                "rule": "Alert rule",
            },
            name="progress",
        )

    def _repr_mimebundle_(self, **kwargs):
        if alt.renderers.active == "html":  # a static page: the precomputed states, if any
            from .explorer_page import explorer_bundle

            bundle = explorer_bundle(self.static_explorer())
            if bundle is not None:
                return bundle
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return (
            f"ProgressExplorer(client={self.client_menu.value!r}, session {self.shown} of "
            f"{self.slider.max})"
        )


@renamed_keywords(clinic="data")
def progress_explorer(data=None, *old_order, history=None, client_id=None, seed=2024):
    """Explore progress monitoring: a client against the expected band, and each rule's metrics.

    Parameters
    ----------
    data : SimulationResult, optional
        The clients being monitored (``al.simulate(...)``: its sessions and, for the
        truth the rules are scored against, its clients). Default: 800 clients of
        seed ``seed + 1``.
    history : SimulationResult, optional
        Past clients of the clinic, from which the expected response is computed. Default:
        a simulated clinic of 4,000 clients.
    client_id : optional
        The client shown first (a value of the client column).
    seed : int
        Seed of the default clinics (history ``seed``, monitored clients ``seed + 1``).

    Returns
    -------
    ProgressExplorer

    Examples
    --------
    >>> explorer = progress_explorer()
    >>> explorer.next_button.click()
    >>> explorer.shown
    2
    """
    from ..simulation.engine import simulate
    from ..simulation.scenario import Scenario

    if old_order:  # the first spelling, progress_explorer(history, clinic)
        if len(old_order) > 1 or history is not None:
            raise TypeError(
                "progress_explorer takes the monitored clients as data= and the past clients "
                "as history=; write progress_explorer(data=clinic, history=history)."
            )
        _warn_old_order()
        data, history = old_order[0], data
    if history is None:
        history = simulate(Scenario(n_clients=4_000, n_therapists=200, seed=seed))
    if data is None:
        data = simulate(Scenario(n_clients=800, n_therapists=40, seed=seed + 1))
    return ProgressExplorer(data, history=history, client_id=client_id)


def _warn_old_order():
    warnings.warn(
        "progress_explorer(history, clinic): the monitored clients now come first, as "
        "data=, and the past clients as history=; the old order still works but stops "
        f"working in alliance_lab {REMOVED_IN}. Write "
        "progress_explorer(data=clinic, history=history) instead.",
        FutureWarning,
        stacklevel=4,
    )
