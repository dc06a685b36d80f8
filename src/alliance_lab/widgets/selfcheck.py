"""Self-check questions with immediate feedback, answerable with the keyboard.

Every control is a radio button or a button: Tab moves between them, Space picks an
option, Enter or Space presses a button. Matching uses a row of toggle buttons per
vignette, not a drop-down: in JupyterLab a closed drop-down loses the arrow and letter
keys to the notebook's shortcuts (ArrowDown selects the next cell, ``b`` inserts one;
ipywidgets issue 3912). Everything is drawn by ipywidgets itself, so the questions work
offline in JupyterLab and in Voila.
"""

import html

import ipywidgets as widgets

from ..questions import load_questions

__all__ = ["SelfCheck", "self_check"]

_RIGHT = "#007a52"  # dark bluish green, readable on white
_WRONG = "#b34700"  # dark vermillion


def _feedback(ok, headline, explanation):
    colour = _RIGHT if ok else _WRONG
    mark = "✔" if ok else "✘"
    return (
        f'<div role="status" style="font-size:1.1em;line-height:1.4;max-width:52em">'
        f'<b style="color:{colour}">{mark} {html.escape(headline)}</b> '
        f"{html.escape(explanation)}</div>"
    )


def _prompt(number, text):
    return widgets.HTML(
        f'<p style="font-size:1.15em;line-height:1.4;max-width:52em">'
        f"<b>{number}.</b> {html.escape(text)}</p>"
    )


class _ChoiceQuestion:
    """Multiple choice (``choice``) and predict-then-reveal (``predict``)."""

    def __init__(self, number, question):
        self.question = question
        self.answer = widgets.RadioButtons(
            options=list(question.options),
            value=None,
            layout=widgets.Layout(width="auto"),
            style={"description_width": "0px"},
        )
        predict = question.kind == "predict"
        self.button = widgets.Button(
            description="Reveal" if predict else "Check",
            tooltip="Lock in your prediction and see the answer" if predict else "Check my answer",
            button_style="primary",
        )
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = widgets.VBox(
            [_prompt(number, question.prompt), self.answer, self.button, self.feedback]
        )

    def check(self):
        q = self.question
        if self.answer.value is None:
            self.feedback.value = _feedback(False, "Choose an answer first.", "")
            return None
        ok = self.answer.value == q.answer
        if q.kind == "predict":
            headline = "Your prediction was right." if ok else f"The answer is: {q.answer}."
            self.answer.disabled = True  # a prediction is locked once revealed
        else:
            headline = "Right." if ok else "Not quite; try again."
        explanation = q.explanation if ok or q.kind == "predict" else ""
        self.feedback.value = _feedback(ok, headline, explanation)
        return ok


class _MatchQuestion:
    """Match each vignette to a category with one row of toggle buttons per vignette."""

    def __init__(self, number, question):
        self.question = question
        self.answers = [
            widgets.ToggleButtons(
                options=list(question.options),
                value=None,
                style={"button_width": "auto"},
            )
            for _ in question.items
        ]
        rows = [
            widgets.VBox(
                [
                    widgets.HTML(
                        f'<span style="font-size:1.05em;line-height:1.35">'
                        f"{chr(ord('a') + i)}) {html.escape(text)}</span>",
                        layout=widgets.Layout(max_width="52em"),
                    ),
                    choice,
                ],
                layout=widgets.Layout(margin="0 0 8px 0"),
            )
            for i, (choice, (text, _)) in enumerate(zip(self.answers, question.items, strict=True))
        ]
        self.button = widgets.Button(
            description="Check", tooltip="Check my matches", button_style="primary"
        )
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = widgets.VBox(
            [_prompt(number, question.prompt), *rows, self.button, self.feedback]
        )

    def check(self):
        given = [d.value for d in self.answers]
        if None in given:
            self.feedback.value = _feedback(False, "Match every vignette first.", "")
            return None
        wrong = [
            chr(ord("a") + i)
            for i, (value, (_, right)) in enumerate(zip(given, self.question.items, strict=True))
            if value != right
        ]
        if wrong:
            self.feedback.value = _feedback(
                False, f"{len(wrong)} of {len(given)} not yet right: {', '.join(wrong)}.", ""
            )
            return False
        self.feedback.value = _feedback(True, "All matched.", self.question.explanation)
        return True


class SelfCheck:
    """The self-check questions of one notebook, shown one below the other.

    ``.questions`` holds one object per question with ``.check()`` and
    ``.feedback``; ``.widget`` is what the notebook shows.
    """

    def __init__(self, notebook):
        self.notebook = notebook
        self.questions = [
            (_MatchQuestion if q.kind == "match" else _ChoiceQuestion)(number, q)
            for number, q in enumerate(load_questions(notebook), 1)
        ]
        self.widget = widgets.VBox(
            [
                # The chosen toggle button gets a strong colour: ipywidgets' default grey
                # is hard to tell from the unchosen ones, especially on a projector.
                widgets.HTML(
                    "<style>.alliance-lab-selfcheck .widget-toggle-button.mod-active"
                    "{background:#0072B2;color:#fff}</style>"
                    '<h3 style="margin-bottom:0">Check your understanding</h3>'
                ),
                *[q.widget for q in self.questions],
            ]
        )
        self.widget.add_class("alliance-lab-selfcheck")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def self_check(notebook):
    """Show a notebook's self-check questions with immediate feedback.

    Parameters
    ----------
    notebook : str
        The notebook's name without ``.ipynb``, e.g. ``"01_bordins_model"``.

    Examples
    --------
    >>> check = self_check("01_bordins_model")
    >>> first = check.questions[0]
    >>> first.answer.value = first.question.answer
    >>> first.button.click()
    >>> "Right." in first.feedback.value
    True
    """
    return SelfCheck(notebook)
