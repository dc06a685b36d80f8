"""A session stepper: reveal a case one session at a time.

The live demo and the progress explorer both show one client's sessions up to a
chosen session. The stepper holds those controls: a named slider (sessions shown),
Previous / Next buttons and a Player (Play / Stop) linked to the slider in the page,
so Play keeps stepping even while the kernel is busy redrawing.
"""

import ipywidgets as widgets

from .controls import Player, Slider

__all__ = ["Stepper"]


class Stepper:
    """Previous / Next / Play and a slider over the sessions ``first`` to ``last``.

    ``slider.value`` is the last session shown; observe it with :meth:`observe`.
    ``widget`` is the row of controls to place in a layout.

    Examples
    --------
    >>> stepper = Stepper(first=1, last=4, value=2)
    >>> stepper.next_button.click()
    >>> stepper.value, stepper.next_button.disabled
    (3, False)
    >>> stepper.step(5)
    >>> stepper.value, stepper.next_button.disabled
    (4, True)
    """

    def __init__(self, *, first, last, value=None, interval=1500, label="Sessions shown"):
        value = first if value is None else max(first, min(value, last))
        self.slider = Slider(value=value, min=first, max=last, step=1, label=label)
        self.play = Player(
            value=value,
            min=first,
            max=last,
            interval=interval,
            label="Reveal the sessions one by one",
        )
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.previous_button = widgets.Button(description="◀ Previous", tooltip="Go back")
        self.next_button = widgets.Button(
            description="Next session ▶", button_style="primary", tooltip="Reveal next session"
        )
        self.previous_button.on_click(lambda _: self.step(-1))
        self.next_button.on_click(lambda _: self.step(+1))
        self.slider.observe(lambda _: self._update_buttons(), names="value")
        self._update_buttons()
        self.widget = widgets.HBox(
            [self.previous_button, self.next_button, self.play, self.slider],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )

    @property
    def value(self):
        """The last session shown."""
        return self.slider.value

    def step(self, by):
        """Show ``by`` more (or, if negative, fewer) sessions, within ``first`` to ``last``."""
        self.slider.value = max(self.slider.min, min(self.slider.max, self.value + by))

    def stop(self):
        """Stop playing (at the moment the class should discuss)."""
        self.play.playing = False

    def reset(self, *, last, first=1):
        """Start again at ``first`` for a case of sessions ``first`` to ``last`` (stopped)."""
        self.stop()
        last = max(last, first + 1)  # a range input needs two ends
        self.slider.min = self.play.min = int(min(self.slider.min, first))
        self.slider.value = self.play.value = first  # inside the old and the new range
        self.slider.max = self.play.max = last
        self.slider.min = self.play.min = first
        self._update_buttons()

    def observe(self, handler):
        """Call ``handler(change)`` when the session shown changes (after the buttons)."""
        self.slider.observe(handler, names="value")

    def _update_buttons(self):
        self.next_button.disabled = self.value >= self.slider.max
        self.previous_button.disabled = self.value <= self.slider.min
