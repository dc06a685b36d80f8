"""A chart function with a named slider per argument: the accessible ``interact``.

``ipywidgets.interact`` makes stock sliders, whose handle no label names, and on every
change it empties the output area and draws the chart again, so the chart blinks out
for a moment. :func:`slider_chart` makes one :class:`~alliance_lab.widgets.controls.Slider`
per argument (a ``<label>`` + ``<input type=range>``) and draws the chart once; after
that, each change sends the new chart to the same view, which swaps it in place.
"""

import html
import inspect

import altair as alt
import ipywidgets as widgets

from ..theme import EMBED_OPTIONS
from .controls import Slider
from .explorer import push_chart

__all__ = ["SliderChart", "slider_chart"]


def _start(name, low, high, step, default):
    """The function's own default if it is on the slider, else the step nearest the middle."""
    if isinstance(default, int | float) and not isinstance(default, bool):
        if low <= default <= high:
            return default
    middle = low + round((high - low) / 2 / step) * step
    return type(step)(middle) if isinstance(low, int) else float(round(middle, 10))


class SliderChart:
    """Sliders bound to the arguments of a chart function; build it with :func:`slider_chart`.

    ``controls`` maps each argument to its slider, ``chart`` is the chart drawn now,
    ``chart_view`` the ``alt.JupyterChart`` on the page and ``widget`` the whole box.
    """

    def __init__(self, function, *, ranges, fixed, labels):
        self.function, self.fixed = function, dict(fixed)
        defaults = {
            name: p.default
            for name, p in inspect.signature(function).parameters.items()
            if p.default is not inspect.Parameter.empty
        }
        width = f"{max(len(text) for text in labels.values()) * 0.55 + 1:.1f}em"
        self.controls = {
            name: Slider(
                value=_start(name, low, high, step, defaults.get(name)),
                min=low,
                max=high,
                step=step,
                label=labels[name],
                label_width=width,
            )
            for name, (low, high, step) in ranges.items()
        }
        self.message = widgets.HTML()
        self.chart = self._draw()
        self.chart_view = alt.JupyterChart(self.chart, embed_options=EMBED_OPTIONS)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [widgets.VBox(list(self.controls.values())), self.chart_view, self.message]
        )
        self.widget.add_class("alliance-lab-slider-chart")

    @property
    def values(self):
        """The arguments the chart is drawn with now: the sliders' values and the fixed ones."""
        return {**{name: c.value for name, c in self.controls.items()}, **self.fixed}

    def _draw(self):
        return self.function(**self.values)

    def _on_change(self, change):
        try:
            chart = self._draw()
        except ValueError as error:  # e.g. a combination the function refuses: say why
            self.message.value = (
                f'<p role="alert" style="color:#b00020">{html.escape(str(error))}</p>'
            )
            return
        self.message.value = ""
        push_chart(self.chart_view, chart)
        self.chart = chart

    def _repr_mimebundle_(self, **kwargs):
        if alt.renderers.active == "html":  # static pages: the chart at the sliders' start
            bundle = self.chart._repr_mimebundle_()
            bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
            bundle["text/html"] = bundle.get("text/html", "") + self._static_note()
            return bundle
        return self.widget._repr_mimebundle_(**kwargs)

    def _static_note(self):
        """What a page without a kernel says in place of the sliders (their starting values)."""
        shown = ", ".join(f"{c.label} {c.value:g}" for c in self.controls.values())
        return (
            '<p class="alliance-lab-static-note"><em>'
            + html.escape(
                f"Sliders (they move in JupyterLab or on Binder; this page shows the chart "
                f"at their starting values): {shown}."
            )
            + "</em></p>"
        )

    def __repr__(self):
        inside = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"SliderChart({getattr(self.function, '__name__', 'chart')}: {inside})"


def slider_chart(function, *, labels=None, **arguments):
    """Draw ``function(**arguments)`` with a named slider for each ``(low, high, step)``.

    The accessible counterpart of ``ipywidgets.interact`` for a function that returns
    an Altair chart: each slider is a native range input named by its visible label,
    moved by mouse or arrow keys, and the chart changes in place without blinking out.

    Parameters
    ----------
    function : callable
        Returns an Altair chart, e.g. ``al.bordin_profile_chart``.
    labels : dict, optional
        Argument -> the words shown beside its slider (default: the argument's name).
    **arguments
        ``name=(low, high, step)`` makes a slider; any other value is passed as it is.
        A slider starts at the function's own default for that argument if the slider
        can show it, otherwise at the step nearest the middle.

    Returns
    -------
    SliderChart
        Shows the sliders and the chart in a notebook; ``.controls[name].value`` moves a
        slider from code, ``.chart`` is the chart drawn now.

    Examples
    --------
    >>> import alliance_lab as al
    >>> view = slider_chart(
    ...     al.bordin_profile_chart,
    ...     goal=(1.0, 5.0, 0.5), task=(1.0, 5.0, 0.5), bond=(1.0, 5.0, 0.5),
    ... )
    >>> view.values
    {'goal': 3.0, 'task': 3.0, 'bond': 3.0}
    >>> view.controls["task"].value = 1.0
    >>> view.chart.to_dict()["title"]["text"]
    'Bordin profile: task is the weakest part'
    >>> slider_chart(al.bordin_profile_chart, goal=(1, 5))
    Traceback (most recent call last):
    ...
    ValueError: goal=(1, 5) is not a slider: give (low, high, step), e.g. goal=(1.0, 5.0, 0.5).
    """
    if not callable(function):
        raise ValueError(
            f"slider_chart needs a function that returns a chart, e.g. "
            f"al.bordin_profile_chart; got {function!r}."
        )
    accepted = inspect.signature(function).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values())
    unknown = [name for name in arguments if name not in accepted and not takes_any]
    if unknown:
        raise ValueError(
            f"{getattr(function, '__name__', 'The function')} has no argument "
            f"{', '.join(unknown)}; it takes {', '.join(accepted)}."
        )
    ranges, fixed = {}, {}
    for name, value in arguments.items():
        if not isinstance(value, tuple):
            fixed[name] = value
            continue
        numbers = len(value) == 3 and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value
        )
        if not numbers:
            raise ValueError(
                f"{name}={value!r} is not a slider: give (low, high, step), "
                f"e.g. {name}=(1.0, 5.0, 0.5)."
            )
        low, high, step = value
        if not low < high or step <= 0:
            raise ValueError(
                f"{name}={value!r}: low must be below high and the step above 0, "
                f"e.g. {name}=(1.0, 5.0, 0.5)."
            )
        ranges[name] = value
    if not ranges:
        raise ValueError(
            "slider_chart needs at least one slider: name=(low, high, step), "
            "e.g. goal=(1.0, 5.0, 0.5)."
        )
    labels = {name: (labels or {}).get(name, name.replace("_", " ")) for name in ranges}
    return SliderChart(function, ranges=ranges, fixed=fixed, labels=labels)
