"""Self-check questions: the data files are valid and the widget gives feedback at once."""

import ipywidgets as widgets
import pytest

import alliance_lab as al
from alliance_lab import questions as q


@pytest.mark.parametrize("name", q.list_question_sets())
def test_every_question_file_loads_and_has_all_three_kinds_or_more(name):
    loaded = q.load_questions(name)
    assert len(loaded) >= 3
    assert len({x.id for x in loaded}) == len(loaded)
    for question in loaded:
        if question.kind == "match":
            assert {answer for _, answer in question.items} <= set(question.options)
        else:
            assert question.answer in question.options


def test_course_notebooks_have_questions():
    assert {"01_bordins_model", "04_alliance_and_dropout", "05_alliance_and_outcome"} <= set(
        q.list_question_sets()
    )


def test_unknown_notebook_lists_the_known_ones():
    with pytest.raises(ValueError, match="No self-check questions for 'nope'.*01_bordins_model"):
        q.load_questions("nope")


@pytest.mark.parametrize(
    "entry, words",
    [
        ({"kind": "essay", "id": "x"}, "'kind' must be one of choice, match, predict"),
        (
            {"kind": "choice", "id": "x", "prompt": "p", "options": ["a", "b"], "answer": "c",
             "explanation": "e"},
            "answer 'c' is not one of the options",
        ),
        (
            {"kind": "match", "id": "x", "prompt": "p", "choices": ["goals", "bond"],
             "items": [{"text": "t", "answer": "tasks"}], "explanation": "e"},
            "item 1's answer 'tasks' is not one of",
        ),
        ({"kind": "choice", "id": "x", "prompt": "p"}, "missing ['options', 'answer'"),
    ],
)  # fmt: skip
def test_malformed_questions_name_file_and_question(tmp_path, monkeypatch, entry, words):
    import yaml

    (tmp_path / "broken.yaml").write_text(yaml.safe_dump({"questions": [entry]}))
    monkeypatch.setattr(q, "_folder", lambda: tmp_path)
    with pytest.raises(ValueError) as info:
        q.load_questions("broken")
    message = str(info.value)
    assert message.startswith("questions/broken.yaml, question 1")
    assert words in message


def test_multiple_choice_feedback_right_and_wrong():
    check = al.self_check("05_alliance_and_outcome")
    question = check.questions[0]
    assert isinstance(question.answer, widgets.RadioButtons)
    question.button.click()
    assert "Choose an answer first" in question.feedback.value
    wrong = next(o for o in question.question.options if o != question.question.answer)
    question.answer.value = wrong
    question.button.click()
    assert "Not quite" in question.feedback.value
    question.answer.value = question.question.answer
    question.button.click()
    assert "Right." in question.feedback.value and ".278" in question.feedback.value


def test_predict_then_reveal_locks_the_prediction():
    check = al.self_check("04_alliance_and_dropout")
    question = next(x for x in check.questions if x.question.kind == "predict")
    assert question.button.description == "Reveal"
    wrong = next(o for o in question.question.options if o != question.question.answer)
    question.answer.value = wrong
    assert question.check() is False
    assert f"The answer is: {question.question.answer}" in question.feedback.value
    assert question.answer.disabled


def test_matching_vignettes_names_the_wrong_ones():
    check = al.self_check("01_bordins_model")
    question = next(x for x in check.questions if x.question.kind == "match")
    right = [answer for _, answer in question.question.items]
    for dropdown, answer in zip(question.answers, right, strict=True):
        dropdown.value = answer
    question.answers[1].value = "bond"  # the exposure vignette is about tasks
    question.button.click()
    assert "1 of 5 not yet right: b." in question.feedback.value
    question.answers[1].value = "tasks"
    assert question.check() is True
    assert "All matched" in question.feedback.value


def test_widget_is_focusable_controls_only():
    check = al.self_check("01_bordins_model")
    kinds = set()
    for question in check.questions:
        shown = {type(w).__name__ for w in question.widget.children}
        assert shown <= {"HTML", "RadioButtons", "VBox", "Button"}, shown  # no drop-downs
        assert question.button in question.widget.children
        kinds |= shown
    assert {"RadioButtons", "Button"} <= kinds
