"""Controls with names: a slider, a row of choices and Play/Stop, on native HTML inputs.

The stock ipywidgets slider draws its handle as a ``div`` that no label names, its
radio buttons are separate Tab stops with no group name, and its Play widget has
icon-only buttons with no names. These three controls are small anywidgets around
the browser's own inputs, so a screen reader reads each by its visible label and the
keyboard works as on any web form:

* :class:`Slider`: ``<label>`` + ``<input type=range>`` + ``<output>``; Tab to it,
  the arrow keys (and Home/End, Page Up/Down) move it.
* :class:`Choice`: a ``<fieldset>`` named by its ``<legend>`` holding one radio per
  option; one Tab stop for the row, the arrow keys move between the options.
* :class:`Player`: Play and Stop buttons named "Play" and "Stop" in a group named
  by ``label``; while playing, the page steps ``value`` by ``step`` every
  ``interval`` ms up to ``max``.

Each has a ``value`` trait that Python code observes like an ipywidget's
(``control.observe(handler, names="value")``); setting ``value`` moves the control
on the page.
"""

from pathlib import Path

import anywidget
import traitlets

__all__ = ["Choice", "Player", "Slider"]

_HERE = Path(__file__).parent
_ESM = _HERE / "controls.js"
_CSS = _HERE / "controls.css"


class _Control(anywidget.AnyWidget):
    _esm = _ESM
    _css = _CSS
    #: which control controls.js draws (also read by the static site)
    kind = traitlets.Unicode().tag(sync=True)
    #: the visible words that name the control
    label = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)


def _decimals(step):
    """Decimals needed to show a multiple of ``step``: 0.05 -> 2, 1 -> 0."""
    return len(f"{step:g}".partition(".")[2])


class Slider(_Control):
    """A labelled slider on ``<input type=range>``.

    Parameters
    ----------
    value, min, max, step : number
        As for an ipywidgets slider. If all four are whole numbers (``int``), the slider
        keeps ``value`` an ``int``; otherwise a ``float`` rounded to the step's decimals.
    label : str
        The visible words beside (or above) the slider; they are its accessible name.
    ends : (str, str), optional
        Words shown at the low and high end (a visual analogue line).
    note : str, optional
        Words after the readout (e.g. "not rated yet"); read as the slider's description.
    label_width : str
        CSS width of the label when it stands beside the slider.
    label_position : {"beside", "above"}
    continuous_update : bool
        Send values while a pointer drags (default: only when it lets go). Each key press
        is sent at once.

    Examples
    --------
    >>> s = Slider(value=3, min=1, max=5, step=1, label="Bond")
    >>> seen = []
    >>> s.observe(lambda change: seen.append(change["new"]), names="value")
    >>> s.value = 4
    >>> s.value, seen, s.readout
    (4, [4], '4')
    >>> Slider(value=0.3, min=0, max=1.5, step=0.05, label="Link").readout
    '0.30'
    >>> s.value = 9
    Traceback (most recent call last):
    ...
    traitlets.traitlets.TraitError: Bond must be between 1 and 5; got 9.
    """

    kind = traitlets.Unicode("slider").tag(sync=True)
    value = traitlets.Any(0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(100.0).tag(sync=True)
    step = traitlets.Float(1.0).tag(sync=True)
    decimals = traitlets.Int(0).tag(sync=True)
    integer = traitlets.Bool(False).tag(sync=True)
    ends = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    label_width = traitlets.Unicode("auto").tag(sync=True)
    label_position = traitlets.Unicode("beside").tag(sync=True)
    continuous_update = traitlets.Bool(False).tag(sync=True)

    def __init__(self, *, value, min, max, step, label, ends=(), **kwargs):  # noqa: A002
        integer = all(isinstance(v, int) and not isinstance(v, bool) for v in (value, min, max))
        integer = integer and isinstance(step, int)
        if not min <= value <= max:
            raise ValueError(f"{label} must be between {min:g} and {max:g}; got {value!r}.")
        if step <= 0:
            raise ValueError(f"The step of {label} must be above 0; got {step!r}.")
        if ends and len(ends) != 2:
            raise ValueError(f"ends must be two words (low end, high end); got {ends!r}.")
        super().__init__(
            min=min,
            max=max,
            step=step,
            label=label,
            integer=integer,
            decimals=0 if integer else _decimals(step),
            ends=list(ends),
            value=value,
            **kwargs,
        )

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise traitlets.TraitError(f"{self.label} must be a number; got {value!r}.")
        if not self.min <= value <= self.max:
            raise traitlets.TraitError(
                f"{self.label} must be between {self.min:g} and {self.max:g}; got {value:g}."
            )
        # JSON from the page does not tell 1 from 1.0: a whole-number slider keeps an int
        # (as an IntSlider does), any other a float rounded to the step's decimals.
        return int(round(value)) if self.integer else float(round(value, self.decimals))

    @property
    def readout(self):
        """The value as the page shows it."""
        return f"{self.value:.{self.decimals}f}"


class Choice(_Control):
    """A named group of radio buttons: ``<fieldset>``, ``<legend>``, one radio per option.

    Parameters
    ----------
    options : list of (label, value) pairs, or of values
    value : optional
        One of the option values, or None (nothing chosen yet).
    label : str
        The group's name, shown as its legend (e.g. the statement an item rates).
    orientation : {"horizontal", "vertical"}

    Examples
    --------
    >>> c = Choice(options=[("1 never", 1), ("2 sometimes", 2)], label="1. We agree")
    >>> c.value is None, c.index
    (True, None)
    >>> c.index = 1          # what a click or an arrow key does on the page
    >>> c.value
    2
    >>> c.value = 1
    >>> c.index
    0
    >>> c.value = 7
    Traceback (most recent call last):
    ...
    traitlets.traitlets.TraitError: 1. We agree: 7 is not one of the choices [1, 2].
    """

    kind = traitlets.Unicode("choice").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(None, allow_none=True).tag(sync=True)
    orientation = traitlets.Unicode("horizontal").tag(sync=True)
    value = traitlets.Any(None, allow_none=True)

    def __init__(self, *, options, label, value=None, **kwargs):
        pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
        if not pairs:
            raise ValueError(f"{label} needs at least one option.")
        self.options = pairs
        super().__init__(label=label, labels=[text for text, _ in pairs], **kwargs)
        self.value = value

    def _values(self):
        return [v for _, v in self.options]

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        if value is not None and value not in self._values():
            raise traitlets.TraitError(
                f"{self.label}: {value!r} is not one of the choices {self._values()}."
            )
        return value

    @traitlets.observe("value")
    def _value_to_index(self, change):
        self.index = None if change["new"] is None else self._values().index(change["new"])

    @traitlets.observe("index")
    def _index_to_value(self, change):
        index = change["new"]
        self.value = None if index is None else self.options[index][1]


class Player(_Control):
    """Play and Stop buttons that step ``value`` on a timer in the page.

    Link ``value`` to a :class:`Slider` with ``ipywidgets.jslink``. Set ``playing`` to
    False from Python to stop it (e.g. at the moment the class should discuss).

    Examples
    --------
    >>> p = Player(value=1, min=1, max=8, interval=1500, label="sessions")
    >>> p.playing, p.value
    (False, 1)
    """

    kind = traitlets.Unicode("player").tag(sync=True)
    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    interval = traitlets.Int(1000).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
