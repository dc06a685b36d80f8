"""Self-check questions on a static page: a plain HTML form, a small script, the same feedback.

The static site has no kernel, so a :class:`~.selfcheck.SelfCheck` shown there (the
``html`` renderer is on) becomes this form: per question a ``<fieldset>`` of radios named by
its ``<legend>`` (the question, or for a match question each vignette), a Check button and a
feedback element with ``aria-live="polite"``. Every text the script can show is made here, in
Python, by the same functions the kernel version uses (:func:`~.selfcheck.choice_verdict`,
:func:`~.selfcheck.match_verdict`): one feedback per option, one note per vignette and
choice, one summary per set of wrongly matched vignettes. The script only picks the text;
it needs no network and nothing outside the page.
"""

import html
import itertools
import json

from .selfcheck import (
    _TEXT,
    CHOOSE_FIRST,
    MATCH_FIRST,
    choice_verdict,
    feedback_body,
    match_verdict,
    note_body,
)

__all__ = ["SELFCHECK_MARK", "question_texts", "selfcheck_html"]

#: How a static page's HTML marks a self-check that works without a kernel.
SELFCHECK_MARK = '<section class="alliance-lab-selfcheck alliance-lab-selfcheck-static"'

_counter = itertools.count(1)


def _letter(i):
    return chr(ord("a") + i)


def question_texts(question):
    """Every feedback text a static page may show for ``question``, as HTML.

    ``choice``/``predict``: ``{"empty": ..., "feedback": [one per option]}``. ``match``:
    ``{"empty": ..., "right": [index of each vignette's answer], "notes": [[one per choice]
    per vignette], "summary": [one per set of wrong vignettes]}``; ``summary[m]`` answers
    the set whose bit ``i`` of ``m`` says vignette ``i`` is matched wrongly (0: all right).

    Examples
    --------
    >>> from alliance_lab.questions import load_questions
    >>> q = load_questions("04_alliance_and_dropout")[0]
    >>> texts = question_texts(q)
    >>> len(texts["feedback"]) == len(q.options)
    True
    """
    if question.kind != "match":
        return {
            "empty": feedback_body(False, CHOOSE_FIRST),
            "feedback": [feedback_body(*choice_verdict(question, o)) for o in question.options],
        }
    choices = list(question.options)
    n = len(question.items)
    summary = []
    for mask in range(2**n):
        wrong = [_letter(i) for i in range(n) if mask >> i & 1]
        summary.append(feedback_body(*match_verdict(question, wrong)))
    return {
        "empty": feedback_body(False, MATCH_FIRST),
        "right": [choices.index(item.answer) for item in question.items],
        "notes": [
            [note_body(c == item.answer, c, item.feedback_for(c)) for c in choices]
            for item in question.items
        ],
        "summary": summary,
    }


def _radios(name, labels):
    return "".join(
        f'<label class="alliance-lab-choice-option"><input type="radio" name="{name}" '
        f'value="{i}"><span>{html.escape(text)}</span></label>'
        for i, text in enumerate(labels)
    )


def _fieldset(name, legend, labels, *, vertical):
    direction = " alliance-lab-vertical" if vertical else ""
    return (
        f'<fieldset class="alliance-lab-choice{direction}">'
        f'<legend class="alliance-lab-choice-legend">{html.escape(legend)}</legend>'
        f'<div class="alliance-lab-choice-options">{_radios(name, labels)}</div></fieldset>'
    )


def _question_html(uid, k, number, question):
    name = f"{uid}-{k}"
    prompt = f"{number}. {question.prompt}" if number else question.prompt
    if question.kind == "match":
        rows = "".join(
            '<div class="alliance-lab-match-row">'
            + _fieldset(
                f"{name}-{i}", f"{_letter(i)}) {item.text}", question.options, vertical=False
            )  # fmt: skip
            + f'<div class="alliance-lab-note" style="{_TEXT};font-size:1em"></div></div>'
            for i, item in enumerate(question.items)
        )
        body = f'<p class="alliance-lab-selfcheck-prompt">{html.escape(prompt)}</p>{rows}'
        button = "Check"
        title = "Check my matches"
    else:
        body = _fieldset(name, prompt, question.options, vertical=True)
        predict = question.kind == "predict"
        button = "Check my prediction" if predict else "Check"
        title = "Check my prediction" if predict else "Check my answer"
    return (
        f'<div class="alliance-lab-question alliance-lab-q-{html.escape(question.id)}" '
        f'data-question="{html.escape(question.id)}" data-kind="{question.kind}">{body}'
        f'<button type="button" class="alliance-lab-check" title="{title}">{button}</button>'
        f'<div class="alliance-lab-feedback" role="status" aria-live="polite" '
        f'aria-atomic="true" style="{_TEXT}"></div></div>'
    )


_STYLE = """<style>
.alliance-lab-selfcheck-static { margin: 0.5em 0 1em 0; }
.alliance-lab-selfcheck-static .alliance-lab-question { margin: 0.6em 0 1.2em 0; }
.alliance-lab-selfcheck-static fieldset {
  border: 0; padding: 2px 0 6px 0; margin: 0; min-width: 0; }
.alliance-lab-selfcheck-static legend, .alliance-lab-selfcheck-prompt {
  padding: 0; font-size: 1.15em; line-height: 1.4; max-width: 52em; margin: 0.5em 0; }
.alliance-lab-selfcheck-static .alliance-lab-match-row legend { font-size: 1.05em; }
.alliance-lab-selfcheck-static .alliance-lab-choice-options {
  display: flex; flex-flow: row wrap; gap: 4px 18px; }
.alliance-lab-selfcheck-static .alliance-lab-vertical .alliance-lab-choice-options {
  flex-direction: column; }
.alliance-lab-selfcheck-static .alliance-lab-choice-option {
  display: inline-flex; align-items: center; gap: 6px; min-height: 28px; cursor: pointer;
  font-size: 1.05em; line-height: 1.35; }
.alliance-lab-selfcheck-static input[type="radio"] {
  width: 1.15em; height: 1.15em; margin: 0; flex: 0 0 auto; accent-color: #1565c0; }
.alliance-lab-selfcheck-static .alliance-lab-check {
  font-size: 1em; min-height: 32px; padding: 4px 18px; margin: 4px 0;
  color: #ffffff; background: #1565c0; border: 1px solid #0d47a1; border-radius: 2px;
  cursor: pointer; }
.alliance-lab-selfcheck-static :focus-visible { outline: 2px solid #1565c0; outline-offset: 2px; }
</style>
"""

# The script only picks texts made in Python; it changes no words itself.
_SCRIPT = """<script>
(function () {
  var root = document.getElementById("UID");
  var data = JSON.parse(document.getElementById("UID-data").textContent);
  function chosen(group) {
    var input = group.querySelector("input:checked");
    return input ? Number(input.value) : null;
  }
  data.forEach(function (texts, k) {
    var box = root.querySelectorAll(".alliance-lab-question")[k];
    var feedback = box.querySelector(".alliance-lab-feedback");
    var groups = Array.prototype.slice.call(box.querySelectorAll("fieldset"));
    var notes = Array.prototype.slice.call(box.querySelectorAll(".alliance-lab-note"));
    groups.forEach(function (group, i) {
      // a new choice clears the old verdict, as in the notebook
      group.addEventListener("change", function () {
        if (notes.length) notes[i].innerHTML = "";
        else feedback.innerHTML = "";
      });
    });
    box.querySelector(".alliance-lab-check").addEventListener("click", function () {
      var given = groups.map(chosen);
      if (given.indexOf(null) >= 0) {
        feedback.innerHTML = texts.empty;
        return;
      }
      if (!notes.length) {
        feedback.innerHTML = texts.feedback[given[0]];
        return;
      }
      var mask = 0;
      given.forEach(function (choice, i) {
        notes[i].innerHTML = texts.notes[i][choice];
        if (choice !== texts.right[i]) mask += 1 << i;
      });
      feedback.innerHTML = texts.summary[mask];
    });
  });
  root.setAttribute("data-ready", "true");
})();
</script>"""


def selfcheck_html(check, *, uid=None):
    """The HTML of one :class:`~.selfcheck.SelfCheck` on a static page."""
    uid = uid or f"alliance-lab-selfcheck-{check.notebook}-{next(_counter)}"
    shown = [q.question for q in check.questions]
    single = len(shown) == 1
    questions = "".join(
        _question_html(uid, k, None if single else k + 1, q) for k, q in enumerate(shown)
    )
    data = json.dumps([question_texts(q) for q in shown], separators=(",", ":"),
                      ensure_ascii=False).replace("</", "<\\/")  # fmt: skip
    ids = " ".join(q.id for q in shown)
    return (
        f'{_STYLE}{SELFCHECK_MARK} id="{uid}" data-notebook="{html.escape(check.notebook)}" '
        f'data-questions="{html.escape(ids)}">\n'
        f'<h3 style="margin-bottom:0">{html.escape(check.heading)}</h3>\n{questions}\n'
        f'<script type="application/json" id="{uid}-data">{data}</script>\n'
        f"{_SCRIPT.replace('UID', uid)}\n</section>"
    )
