"""An explorable explanation: sliders bound to a scenario, linked charts, a live sentence.

An :class:`Explorer` owns one *scenario* (a frozen dataclass such as ``al.Scenario``).
Each control (a slider or a drop-down) is bound to one field of the scenario; moving it
makes a new scenario with :func:`dataclasses.replace` (which re-validates it), runs the
simulation, redraws the chart and rewrites the sentence. Nothing is changed unless all
of that succeeds, so a failed redraw or a bad shared scenario leaves the explorer exactly
as it was and says why.
"""

import dataclasses
import html
import json
import time
import traceback
from typing import NamedTuple

import altair as alt
import ipywidgets as widgets

from ..plots.numbers import numbers_html
from ..theme import EMBED_OPTIONS
from ._scenario_text import parse_scenario_text, scenario_to_python, short_json
from .controls import Slider

__all__ = ["Explorer", "SharedScenario"]


class SharedScenario(NamedTuple):
    """A scenario written out to be shared: as JSON and as one line of Python."""

    json: str
    python: str

    def __str__(self):
        return f"JSON:   {self.json}\nPython: {self.python}"


def _default_simulate(scenario):
    from ..simulation import simulate  # imported late: widgets sit at the end of the chain

    return simulate(scenario)


def _label(name):
    return name.replace("_", " ").capitalize()


def _make_control(name, spec, value, label, *, label_width="14em"):
    """A slider for ``(low, high, step)``, a drop-down for a list or a ``{label: value}`` dict."""
    style = {"description_width": label_width}
    layout = widgets.Layout(width=f"calc({label_width} + 340px)")
    if isinstance(spec, tuple) and len(spec) == 3:
        low, high, step = spec
        if not low <= value <= high:
            raise ValueError(
                f"The scenario's {name} is {value!r}, outside the slider's range {low} to {high}."
            )
        return Slider(
            value=value, min=low, max=high, step=step, label=label, label_width=label_width
        )
    if isinstance(spec, dict | list):
        options = list(spec.items()) if isinstance(spec, dict) else [(str(v), v) for v in spec]
        if value not in [v for _, v in options]:
            raise ValueError(
                f"The scenario's {name} is {value!r}, which is not one of the choices "
                f"{[v for _, v in options]}."
            )
        return widgets.Dropdown(
            options=options, value=value, description=label, style=style, layout=layout
        )
    raise ValueError(
        f"The setting for {name!r} must be (low, high, step) for a slider, or a list or "
        f"{{label: value}} dict for a drop-down; got {spec!r}."
    )


def _is_group(spec, fields):
    """A drop-down whose choices each set several fields: ``{label: {field: value, ...}}``."""
    return (
        isinstance(spec, dict)
        and bool(spec)
        and all(isinstance(v, dict) and v and set(v) <= fields for v in spec.values())
    )


def _in_range(control, value):
    if isinstance(control, widgets.Dropdown):
        return value in [v for _, v in control.options]
    return control.min <= value <= control.max


class Explorer:
    """Sliders and drop-downs bound to a scenario, a chart and a sentence redrawn on change.

    Parameters
    ----------
    scenario : dataclass instance
        The starting scenario, e.g. ``al.Scenario()``. It is never changed; the
        explorer makes new ones.
    settings : dict
        Field name -> ``(low, high, step)`` for a slider, or a list (or
        ``{label: value}`` dict) of choices for a drop-down, in display order.
        A name that is not a field may hold ``{label: {field: value, ...}}``: a
        drop-down whose choices set several fields at once (e.g. a mix of patterns).
    view : callable
        ``view(result) -> altair chart``; several linked views go in one concatenated chart.
    sentence : callable
        ``sentence(result) -> str``: the plain-language reading of the result.
    simulate : callable, optional
        ``simulate(scenario) -> result``; default ``al.simulate``.
    labels : dict, optional
        Field name -> the words shown beside its control.
    title : str, optional
        A heading shown above the controls.
    name : str, optional
        The name of the explorer's precomputed states (``alliance_lab/data/explorables/
        NAME.json``): on a static page without a kernel, the controls then move through
        those states instead of showing only the starting state.
    grid : dict, optional
        Field name -> a coarser ``(low, high, step)`` or fewer choices for the
        precomputed states (default: the settings themselves). A control given
        ``None`` is left out: a static page does not show it, and it keeps its
        starting value.
    source : optional
        What the explorer's results depend on besides its scenario, as plain JSON
        (for an explorer of a given table: a stamp of that table, see
        :func:`~alliance_lab.widgets.explorer_states.data_stamp`). Precomputed states
        are used on a static page only when their source equals this one.
    state_sentence : callable, optional
        ``state_sentence(result) -> str`` for the precomputed states, when the
        explorer's own sentence also speaks of the previous step (a precomputed
        state must not depend on the path to it).

    Examples
    --------
    >>> import dataclasses, altair as alt, pandas as pd
    >>> @dataclasses.dataclass(frozen=True)
    ... class Coin:
    ...     p: float = 0.5
    >>> ex = Explorer(
    ...     Coin(), settings={"p": (0.0, 1.0, 0.1)},
    ...     simulate=lambda s: s.p,
    ...     view=lambda p: alt.Chart(pd.DataFrame({"p": [p]})).mark_bar().encode(y="p:Q"),
    ...     sentence=lambda p: f"Heads {p:.0%} of the time.",
    ... )
    >>> ex.controls["p"].value = 0.7
    >>> ex.scenario, ex.sentence
    (Coin(p=0.7), 'Heads 70% of the time.')
    >>> ex.load('{"p": 3}')
    False
    >>> ex.scenario
    Coin(p=0.7)
    """

    def __init__(
        self,
        scenario,
        *,
        settings,
        view,
        sentence,
        simulate=None,
        labels=None,
        title=None,
        name=None,
        grid=None,
        source=None,
        state_sentence=None,
    ):
        if not dataclasses.is_dataclass(scenario) or isinstance(scenario, type):
            raise ValueError(
                f"scenario must be a scenario object such as al.Scenario(); got {scenario!r}."
            )
        fields = {f.name for f in dataclasses.fields(scenario)}
        self._groups = {
            name: spec
            for name, spec in settings.items()
            if name not in fields and _is_group(spec, fields)
        }
        unknown = [name for name in settings if name not in fields and name not in self._groups]
        if unknown:
            raise ValueError(
                f"settings name {unknown}, which the scenario does not have; "
                f"it has {sorted(fields)}."
            )
        if not settings:
            raise ValueError("settings must name at least one scenario field to control.")
        self._simulate = simulate or _default_simulate
        self._view = view
        self._sentence = sentence
        self._scenario = scenario
        self._busy = False
        self.redraw_seconds = []
        labels = {name: (labels or {}).get(name, _label(name)) for name in settings}
        self.name, self.title, self.labels = name, title, labels
        self.source, self.state_sentence = source, state_sentence
        self.grid = {
            key: (list(spec) if key in self._groups else spec) for key, spec in settings.items()
        }
        self.grid.update(grid or {})
        self.grid = {key: spec for key, spec in self.grid.items() if spec is not None}
        width = f"{max(len(text) for text in labels.values()) * 0.55 + 1:.1f}em"
        self.controls = {
            name: _make_control(
                name,
                list(spec) if name in self._groups else spec,
                self._value(scenario, name),
                labels[name],
                label_width=width,
            )
            for name, spec in settings.items()
        }
        self.result = self._simulate(scenario)
        self.chart = view(self.result)
        self.sentence = sentence(self.result)

        self.chart_view = alt.JupyterChart(self.chart, embed_options=EMBED_OPTIONS)
        self.sentence_view = widgets.HTML(self._sentence_html())
        # the chart's key numbers as a table under it (empty for a chart without them)
        self.numbers_view = widgets.HTML(numbers_html(self.chart))
        self.messages = widgets.Output()
        self.share_text = widgets.Text(
            placeholder="Paste a shared scenario (JSON or al.Scenario...) here",
            description="Scenario",
            layout=widgets.Layout(width="560px"),
        )
        self.load_button = widgets.Button(
            description="Load scenario", tooltip="Load the scenario pasted on the left"
        )
        self.share_button = widgets.Button(
            description="Share this scenario", tooltip="Write the current scenario in the box"
        )
        self.load_button.on_click(lambda _: self.load(self.share_text.value))
        self.share_button.on_click(lambda _: self._show_share())
        for name, control in self.controls.items():
            control.observe(self._on_change(name), names="value")

        heading = [widgets.HTML(f"<h3>{html.escape(title)}</h3>")] if title else []
        self.widget = widgets.VBox(
            [
                *heading,
                widgets.VBox(list(self.controls.values())),
                self.sentence_view,
                self.chart_view,
                self.numbers_view,
                widgets.HBox([self.share_text, self.load_button, self.share_button]),
                self.messages,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("alliance-lab-explorer")

    # -- state ---------------------------------------------------------------------------
    @property
    def scenario(self):
        """The scenario shown now (a frozen dataclass: print it, save it, reload it)."""
        return self._scenario

    def _value(self, scenario, name):
        """The control value that shows ``scenario``: a field, or the name of a group choice."""
        if name not in self._groups:
            return getattr(scenario, name)
        for label, changes in self._groups[name].items():
            if all(getattr(scenario, k) == v for k, v in changes.items()):
                return label
        return None

    def _changes(self, name, value):
        return dict(self._groups[name][value]) if name in self._groups else {name: value}

    def _sentence_html(self):
        return (
            '<p class="alliance-lab-sentence" aria-live="polite" '
            f'style="font-size:1.25em;line-height:1.4;max-width:52em">'
            f"{html.escape(self.sentence)}</p>"
        )

    def _apply(self, scenario):
        """Simulate and draw ``scenario``; commit only if every step succeeds."""
        start = time.perf_counter()
        result = self._simulate(scenario)
        chart = self._view(result)
        sentence = self._sentence(result)
        self._push(chart)
        self.redraw_seconds.append(time.perf_counter() - start)
        self._scenario, self.result, self.chart, self.sentence = scenario, result, chart, sentence
        self.sentence_view.value = self._sentence_html()
        self.numbers_view.value = numbers_html(chart)

    def _push(self, chart):
        push_chart(self.chart_view, chart)

    def _set_controls(self, scenario):
        self._busy = True
        try:
            for name, control in self.controls.items():
                control.value = self._value(scenario, name)
        finally:
            self._busy = False

    def _on_change(self, name):
        def handler(change):
            if self._busy:
                return
            try:
                candidate = dataclasses.replace(
                    self._scenario, **self._changes(name, change["new"])
                )
                self._apply(candidate)
            except Exception as error:  # shown in the widget, not lost in the log
                self._set_controls(self._scenario)
                self._show_error(error, show_traceback=not isinstance(error, ValueError))
            else:
                self.messages.outputs = ()

        return handler

    def _show_error(self, error, *, show_traceback=False):
        self.messages.outputs = ()
        text = f"{error}" if not show_traceback else "".join(traceback.format_exception(error))
        self.messages.append_stderr(f"Nothing was changed. {text}\n")

    # -- sharing -------------------------------------------------------------------------
    def share(self):
        """The current scenario as a short JSON string and as one line of Python.

        Returns
        -------
        SharedScenario
            ``(json, python)``; either can be pasted into any explorer's
            "Load scenario" box, or the Python line into a notebook cell.
        """
        return SharedScenario(short_json(self._scenario), scenario_to_python(self._scenario))

    def _show_share(self):
        shared = self.share()
        self.share_text.value = shared.json
        self.messages.outputs = ()
        self.messages.append_stdout(f"Copy this to share the scenario:\n{shared}\n")

    def load(self, text):
        """Load a shared scenario (JSON, or the one line of Python from :meth:`share`).

        Returns ``True`` if it was loaded. A malformed or out-of-range scenario is
        refused with a message below the explorer, and nothing changes.
        """
        try:
            candidate = parse_scenario_text(text, type(self._scenario))
            outside = [
                f"{name} = {self._value(candidate, name)!r}"
                for name, control in self.controls.items()
                if not _in_range(control, self._value(candidate, name))
            ]
            if outside:
                raise ValueError(
                    "This explorer's controls cannot show "
                    + ", ".join(outside)
                    + " (allowed: "
                    + "; ".join(_describe(n, c) for n, c in self.controls.items())
                    + ")."
                )
            self._apply(candidate)
        except Exception as error:
            self._show_error(error, show_traceback=not isinstance(error, ValueError))
            return False
        self._set_controls(candidate)
        self.messages.outputs = ()
        self.messages.append_stdout("Scenario loaded.\n")
        return True

    # -- display -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        if alt.renderers.active == "html" and self.name:  # static pages: precomputed states
            from .explorer_page import explorer_bundle

            bundle = explorer_bundle(self)
            if bundle is not None:
                return bundle
        if alt.renderers.active == "html":  # static pages: the chart and sentence, no kernel
            bundle = self.chart._repr_mimebundle_()
            bundle = bundle[0] if isinstance(bundle, tuple) else bundle
            bundle["text/html"] = self._sentence_html() + bundle.get("text/html", "")
            return bundle
        if self.name:  # presenter mode --precomputed: the states, moved in the page itself
            from .precomputed_explorer import precomputed_widget, use_precomputed

            widget = precomputed_widget(self) if use_precomputed() else None
            if widget is not None:
                return widget._repr_mimebundle_(**kwargs)
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return f"Explorer({self._scenario!r})"


def push_chart(view, chart):
    """Send ``chart`` to the ``alt.JupyterChart`` ``view`` already on the page.

    If its selections are the same as before, send just the new specification
    (``to_dict`` without the slow schema check; the view functions are checked by the
    tests): the page swaps the data in place. Otherwise let the JupyterChart rebuild.
    """
    spec = chart.to_dict(validate=False)
    old = view.spec or {}
    if [p.get("name") for p in spec.get("params", [])] == [
        p.get("name") for p in old.get("params", [])
    ]:
        view.spec = spec
    else:
        view.chart = chart


def _describe(name, control):
    if isinstance(control, widgets.Dropdown):
        return f"{name} one of {json.dumps([v for _, v in control.options], default=str)}"
    return f"{name} {control.min} to {control.max}"
