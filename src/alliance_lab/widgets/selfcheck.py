"""Self-check questions with feedback on each answer, answerable with the keyboard.

A wrong answer is answered with an explanation of *that* answer, and the student may try
again; a matching question explains each wrong match under its vignette. A predict question
is shown on its own, just before the chart or explorer that answers it
(``self_check(notebook, question=...)``); the end-of-notebook check shows the others.

Every answer is a named group of radio buttons (:class:`~alliance_lab.widgets.controls.Choice`,
a ``<fieldset>`` whose ``<legend>`` is the question or the vignette): Tab reaches the group
once, the arrow keys move between its options, Tab goes on to the Check button, and Enter
or Space presses it. Matching uses one such group per vignette, not a drop-down: in
JupyterLab a closed drop-down loses the arrow and letter keys to the notebook's shortcuts
(ArrowDown selects the next cell, ``b`` inserts one; ipywidgets issue 3912). Everything is
drawn by the package itself, so the questions work offline in JupyterLab and in Voila.

On a static page (the site build, where no kernel runs) the same questions become a plain
HTML form with a small script and the same feedback (:mod:`.selfcheck_page`); the texts
come from :func:`choice_verdict` and :func:`match_verdict`, which both use.
"""

import html

import altair as alt
import ipywidgets as widgets

from ..questions import load_questions
from .controls import Choice

__all__ = ["SelfCheck", "self_check"]

_RIGHT = "#007a52"  # dark bluish green, readable on white
_WRONG = "#b34700"  # dark vermillion
_TEXT = "font-size:1.1em;line-height:1.4;max-width:52em"


#: What a Check with nothing chosen says.
CHOOSE_FIRST = "Choose an answer first."
MATCH_FIRST = "Match every vignette first."


def feedback_body(ok, headline, explanation="", after=""):
    """The feedback's words as HTML: a coloured verdict, then the explanation."""
    colour = _RIGHT if ok else _WRONG
    mark = "✔" if ok else "✘"
    parts = [f'<b style="color:{colour}">{mark} {html.escape(headline)}</b>']
    parts += [html.escape(text) for text in (explanation, after) if text]
    return " ".join(parts)


def _feedback(ok, headline, explanation="", after=""):
    body = feedback_body(ok, headline, explanation, after)
    return f'<div role="status" style="{_TEXT}">{body}</div>'


def choice_verdict(question, option):
    """``(ok, headline, explanation, after)`` for ``option`` of a choice or predict question.

    Examples
    --------
    >>> q = load_questions("04_alliance_and_dropout")[0]
    >>> choice_verdict(q, q.answer)[:2]
    (True, 'Right.')
    """
    ok = option == question.answer
    explanation = question.feedback_for(option)
    if question.kind == "predict":
        headline = "Your prediction was right." if ok else "Not what happens."
        after = (
            "The next cells show it: see for yourself."
            if ok
            else "Think again and choose another prediction."
        )
    else:
        headline = "Right." if ok else "Not quite."
        after = "" if ok else "Choose another answer and check again."
    return ok, headline, explanation, after


def match_verdict(question, wrong):
    """``(ok, headline, explanation)`` for a match question whose rows ``wrong`` (letters,
    e.g. ``["a", "c"]``) are matched wrongly; every row is matched."""
    if wrong:
        return (
            False,
            f"{len(wrong)} of {len(question.items)} not yet right: {', '.join(wrong)}.",
            "Read the note under each of them, then choose again and check.",
        )
    return True, "All matched.", question.explanation


def _prompt(text):
    return widgets.HTML(
        f'<p style="font-size:1.15em;line-height:1.4;max-width:52em">{html.escape(text)}</p>'
    )


def _label(number, text):
    return f"{number}. {text}" if number else text


def _box(question, children):
    box = widgets.VBox(children)
    box.add_class("alliance-lab-question")
    box.add_class(f"alliance-lab-q-{question.id}")
    return box


class _ChoiceQuestion:
    """Multiple choice (``choice``) and predict-before-you-look (``predict``)."""

    def __init__(self, number, question):
        self.question = question
        # The question is the group's legend: its accessible name.
        self.answer = Choice(
            options=list(question.options),
            label=_label(number, question.prompt),
            orientation="vertical",
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
        self.widget = _box(question, [self.answer, self.button, self.feedback])

    def check(self):
        if self.answer.value is None:
            self.feedback.value = _feedback(False, CHOOSE_FIRST)
            return None
        ok, headline, explanation, after = choice_verdict(self.question, self.answer.value)
        self.feedback.value = _feedback(ok, headline, explanation, after)
        return ok


class _MatchQuestion:
    """Match each vignette to a category with one named group of radios per vignette."""

    def __init__(self, number, question):
        self.question = question
        self.answers = [
            Choice(options=list(question.options), label=f"{_letter(i)}) {item.text}")
            for i, item in enumerate(question.items)
        ]
        self.notes = [widgets.HTML() for _ in question.items]
        for choice, note in zip(self.answers, self.notes, strict=True):
            choice.observe(lambda _, note=note: setattr(note, "value", ""), names="value")
        rows = [
            widgets.VBox([choice, note], layout=widgets.Layout(margin="0 0 8px 0"))
            for choice, note in zip(self.answers, self.notes, strict=True)
        ]
        self.button = widgets.Button(
            description="Check", tooltip="Check my matches", button_style="primary"
        )
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = _box(
            question, [_prompt(_label(number, question.prompt)), *rows, self.button, self.feedback]
        )

    def check(self):
        given = [d.value for d in self.answers]
        if None in given:
            self.feedback.value = _feedback(False, MATCH_FIRST)
            return None
        wrong = []
        for i, (value, item, note) in enumerate(
            zip(given, self.question.items, self.notes, strict=True)
        ):
            ok = value == item.answer
            if not ok:
                wrong.append(_letter(i))
            note.value = _note(ok, value, item.feedback_for(value))
        ok, headline, explanation = match_verdict(self.question, wrong)
        self.feedback.value = _feedback(ok, headline, explanation)
        return ok


def _letter(i):
    return chr(ord("a") + i)


def note_body(ok, choice, text):
    """The note under one vignette, as HTML."""
    colour = _RIGHT if ok else _WRONG
    verdict = f"✔ {choice}:" if ok else f"✘ not {choice}:"
    return f'<b style="color:{colour}">{html.escape(verdict)}</b> {html.escape(text)}'


def _note(ok, choice, text):
    return (
        f'<div class="alliance-lab-note" style="{_TEXT};font-size:1em">'
        f"{note_body(ok, choice, text)}</div>"
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
        self.heading = heading
        self.widget = widgets.VBox(
            [
                # A question's legend reads like the prompt it replaces.
                widgets.HTML(
                    "<style>.alliance-lab-selfcheck .alliance-lab-choice-legend"
                    "{font-size:1.15em;line-height:1.4;max-width:52em;margin:0.5em 0}</style>"
                    f'<h3 style="margin-bottom:0">{heading}</h3>'
                ),
                *[q.widget for q in self.questions],
            ]
        )
        self.widget.add_class("alliance-lab-selfcheck")

    def _repr_mimebundle_(self, **kwargs):
        if alt.renderers.active == "html":  # static pages: a form and a script, no kernel
            from .selfcheck_page import selfcheck_html

            return {"text/html": selfcheck_html(self), "text/plain": repr(self)}
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        ids = [q.question.id for q in self.questions]
        return f"SelfCheck({self.notebook!r}, questions={ids})"


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
