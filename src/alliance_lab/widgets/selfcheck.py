"""Self-check questions with feedback on each answer, answerable with the keyboard.

A wrong answer is answered with an explanation of *that* answer, and the student may try
again; a matching question explains each wrong match under its vignette. A predict question
is shown on its own, just before the chart or explorer that answers it
(``self_check(notebook, question=...)``); the end-of-notebook check shows the others.

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
_TEXT = "font-size:1.1em;line-height:1.4;max-width:52em"


def _feedback(ok, headline, explanation="", after=""):
    colour = _RIGHT if ok else _WRONG
    mark = "✔" if ok else "✘"
    parts = [f'<b style="color:{colour}">{mark} {html.escape(headline)}</b>']
    parts += [html.escape(text) for text in (explanation, after) if text]
    return f'<div role="status" style="{_TEXT}">{" ".join(parts)}</div>'


def _prompt(number, text):
    label = f"<b>{number}.</b> " if number else ""
    return widgets.HTML(
        f'<p style="font-size:1.15em;line-height:1.4;max-width:52em">{label}{html.escape(text)}</p>'
    )


def _box(question, children):
    box = widgets.VBox(children)
    box.add_class("alliance-lab-question")
    box.add_class(f"alliance-lab-q-{question.id}")
    return box


class _ChoiceQuestion:
    """Multiple choice (``choice``) and predict-before-you-look (``predict``)."""

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
            description="Check my prediction" if predict else "Check",
            tooltip="Check my prediction" if predict else "Check my answer",
            button_style="primary",
            layout=widgets.Layout(width="max-content", min_width="148px"),  # room for the label
        )
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        # A new choice clears the old verdict, so feedback always belongs to the choice shown.
        self.answer.observe(lambda _: setattr(self.feedback, "value", ""), names="value")
        self.widget = _box(
            question, [_prompt(number, question.prompt), self.answer, self.button, self.feedback]
        )

    def check(self):
        q = self.question
        if self.answer.value is None:
            self.feedback.value = _feedback(False, "Choose an answer first.")
            return None
        ok = self.answer.value == q.answer
        explanation = q.feedback_for(self.answer.value)
        if q.kind == "predict":
            headline = "Your prediction was right." if ok else "Not what happens."
            after = (
                "Now run the next cells and see it for yourself."
                if ok
                else "Think again and choose another prediction."
            )
        else:
            headline = "Right." if ok else "Not quite."
            after = "" if ok else "Choose another answer and check again."
        self.feedback.value = _feedback(ok, headline, explanation, after)
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
        self.notes = [widgets.HTML() for _ in question.items]
        for choice, note in zip(self.answers, self.notes, strict=True):
            choice.observe(lambda _, note=note: setattr(note, "value", ""), names="value")
        rows = [
            widgets.VBox(
                [
                    widgets.HTML(
                        f'<span style="font-size:1.05em;line-height:1.35">'
                        f"{_letter(i)}) {html.escape(item.text)}</span>",
                        layout=widgets.Layout(max_width="52em"),
                    ),
                    choice,
                    note,
                ],
                layout=widgets.Layout(margin="0 0 8px 0"),
            )
            for i, (choice, note, item) in enumerate(
                zip(self.answers, self.notes, question.items, strict=True)
            )
        ]
        self.button = widgets.Button(
            description="Check", tooltip="Check my matches", button_style="primary"
        )
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = _box(
            question, [_prompt(number, question.prompt), *rows, self.button, self.feedback]
        )

    def check(self):
        given = [d.value for d in self.answers]
        if None in given:
            self.feedback.value = _feedback(False, "Match every vignette first.")
            return None
        wrong = []
        for i, (value, item, note) in enumerate(
            zip(given, self.question.items, self.notes, strict=True)
        ):
            ok = value == item.answer
            if not ok:
                wrong.append(_letter(i))
            note.value = _note(ok, value, item.feedback_for(value))
        if wrong:
            self.feedback.value = _feedback(
                False,
                f"{len(wrong)} of {len(given)} not yet right: {', '.join(wrong)}.",
                "Read the note under each of them, then choose again and check.",
            )
            return False
        self.feedback.value = _feedback(True, "All matched.", self.question.explanation)
        return True


def _letter(i):
    return chr(ord("a") + i)


def _note(ok, choice, text):
    colour = _RIGHT if ok else _WRONG
    verdict = f"✔ {choice}:" if ok else f"✘ not {choice}:"
    return (
        f'<div class="alliance-lab-note" style="{_TEXT};font-size:1em">'
        f'<b style="color:{colour}">{html.escape(verdict)}</b> {html.escape(text)}</div>'
    )


class SelfCheck:
    """Self-check questions of one notebook, shown one below the other.

    ``.questions`` holds one object per question with ``.check()`` and
    ``.feedback``; ``.widget`` is what the notebook shows.
    """

    def __init__(self, notebook, *, question=None):
        self.notebook = notebook
        every = load_questions(notebook)
        if question is None:
            # Predict questions are asked where they belong, before their chart.
            chosen = [q for q in every if q.kind != "predict"]
            heading = "Check your understanding"
        else:
            chosen = [q for q in every if q.id == question]
            if not chosen:
                ids = [q.id for q in every]
                raise ValueError(
                    f"{notebook} has no question {question!r}; its questions are {ids}. "
                    "Leave out question= to show the end-of-notebook check."
                )
            heading = "Predict before you look" if chosen[0].kind == "predict" else "Check yourself"
        single = len(chosen) == 1
        self.questions = [
            (_MatchQuestion if q.kind == "match" else _ChoiceQuestion)(None if single else n, q)
            for n, q in enumerate(chosen, 1)
        ]
        self.widget = widgets.VBox(
            [
                # The chosen toggle button gets a strong colour: ipywidgets' default grey
                # is hard to tell from the unchosen ones, especially on a projector.
                widgets.HTML(
                    "<style>.alliance-lab-selfcheck .widget-toggle-button.mod-active"
                    "{background:#0072B2;color:#fff}</style>"
                    f'<h3 style="margin-bottom:0">{heading}</h3>'
                ),
                *[q.widget for q in self.questions],
            ]
        )
        self.widget.add_class("alliance-lab-selfcheck")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def self_check(notebook, *, question=None):
    """Show self-check questions with feedback on every answer.

    Parameters
    ----------
    notebook : str
        The notebook's name without ``.ipynb``, e.g. ``"01_bordins_model"``.
    question : str, optional
        The id of one question to show on its own, e.g. a predict question just before
        the chart that answers it. Without it: every question of the notebook that is not
        a predict question (the end-of-notebook check).

    Examples
    --------
    >>> check = self_check("01_bordins_model")
    >>> first = check.questions[0]
    >>> first.answer.value = first.question.answer
    >>> first.button.click()
    >>> "Right." in first.feedback.value
    True
    >>> [q.question.kind for q in self_check("01_bordins_model", question="weakest-part").questions]
    ['predict']
    """
    return SelfCheck(notebook, question=question)
