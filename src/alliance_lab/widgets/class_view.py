"""The lecturer's live view of a class session: forms arriving, scores by chair, agreement.

``al.class_view(url, code=...)`` reads the class-mode service over HTTP with the
lecturer key and redraws every few seconds. Charts keep their place: new rows are
swapped into the drawn chart (no re-drawing, no blank flash). The key is never shown.
Laid out for JupyterLab and for presenter mode (Voila): large type, blocks that wrap.
"""

import html
import json
import threading
import time

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from ..analysis.agreement import icc_across_targets, rater_agreement
from ..analysis.chairs import chair_gap
from ..class_client import ClassServiceError, fetch_class
from ..instruments.definition import load_instrument
from ..instruments.scoring import score
from ..plots.classroom import chair_gap_chart, chair_score_chart, submissions_chart
from ..theme import EMBED_OPTIONS

__all__ = ["ClassView", "class_view"]

_TEXT = "font-size:1.25em;line-height:1.45;max-width:52em;margin:0.3em 0"
_TARGET = ["round", "group"]


def _datasets_in_order(spec):
    """Dataset names in the order the spec refers to them, and the spec without datasets."""
    spec = dict(spec)
    datasets = spec.pop("datasets", {})
    text = json.dumps(spec, sort_keys=True)
    names = sorted(datasets, key=lambda name: text.find(f'"{name}"'))
    return names, datasets, text


class _LiveChart:
    """An ``alt.JupyterChart`` whose rows can be swapped in place.

    When a new chart differs from the drawn one only in its data, the new rows are sent
    to the drawn Vega view (its named data sets keep their names); otherwise the chart is
    drawn anew.
    """

    def __init__(self, chart):
        self.widget = alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)
        self._remember(chart.to_dict(validate=False))

    def _remember(self, spec):
        self._names, self._data, text = _datasets_in_order(spec)
        self._skeleton = text
        for name in self._names:
            self._skeleton = self._skeleton.replace(name, f"@{self._names.index(name)}")

    def update(self, chart):
        spec = chart.to_dict(validate=False)  # the builders' specs are tested; this is fast
        names, data, text = _datasets_in_order(spec)
        for i, name in enumerate(names):
            text = text.replace(name, f"@{i}")
        if text != self._skeleton or len(names) != len(self._names):
            self.widget.chart = chart
            self._remember(spec)
            return "redrawn"
        updates = []
        for old, new in zip(self._names, names, strict=True):
            if data[new] != self._data[old]:
                updates.append({"namespace": "data", "name": old, "scope": [], "value": data[new]})
                self._data[old] = data[new]
        if updates:
            self.widget._py_to_js_updates = updates
        return "swapped" if updates else "same"


def _plain(value, digits=2):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("0.") else text.replace("-0.", "-.")


class ClassView:
    """The live view; build it with :func:`class_view`.

    ``refresh()`` reads the service once; ``start()`` / ``stop()`` control the
    automatic refresh every ``refresh`` seconds. ``answers`` holds the last answers read.
    """

    def __init__(self, url, *, code, key=None, refresh=3):
        if not isinstance(refresh, (int, float)) or not 0.5 <= refresh <= 600:
            raise ValueError(
                f"refresh must be a number of seconds from 0.5 to 600, e.g. 3; got {refresh!r}."
            )
        self.url, self.code, self.interval = url, code, float(refresh)
        self._key = key  # kept for the requests only; never shown
        self.session, self.rounds, self.answers = None, pd.DataFrame(), pd.DataFrame()
        self.instrument = None
        self.n_refreshes = 0
        self._stop = threading.Event()
        self._thread = None
        self._lock = threading.RLock()

        self.header = widgets.HTML()
        self.status = widgets.HTML()
        self.sentence = widgets.HTML()
        self.agreement = widgets.HTML()
        self.round_choice = widgets.Dropdown(
            options=[("latest round", 0)],
            value=0,
            description="Round",
            layout=widgets.Layout(width="260px"),
        )
        self.round_choice.observe(self._on_round, names="value")
        self._shown = None  # what the charts and sentence show: (round, tables)
        self.charts = None
        self.widget = widgets.VBox([self.header, self.status], layout=widgets.Layout(width="100%"))
        self.widget.add_class("alliance-lab-class-view")
        self.refresh()
        if self.session is not None and self.interval:
            self.start()

    # -- reading -------------------------------------------------------------------------
    def refresh(self):
        """Read the service once and redraw; a problem is shown as a message, not raised."""
        with self._lock:
            try:
                session, rounds, answers = fetch_class(self.url, code=self.code, key=self._key)
            except ClassServiceError as error:
                self._problem(str(error))
                return False
            first = self.session is None
            same = (
                not first
                and session == self.session
                and rounds.equals(self.rounds)
                and answers.equals(self.answers)
            )
            self.session, self.rounds, self.answers = session, rounds, answers
            if first:
                self.instrument = load_instrument(session["instrument"])
            self.n_refreshes += 1
            self._draw(charts=not same)
            return True

    def _on_round(self, _change):
        with self._lock:
            self._draw(charts=False)

    def _problem(self, text):
        when = time.strftime("%H:%M:%S")
        again = f" Trying again every {self.interval:g} s." if self.session is not None else ""
        self.status.value = (
            f'<p class="alliance-lab-class-problem" role="alert" style="{_TEXT};color:#b34700">'
            f"<b>{html.escape(text)}</b> ({when}){html.escape(again)}</p>"
        )

    def _loop(self):
        while not self._stop.wait(self.interval):
            self.refresh()

    def start(self):
        """Refresh every ``refresh`` seconds in the background (until ``stop()``)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="class-view")
        self._thread.start()

    def stop(self):
        """Stop refreshing (the view keeps what it shows)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 10)

    # -- drawing -------------------------------------------------------------------------
    def _round(self):
        chosen = self.round_choice.value
        numbers = sorted(int(r) for r in self.rounds.get("round", []))
        if chosen:
            return chosen
        return numbers[-1] if numbers else None

    def _update_round_choice(self):
        numbers = sorted(int(r) for r in self.rounds.get("round", []))
        options = [("latest round", 0)] + [(f"round {n}", n) for n in numbers]
        if list(self.round_choice.options) != options:
            keep = self.round_choice.value
            self.round_choice.options = options
            self.round_choice.value = keep if keep in dict(options).values() else 0

    def _tables(self, number):
        inst = self.instrument
        answers = self.answers[self.answers["round"] == number] if number else self.answers[:0]
        answers = answers.dropna(subset=["response"])
        long = answers[["round", "group", "perspective", "respondent", "item", "response"]]
        if len(long):
            scores = score(long, inst)
            gaps = chair_gap(long, inst, target=_TARGET)
            agree = rater_agreement(long, inst, target=_TARGET)
            icc = icc_across_targets(scores, target="group", by=["scale"])
        else:
            scores = pd.DataFrame(columns=["perspective", "scale", "score"])
            gaps = pd.DataFrame(columns=["scale", "gap"])
            agree, icc = None, None
        return answers, scores, gaps, agree, icc

    def _draw(self, *, charts=True):
        if self.session is None:
            return
        inst = self.instrument
        self._update_round_choice()
        number = self._round()
        fresh = charts or self._shown is None or self._shown[0] != number
        if fresh:
            self._shown = (number, self._tables(number))
        answers, scores, gaps, agree, icc = self._shown[1]
        if fresh:
            drawn = (
                submissions_chart(answers),
                chair_score_chart(
                    scores, inst, scale="total" if inst.has_total else inst.scales[0]
                ),
                chair_gap_chart(gaps, inst),
            )
            if self.charts is None:
                self.charts = [_LiveChart(chart) for chart in drawn]
                self._layout()
            else:
                for live, chart in zip(self.charts, drawn, strict=True):
                    live.update(chart)
        self._write_header(number)
        n_forms = answers["submission"].nunique()
        round_status = dict(
            zip(self.rounds.get("round", []), self.rounds.get("status", []), strict=True)
        )
        state = round_status.get(number, "not opened yet") if number else "not opened yet"
        self.status.value = (
            f'<p class="alliance-lab-class-count" role="status" data-forms="{n_forms}" '
            f'data-round="{number or 0}" style="{_TEXT}"><b>{n_forms} '
            f"{'form' if n_forms == 1 else 'forms'} received</b> in round {number or '–'} "
            f"({html.escape(str(state))}); updated {time.strftime('%H:%M:%S')}.</p>"
        )
        self.sentence.value = (
            f'<p class="alliance-lab-class-sentence" style="{_TEXT}">'
            f"{html.escape(self._sentence(answers, gaps, agree, icc))}</p>"
        )
        self.agreement.value = self._agreement_table(agree, icc)

    def _layout(self):
        row = widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start")
        self.widget.children = [
            self.header,
            widgets.HBox([self.round_choice], layout=widgets.Layout(margin="0 0 0.4em 0")),
            self.status,
            self.sentence,
            widgets.HBox([self.charts[0].widget, self.charts[1].widget], layout=row),
            widgets.HBox([self.charts[2].widget, self.agreement], layout=row),
        ]

    def _write_header(self, number):
        s = self.session
        mode = "triads in parallel" if s.get("mode") == "triads" else "the whole hall"
        self.header.value = (
            f'<div class="alliance-lab-class-header" style="{_TEXT}">'
            f"<h2 style='margin:0.2em 0'>{html.escape(str(s.get('title') or 'Class session'))}</h2>"
            f"Join at <b>{html.escape(str(s.get('join_url', '')))}</b> with the code "
            f"<b style='font-size:1.3em;letter-spacing:0.1em'>{html.escape(str(s['code']))}</b>"
            f" · {html.escape(self.instrument.name)} · {mode} · session "
            f"{html.escape(str(s.get('status', '')))}</div>"
        )

    def _sentence(self, answers, gaps, agree, icc):
        if answers.empty:
            return (
                "No forms yet. Students open the join link (or scan the code), choose their "
                "chair and fill in the form; each form appears here within a few seconds."
            )
        inst = self.instrument
        people = answers.drop_duplicates("submission")["perspective"].value_counts()
        who = ", ".join(
            f"{people[c]} {c if people[c] == 1 else c + 's'}"
            for c in ("client", "therapist", "observer")
            if c in people
        )
        parts = [f"{int(people.sum())} forms so far ({who})."]
        components = [s for s in inst.scales if s != "total"] or list(inst.scales)
        mean_gap = gaps.dropna(subset=["gap"]).groupby("scale")["gap"].mean()
        if len(mean_gap):
            size = {name: len(inst.items_of(name)) for name in inst.scales}
            per_item = {
                s: mean_gap[s] / (size[s] if inst.rule == "sum" else 1)
                for s in components
                if s in mean_gap
            }
            if per_item:
                widest = max(per_item, key=lambda s: abs(per_item[s]))
                gap = per_item[widest]
                if abs(gap) < 0.25:
                    parts.append(
                        "Client and therapist saw the hour much alike (their answers differ by "
                        "less than a quarter of a point per item)."
                    )
                else:
                    higher = "client" if gap > 0 else "therapist"
                    parts.append(
                        f"The {higher} saw the stronger alliance, most of all in the {widest} "
                        f"({abs(gap):.1f} answer points per item apart)."
                    )
        if agree is not None and len(agree):
            total = agree[agree["scale"] == ("total" if inst.has_total else inst.scales[0])]
            rwg = total["r_wg"].dropna()
            if len(rwg):
                level = rwg.median()
                how = "well" if level >= 0.7 else ("somewhat" if level >= 0.5 else "little")
                parts.append(
                    f"Raters of the same role-play agreed {how} (r_wg {_plain(level)}: 1 is full "
                    "agreement, 0 no more than answers given at random)."
                )
        if icc is not None and len(icc):
            row = icc[icc["scale"] == ("total" if inst.has_total else inst.scales[0])]
            if len(row) and row["n_targets"].iloc[0] >= 2 and pd.notna(row["icc1"].iloc[0]):
                value = row["icc1"].iloc[0]
                parts.append(
                    f"Across {int(row['n_targets'].iloc[0])} triads, ICC(1) is {_plain(value)}: "
                    f"about {max(value, 0):.0%} of the spread in one student's score lies "
                    "between the role-plays, the rest between raters of the same one."
                )
        return " ".join(parts)

    def _agreement_table(self, agree, icc):
        if agree is None or agree.empty:
            return ""
        inst = self.instrument
        main = "total" if inst.has_total else inst.scales[0]
        rows = agree[agree["scale"] == main].head(12)
        cells = "".join(
            "<tr>"
            f"<td>{'whole hall' if pd.isna(r.group) else f'triad {int(r.group)}'}</td>"
            f"<td>{int(r.n_raters)}</td><td>{r.mean:.1f}</td><td>{_plain(r.sd, 1)}</td>"
            f"<td>{_plain(r.r_wg)}</td></tr>"
            for r in rows.itertuples()
        )
        more = len(agree[agree["scale"] == main]) - len(rows)
        note = f"<p>… and {more} more.</p>" if more > 0 else ""
        icc_line = ""
        if icc is not None:
            one = icc[icc["scale"] == main]
            if len(one) and pd.notna(one["icc1"].iloc[0]):
                r = one.iloc[0]
                icc_line = (
                    f"<p>Across triads: ICC(1) {_plain(r['icc1'])} "
                    f"(95 % CI {_plain(r['ci_low'])} to {_plain(r['ci_high'])}), "
                    f"ICC(1,k) {_plain(r['icc1k'])} for the mean of about {r['k']:.1f} raters.</p>"
                )
        return (
            f'<div class="alliance-lab-class-agreement" style="font-size:1.1em;margin:0.5em 1em">'
            f"<h3 style='margin:0.2em 0'>Agreement on the {html.escape(main)} score</h3>"
            "<table style='border-spacing:0.9em 0.15em;margin-left:-0.9em'>"
            "<thead><tr><th>role-play</th><th>raters</th><th>mean</th><th>SD</th>"
            f"<th>r<sub>wg</sub></th></tr></thead><tbody>{cells}</tbody></table>{note}{icc_line}"
            "</div>"
        )

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):  # never shows the key
        return f"ClassView(url={self.url!r}, code={self.code!r}, every {self.interval:g} s)"


def class_view(url, *, code, key=None, refresh=3):
    """Live view of a class session for the lecturer: display it in a notebook or in Voila.

    Parameters
    ----------
    url : str
        The class service's address (``serve_in_background().url``, or the address that
        ``alliance-lab class serve`` printed).
    code : str
        The class session's join code.
    key : str, optional
        The lecturer key. Default: the environment variable ``ALLIANCE_LAB_CLASS_KEY``.
        It is sent to the service only and never shown.
    refresh : float
        Seconds between two readings of the service.

    Returns
    -------
    ClassView
        Shows, for the round chosen (the latest by default): the forms received over
        time, every student's score by chair, the client-minus-therapist gap per
        component, agreement (r_wg per role-play, the ICC across triads) and a sentence.
        When the service cannot be reached or refuses the key, it says so in plain words.
    """
    return ClassView(url, code=code, key=key, refresh=refresh)
