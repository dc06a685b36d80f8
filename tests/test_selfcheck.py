"""Self-check questions: the data files are valid and every answer gets its own feedback."""

import pytest
import yaml

import alliance_lab as al
from alliance_lab import questions as q

SETS = q.list_question_sets()


@pytest.mark.parametrize("name", SETS)
def test_every_question_file_loads_with_unique_ids(name):
    loaded = q.load_questions(name)
    assert len(loaded) >= 4
    assert len({x.id for x in loaded}) == len(loaded)
    for question in loaded:
        if question.kind == "match":
            assert {item.answer for item in question.items} <= set(question.options)
        else:
            assert question.answer in question.options


@pytest.mark.parametrize("name", SETS)
def test_every_option_of_every_question_has_its_own_feedback(name):
    for question in q.load_questions(name):
        if question.kind == "match":
            for item in question.items:
                texts = [item.feedback_for(choice) for choice in question.options]
                assert all(t.strip() for t in texts), (question.id, item.text)
                assert len(set(texts)) == len(texts), f"{question.id}: feedback repeated"
        else:
            assert len(question.feedback) == len(question.options)
            assert all(t.strip() for t in question.feedback), question.id
            assert len(set(question.feedback)) == len(question.feedback), question.id


def test_every_notebook_from_01_to_08_has_a_question_bank_with_a_predict_question():
    assert {f"0{n}" for n in range(1, 9)} <= {name[:2] for name in SETS}
    for name in SETS:
        predict = [x.id for x in q.load_questions(name) if x.kind == "predict"]
        assert predict, name
        for question in predict:  # each can be shown on its own
            shown = al.self_check(name, question=question).questions
            assert [x.question.id for x in shown] == [question]


def test_unknown_notebook_lists_the_known_ones():
    with pytest.raises(ValueError, match="No self-check questions for 'nope'.*01_bordins_model"):
        q.load_questions("nope")


GOOD = {
    "id": "x",
    "kind": "choice",
    "prompt": "p",
    "options": [{"text": "a", "feedback": "fa"}, {"text": "b", "feedback": "fb"}],
    "answer": "a",
}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"kind": "essay"}, "field 'kind': 'essay' is not one of ['choice', 'match', 'predict']"),
        ({"answer": "c"}, "answer 'c' is not one of the options ['a', 'b']"),
        ({"options": [{"text": "a", "feedback": "fa"}, {"text": "b"}]},
         "field 'options[1]': 'feedback' is a required property"),
        ({"options": [{"text": "a", "feedback": "fa"}, {"text": "a", "feedback": "fb"}]},
         "'options' repeats ['a']"),
        ({"explanation": "e"}, "('explanation' was unexpected)"),
        ({"kind": "predict"}, "'shown_by' is a required property"),
        ({"kind": "match", "choices": ["goals", "bond"], "explanation": "e", "options": None,
          "answer": None, "items": [{"text": "t", "answer": "tasks",
                                     "feedback": {"goals": "g", "bond": "b"}}]},
         "item 1's answer 'tasks' is not one of"),
        ({"kind": "match", "choices": ["goals", "bond"], "explanation": "e", "options": None,
          "answer": None, "items": [{"text": "t", "answer": "bond", "feedback": {"bond": "b"}}]},
         "needs feedback for every choice ['goals', 'bond']; missing ['goals'], unexpected []"),
        ({"kind": "match", "choices": ["goals", "bond"], "explanation": "e", "options": None,
          "answer": None, "items": [{"text": "t", "answer": "bond",
                                     "feedback": {"bond": "b", "tasks": "t"}}]},
         "needs feedback for every choice ['goals', 'bond']; missing ['goals'], unexpected"),
    ],
)  # fmt: skip
def test_malformed_questions_name_file_question_and_field(tmp_path, monkeypatch, change, words):
    entry = {key: value for key, value in {**GOOD, **change}.items() if value is not None}
    (tmp_path / "99_broken.yaml").write_text(
        yaml.safe_dump({"notebook": "99_broken", "questions": [entry]})
    )
    monkeypatch.setattr(q, "_folder", lambda: tmp_path)
    with pytest.raises(ValueError) as info:
        q.load_questions("99_broken")
    message = str(info.value)
    assert message.startswith("questions/99_broken.yaml, question 1 ('x')")
    assert words in message


def test_a_file_naming_another_notebook_is_refused(tmp_path, monkeypatch):
    (tmp_path / "99_broken.yaml").write_text(
        yaml.safe_dump({"notebook": "98_other", "questions": [GOOD]})
    )
    monkeypatch.setattr(q, "_folder", lambda: tmp_path)
    with pytest.raises(ValueError, match="'notebook' must be the file's own name, '99_broken'"):
        q.load_questions("99_broken")


def test_wrong_answer_explains_that_option_then_allows_another_try():
    check = al.self_check("05_alliance_and_outcome")
    question = next(x for x in check.questions if x.question.id == "pooled-r")
    question.button.click()
    assert "Choose an answer first" in question.feedback.value
    data = question.question
    for wrong in (o for o in data.options if o != data.answer):
        question.answer.value = wrong
        assert question.check() is False
        assert "Not quite" in question.feedback.value
        assert data.feedback_for(wrong)[:40] in question.feedback.value
        assert not question.answer.disabled
    question.answer.value = "About .08"
    question.button.click()
    assert "r squared" in question.feedback.value  # the feedback written for .08 itself
    question.answer.value = data.answer
    assert question.feedback.value == ""  # a new choice clears the old verdict
    assert question.check() is True
    assert "Right." in question.feedback.value and ".278" in question.feedback.value


def test_a_predict_question_is_shown_alone_and_can_be_tried_again():
    check = al.self_check("04_alliance_and_dropout", question="predict-hazard")
    assert [x.question.id for x in check.questions] == ["predict-hazard"]
    question = check.questions[0]
    assert question.button.description == "Check my prediction"
    data = question.question
    wrong = next(o for o in data.options if o != data.answer)
    question.answer.value = wrong
    assert question.check() is False
    assert "Not what happens" in question.feedback.value
    assert data.feedback_for(wrong)[:40] in question.feedback.value
    assert data.answer not in question.feedback.value  # the answer is not given away
    question.answer.value = data.answer
    assert question.check() is True
    assert "Your prediction was right" in question.feedback.value


def test_the_end_check_leaves_out_the_predict_questions():
    shown = [x.question for x in al.self_check("04_alliance_and_dropout").questions]
    every = q.load_questions("04_alliance_and_dropout")
    assert [x.id for x in shown] == [x.id for x in every if x.kind != "predict"]


def test_unknown_question_id_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="has no question 'nope'; its questions are .*'dropout-rate'"
    ):
        al.self_check("04_alliance_and_dropout", question="nope")


def test_matching_explains_each_wrong_match_under_its_vignette():
    check = al.self_check("01_bordins_model")
    question = next(x for x in check.questions if x.question.kind == "match")
    items = question.question.items
    for row, item in zip(question.answers, items, strict=True):
        row.value = item.answer
    question.answers[0].value = "goals"  # the insomnia vignette is about tasks
    question.answers[1].value = "bond"  # the exposure vignette is about tasks
    question.button.click()
    assert "2 of 5 not yet right: a, b." in question.feedback.value
    assert items[0].feedback_for("goals")[:40] in question.notes[0].value
    assert items[1].feedback_for("bond")[:40] in question.notes[1].value
    assert "not bond" in question.notes[1].value
    assert items[2].feedback_for(items[2].answer)[:40] in question.notes[2].value
    question.answers[0].value = "tasks"
    question.answers[1].value = "tasks"
    assert question.notes[1].value == ""  # changing a row clears its note
    assert question.check() is True
    assert "All matched" in question.feedback.value


def test_widget_is_focusable_controls_only():
    check = al.self_check("01_bordins_model")
    kinds = set()
    for question in check.questions:
        shown = {type(w).__name__ for w in question.widget.children}
        assert shown <= {"HTML", "Choice", "VBox", "Button"}, shown  # no drop-downs
        assert question.button in question.widget.children
        assert f"alliance-lab-q-{question.question.id}" in question.widget._dom_classes
        kinds |= shown
    assert {"Choice", "Button"} <= kinds


def test_each_answer_is_a_group_named_by_its_question_or_vignette():
    check = al.self_check("01_bordins_model")
    for number, question in enumerate(check.questions, 1):
        data = question.question
        if data.kind == "match":
            legends = [row.label for row in question.answers]
            assert legends == [f"{chr(97 + i)}) {item.text}" for i, item in enumerate(data.items)]
            assert all(row.labels == list(data.options) for row in question.answers)
        else:
            assert question.answer.label == f"{number}. {data.prompt}"
            assert question.answer.labels == list(data.options)
            assert question.answer.orientation == "vertical"
    alone = al.self_check("01_bordins_model", question="weakest-part").questions[0]
    assert alone.answer.label == alone.question.prompt  # no number when shown on its own
