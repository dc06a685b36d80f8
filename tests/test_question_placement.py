"""The notebooks ask each predict question before the cell that shows its answer.

Read the committed notebooks (no kernel needed): find every ``al.self_check(...)`` call, and
for each predict question check that the cell its data names (``shown_by.cell``, a stable
cell id) exists, comes after the question, and calls the chart or explorer the data says it
calls (``shown_by.calls``). The end-of-notebook check shows the other questions.
"""

import ast
from pathlib import Path

import nbformat
import pytest

import alliance_lab as al

NOTEBOOK_DIR = Path(__file__).parents[1] / "notebooks"
SETS = al.list_question_sets()


def _calls(source):
    """Every ``al.<name>(...)`` call in a code cell, as (name, ast.Call)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # an IPython magic; no self-check cell uses one
        return []
    return [
        (node.func.attr, node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "al"
    ]


def _self_checks(nb):
    """(cell index, notebook argument, question argument or None) for every self_check call."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for name, call in _calls(cell.source):
            if name == "self_check":
                keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
                found.append((index, ast.literal_eval(call.args[0]), keywords.get("question")))
    return found


def _read(name):
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def _placement_problems(name, nb):
    """What is wrong with where the predict questions of ``name`` sit in ``nb``."""
    problems = []
    ids = [cell.id for cell in nb.cells]
    asked = {question: index for index, _, question in _self_checks(nb) if question}
    for q in al.load_questions(name):
        if q.kind != "predict":
            continue
        if q.id not in asked:
            problems.append(f"{q.id!r} is never asked")
            continue
        if q.shown_by_cell not in ids:
            problems.append(f"{q.id!r} names cell {q.shown_by_cell!r}, which is not there")
            continue
        answer = ids.index(q.shown_by_cell)
        if asked[q.id] > answer:
            problems.append(f"{q.id!r} is asked after its answer is shown")
        called = {call for call, _ in _calls(nb.cells[answer].source)}
        if q.shown_by_call not in called:
            problems.append(
                f"cell {q.shown_by_cell!r} should call al.{q.shown_by_call}; calls {called}"
            )
        # the question sits at the point of prediction, not sections earlier
        between = [i for i in range(asked[q.id] + 1, answer) if nb.cells[i].cell_type == "code"]
        if between:
            problems.append(f"code cells {between} run between {q.id!r} and its answer")
    return problems


@pytest.mark.parametrize("name", SETS)
def test_each_predict_question_comes_just_before_the_cell_that_answers_it(name):
    assert _placement_problems(name, _read(name)) == []


def test_a_question_moved_below_its_chart_is_caught():
    nb = _read("04_alliance_and_dropout")
    index = next(i for i, _, question in _self_checks(nb) if question == "predict-hazard")
    nb.cells.insert(index + 1, nb.cells.pop(index))  # now just after the hazard chart
    assert _placement_problems("04_alliance_and_dropout", nb) == [
        "'predict-hazard' is asked after its answer is shown"
    ]
    nb.cells[index].source = "al.dropout_explorer()"  # the named cell shows something else
    assert "cell '04-12' should call al.hazard_chart" in " ".join(
        _placement_problems("04_alliance_and_dropout", nb)
    )


@pytest.mark.parametrize("name", SETS)
def test_every_question_is_asked_once_and_the_end_check_keeps_the_others(name):
    nb = _read(name)
    checks = _self_checks(nb)
    assert {notebook for _, notebook, _ in checks} == {name}
    singles = [question for _, _, question in checks if question]
    ends = [index for index, _, question in checks if question is None]
    assert len(ends) == 1, f"{name}: one end-of-notebook check expected, found {len(ends)}"
    assert ends[0] == max(index for index, _, _ in checks), "the end check comes last"
    assert len(singles) == len(set(singles)), f"{name}: a question is asked twice"
    questions = al.load_questions(name)
    predict = {q.id for q in questions if q.kind == "predict"}
    assert set(singles) == predict
    shown_at_end = {q.question.id for q in al.self_check(name).questions}
    assert shown_at_end == {q.id for q in questions} - predict


def test_every_course_notebook_with_a_self_check_has_a_question_file():
    called = set()
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        called |= {notebook for _, notebook, _ in _self_checks(nbformat.read(path, as_version=4))}
    assert called == set(SETS)
    assert {f"0{n}" for n in range(1, 9)} <= {name[:2] for name in SETS}
