"""A questionnaire form: fill in, submit, and the answers are saved, scored and charted.

Likert items are rows of radio buttons, each row a group named by the statement it rates;
visual analogue lines are labelled sliders (0-10, one decimal). Everything takes the
keyboard: Tab moves from statement to statement, the arrow keys choose a point in a row
or move a line; Enter or Space presses Submit. On a complete
submit the form is SAVED FIRST, then scored; the scores go to ``.result`` for the next cell.
"""

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .._validation import check_choice, fail
from ..instruments.definition import load_instrument
from ..instruments.reading import describe_scores
from ..instruments.scoring import apply_cutoffs, score
from ..plots.scores import score_profile_chart
from ..storage import data_folder, save_response
from ..theme import EMBED_OPTIONS
from .controls import Choice, Slider
from .explorer import push_chart

__all__ = ["Questionnaire", "questionnaire"]

_NOT_RATED = "not rated yet: move the slider (arrow keys work)"
_WRONG = "#b34700"
_RIGHT = "#007a52"


def _status(text, colour):
    return f'<div role="status" style="font-size:1.1em;color:{colour}">{text}</div>'


class Questionnaire(widgets.VBox):
    """The form returned by ``al.questionnaire``; see there."""

    def __init__(self, instrument, perspective, *, respondent="", data_dir=None, comparison=None):
        self.instrument = instrument
        self.perspective = perspective
        self.data_dir = data_dir
        self.comparison = comparison
        self.result = None
        self.submission = None
        self._saved = None  # (answers, respondent) of the last saved submission
        self.controls = {}
        self._touched = set()
        inst = instrument
        rows = [self._header()]
        for item in inst.items:
            rows.append(self._row(item))
        self.respondent = widgets.Text(
            value=str(respondent),
            description="Respondent / label:",
            placeholder="e.g. role-play 1, or your initials",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self.submit_button = widgets.Button(
            description="Submit", button_style="primary", tooltip="Save and score this form"
        )
        self.submit_button.on_click(self.submit)
        self.message = widgets.HTML()
        self.reading = widgets.HTML()
        self.reading.add_class("alliance-lab-reading")
        # The profile chart: made at the first scored submit, then its data swapped in place
        # (emptying and refilling an output area blanks the chart and makes the page jump).
        self.chart_view = None
        self.chart_area = widgets.Box()
        self.chart_area.add_class("alliance-lab-chart-area")
        super().__init__(
            [*rows, self.respondent, self.submit_button, self.message, self.reading,
             self.chart_area]
        )  # fmt: skip
        self.add_class("alliance-lab-questionnaire")

    # -- building ------------------------------------------------------------------------------

    def _header(self):
        inst = self.instrument
        parts = [f"<h3 style='margin:0.3em 0'>{html.escape(inst.name)}</h3>"]
        parts.append(f"<p>Perspective: <b>{html.escape(self.perspective)}</b>.")
        if inst.scale.kind == "likert":
            parts.append(
                f" How far does each statement fit? {inst.scale.min:g} to {inst.scale.max:g}."
                " Keyboard: <b>Tab</b> moves from statement to statement, the"
                " <b>arrow keys</b> choose a point."
            )
        else:
            parts.append(
                " Mark each line between its two ends. Keyboard: <b>Tab</b> to a line, the"
                " <b>arrow keys</b> move it."
            )
        parts.append("</p>")
        if inst.teaching:
            parts.append(
                f"<p style='color:{_WRONG};font-weight:bold'>{html.escape(inst.label)}</p>"
            )
        if inst.text_source == "none (structure only)":
            parts.append(
                "<p><i>The item wording of this instrument is copyrighted and not included. "
                "If you hold a licence, load your copy with "
                "<code>al.questionnaire(..., item_text='my_wording.yaml')</code>; "
                "read the items from your paper form meanwhile.</i></p>"
            )
        return widgets.HTML("".join(parts))

    def _text(self, item):
        if item.text and self.perspective in item.text:
            words = item.text[self.perspective]
        else:
            words = f"(item {item.number}: wording not included)"
        return words

    def _row(self, item):
        """One statement: a named row of radios (Likert) or a labelled line (0-10)."""
        inst = self.instrument
        label = f"{item.number}. {self._text(item)}"
        if inst.scale.kind == "likert":
            lo, hi = int(inst.scale.min), int(inst.scale.max)
            options = [
                (f"{v} {inst.scale.anchors[v]}" if v in inst.scale.anchors else str(v), v)
                for v in range(lo, hi + 1)
            ]
            control = Choice(options=options, label=label)
            self.controls[item.number] = control
            return control
        poles = (item.poles or {}).get(self.perspective, ("low", "high"))
        control = Slider(
            value=(inst.scale.min + inst.scale.max) / 2,
            min=inst.scale.min,
            max=inst.scale.max,
            step=inst.scale.step,
            label=label,
            ends=poles,
            note=_NOT_RATED,
            label_position="above",
        )
        number = item.number

        def touched(change, number=number, control=control):
            self._touched.add(number)
            control.note = f"rated {change['new']:.1f}"

        control.observe(touched, names="value")
        self.controls[item.number] = control
        return control

    # -- reading the form ----------------------------------------------------------------------

    def answers(self):
        """``{item number: response or None}`` as the form stands."""
        out = {}
        for number, control in self.controls.items():
            if isinstance(control, Slider):
                out[number] = round(control.value, 1) if number in self._touched else None
            else:
                out[number] = control.value
        return out

    def missing_items(self):
        return [number for number, value in self.answers().items() if value is None]

    # -- submitting ----------------------------------------------------------------------------

    def submit(self, _button=None):
        """Check, save, score and show; every problem is shown in the form itself."""
        form = (tuple(self.answers().items()), self.respondent.value.strip())
        if self.submission is not None and form == self._saved:
            # A second click on an unchanged form (or a double click) saves nothing new.
            self.message.value = _status(
                f"Already saved as submission {self.submission}; nothing new was saved. "
                "Change an answer (or the respondent) to submit another form.",
                _RIGHT,
            )
            return self.result
        missing = self.missing_items()
        if missing:
            word = "item" if len(missing) == 1 else "items"
            listed = ", ".join(map(str, missing))
            self.message.value = _status(
                f"Still missing: {word} {listed}. Nothing was saved yet.", _WRONG
            )
            self._clear()
            return None
        inst = self.instrument
        try:
            submission = save_response(
                self.answers(),
                inst,
                perspective=self.perspective,
                respondent=self.respondent.value.strip(),
                data_dir=self.data_dir,
            )
        except Exception as err:  # shown in the form, never lost in a callback
            self.message.value = _status(f"Not saved: {html.escape(str(err))}", _WRONG)
            self._clear()
            return None
        self.submission = submission
        self._saved = form
        self.message.value = _status(
            f"Saved as submission {submission} in {html.escape(str(data_folder(self.data_dir)))}.",
            _RIGHT,
        )
        try:
            long = pd.DataFrame(
                {
                    "submission": submission,
                    "perspective": self.perspective,
                    "respondent": self.respondent.value.strip(),
                    "item": list(self.answers()),
                    "response": list(self.answers().values()),
                }
            )
            scores = score(long, inst)
            if inst.cutoffs:
                scores = apply_cutoffs(scores, inst, comparison=self.comparison)
            self.result = scores
            reading = (
                "<p style='font-size:1.1em;line-height:1.4;max-width:52em'>"
                + html.escape(
                    describe_scores(scores[["scale", "score"]], inst, comparison=self.comparison)
                )
                + "</p>"
            )
            chart = score_profile_chart(scores, inst, comparison=self.comparison)
            if self.chart_view is None:
                self.chart_view = alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)
                self.chart_area.children = (self.chart_view,)
            else:
                push_chart(self.chart_view, chart)
            self.reading.value = reading
        except Exception as err:  # saved, but scoring or drawing failed: say so
            self._clear()
            self.message.value += _status(
                f"Saved, but it could not be scored or drawn: {html.escape(str(err))}", _WRONG
            )
        return self.result

    def _clear(self):
        """Take away the reading and chart of an earlier form (they no longer apply)."""
        self.reading.value = ""
        self.chart_area.children = ()
        self.chart_view = None


def questionnaire(
    instrument, perspective="client", *, respondent="", data_dir=None, item_text=None,
    comparison=None,
):  # fmt: skip
    """A form for one instrument, from one perspective.

    Parameters
    ----------
    instrument : str
        An id from ``al.list_instruments()``.
    perspective : {"client", "therapist", "observer"}
        Whose view the form asks for (the teaching items are worded for each).
    respondent : str
        Pre-filled respondent label (it can be edited in the form).
    data_dir : str or path, optional
        Where answers are saved (default ``al.data_folder()``).
    item_text : str or path, optional
        Your own local file with licensed item wording (see ``al.load_instrument``); it is
        shown in the form and never saved.
    comparison : {"<", "<="}, optional
        For instruments with a cutoff: which side counts as flagged.

    Returns
    -------
    Questionnaire
        A widget to display. After a complete Submit, ``.result`` holds the scores
        (a DataFrame) and ``.submission`` the saved submission number.

    Examples
    --------
    >>> import tempfile
    >>> form = questionnaire("bond-partnership-teaching", data_dir=tempfile.mkdtemp())
    >>> form.submit()
    >>> "Still missing: items 1, 2, 3, 4, 5, 6, 7, 8" in form.message.value
    True
    >>> for number, value in {1: 4, 2: 3, 3: 4, 4: 2, 5: 1, 6: 3, 7: 4, 8: 3}.items():
    ...     form.controls[number].value = value
    >>> form.submit()[["scale", "score"]]  # items 4 and 5 are reverse-keyed: 2 counts 3, 1 counts 4
             scale  score
    0         bond    4.0
    1  partnership    3.0
    2        total    3.5
    """
    inst = load_instrument(instrument, item_text=item_text)
    check_choice(perspective, f"perspective (for {inst.id})", inst.perspectives)
    if comparison is not None:
        choices = sorted({c for cut in inst.cutoffs for c in cut.comparisons})
        if not choices:
            fail(
                "comparison",
                allowed=f"left out for {inst.id}, which has no cutoff",
                given=repr(comparison),
                fix="Leave comparison out.",
            )
        check_choice(comparison, f"comparison (for {inst.id})", choices)
    return Questionnaire(
        inst, perspective, respondent=respondent, data_dir=data_dir, comparison=comparison
    )
