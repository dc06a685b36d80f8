"""Self-check questions answered with the keyboard only, in JupyterLab and in Voila.

The notebook ``04_alliance_and_dropout`` asks its predict question just before the hazard
chart and ends with the other questions. The test runs it in the real JupyterLab and answers,
without the mouse: Tab moves between the radio buttons, Space picks one, Tab reaches the Check
button and Enter or Space presses it; the matching question's toggle buttons work the same
way. A wrong answer must be called wrong and explained with the feedback written for *that*
option (read from the question file, not written here); the student then tries again and the
right one is called right. Then the same notebook is opened in presenter mode (Voila) with
every request to another host refused, and two questions are answered there.

Screenshots: build/screenshots/selfcheck-*.png
"""

import re
import time

from playwright.sync_api import expect

import alliance_lab as al

from .lab import open_notebook, open_voila_app, run_all_cells, screenshot

NOTEBOOK = "04_alliance_and_dropout"
QUESTIONS = al.load_questions(NOTEBOOK)
FEEDBACK_TIMEOUT = 15_000  # ms; a round trip to the kernel


def _first(kind):
    return next(q for q in QUESTIONS if q.kind == kind)


def _box(page, question):
    """The part of the page that shows ``question`` (one VBox per question, marked with its id)."""
    return page.locator(f".alliance-lab-q-{question.id}")


def _feedback(box):
    return box.locator("[role=status]")


def _radios(box):
    return box.locator("input[type=radio]")


def _check_button(box):
    return box.locator("button.widget-button")


def _tab(page, stops, frm, to):
    """Walk the focus from ``stops.nth(frm)`` to ``stops.nth(to)`` with Tab or Shift+Tab."""
    key = "Tab" if to >= frm else "Shift+Tab"
    for _ in range(abs(to - frm)):
        page.keyboard.press(key)
    expect(stops.nth(to)).to_be_focused()


def _stops(box):
    """The question's keyboard stops in Tab order: its options, then its Check button."""
    return box.locator("input[type=radio], button")


def _answer_wrong_then_right(page, box, question, *, press="Enter", verdict="Not quite"):
    """Keyboard only: a wrong option, Check; the right option, Check. Returns the texts seen."""
    n = len(question.options)  # stop n is the Check button
    right = question.options.index(question.answer)
    wrong = next(i for i, o in enumerate(question.options) if o != question.answer)
    stops = _stops(box)
    _radios(box).first.focus()
    _tab(page, stops, 0, wrong)
    page.keyboard.press("Space")
    expect(_radios(box).nth(wrong)).to_be_checked()
    _tab(page, stops, wrong, n)
    page.keyboard.press(press)
    expect(_feedback(box)).to_contain_text(verdict, timeout=FEEDBACK_TIMEOUT)
    # the explanation written for the option chosen, not a general one
    expect(_feedback(box)).to_contain_text(question.feedback_for(question.options[wrong])[:40])
    wrong_text = _feedback(box).inner_text()
    _tab(page, stops, n, right)
    page.keyboard.press("Space")
    expect(_radios(box).nth(right)).to_be_checked()
    expect(_radios(box).nth(wrong)).not_to_be_checked()
    _tab(page, stops, right, n)
    page.keyboard.press(press)
    right_verdict = "Your prediction was right." if question.kind == "predict" else "Right."
    expect(_feedback(box)).to_contain_text(right_verdict, timeout=FEEDBACK_TIMEOUT)
    expect(_feedback(box)).to_contain_text(question.feedback_for(question.answer)[:40])
    return wrong_text, _feedback(box).inner_text()


def test_self_check_with_the_keyboard_in_jupyterlab(page, lab_server):
    started = time.monotonic()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_notebook(page, lab_server, f"notebooks/{NOTEBOOK}.ipynb", workspace="selfcheck-04")
    run_all_cells(page)
    page.wait_for_selector(".alliance-lab-selfcheck input[type=radio]", timeout=60_000)
    # every question is on the page once: the predict one in its own cell, the rest at the end
    assert page.locator(".alliance-lab-question").count() == len(QUESTIONS)
    assert page.locator(".alliance-lab-selfcheck").count() == 2

    # 1. predict, before the hazard chart: a wrong prediction is explained, then another try
    predict = _first("predict")
    box = _box(page, predict)
    box.scroll_into_view_if_needed()
    expect(_check_button(box)).to_have_text("Check my prediction")
    wrong_text, right_text = _answer_wrong_then_right(
        page, box, predict, press="Enter", verdict="Not what happens."
    )
    assert "✘" in wrong_text and predict.answer not in wrong_text
    assert "✔" in right_text
    screenshot(page, "selfcheck-1-predict-right", whole_notebook=False)
    hazard_chart = (
        page.locator(".jp-Cell")
        .filter(has=box)
        .locator("xpath=following-sibling::div[contains(@class, 'jp-Cell')][1]")
    )
    expect(hazard_chart.locator(".vega-embed")).to_have_count(1)  # the answer comes next

    # 2. multiple choice: wrong (explained), then right; Check pressed with Enter
    choice = _first("choice")
    box = _box(page, choice)
    box.scroll_into_view_if_needed()
    stops = _stops(box)
    wrong = next(i for i, o in enumerate(choice.options) if o != choice.answer)
    _radios(box).first.focus()
    _tab(page, stops, 0, wrong)
    page.keyboard.press("Space")
    _tab(page, stops, wrong, len(choice.options))
    page.keyboard.press("Enter")
    expect(_feedback(box)).to_contain_text("Not quite", timeout=FEEDBACK_TIMEOUT)
    expect(_feedback(box)).to_contain_text(choice.feedback_for(choice.options[wrong])[:40])
    screenshot(page, "selfcheck-2-choice-wrong-explained", whole_notebook=False)
    _answer_wrong_then_right(page, box, choice, press="Enter")
    screenshot(page, "selfcheck-3-choice-right", whole_notebook=False)

    # 3. the same for the other multiple-choice question, with Space on the Check button
    other = [q for q in QUESTIONS if q.kind == "choice"][1]
    _answer_wrong_then_right(page, _box(page, other), other, press="Space")

    # 4. matching: one row of toggle buttons per vignette; first one wrong, then all right
    match = _first("match")
    box = _box(page, match)
    rows = box.locator(".widget-toggle-buttons")
    assert rows.count() == len(match.items)
    choices = list(match.options)
    k = len(choices)
    stops = box.locator("button")  # every toggle button, row by row, then Check
    check_stop = k * len(match.items)
    first = match.items[0]
    wrong_choice = next(c for c in choices if c != first.answer)
    targets = [wrong_choice] + [item.answer for item in match.items[1:]]
    stops.first.focus()
    at = 0
    for i, target in enumerate(targets):
        stop = i * k + choices.index(target)
        _tab(page, stops, at, stop)
        page.keyboard.press("Space")
        expect(rows.nth(i).get_by_role("button", name=target, exact=True)).to_have_class(
            re.compile(r"\bmod-active\b")
        )
        at = stop
    _tab(page, stops, at, check_stop)
    page.keyboard.press("Enter")
    expect(_feedback(box)).to_contain_text(
        f"1 of {len(match.items)} not yet right: a.", timeout=FEEDBACK_TIMEOUT
    )
    notes = box.locator(".alliance-lab-note")
    expect(notes.first).to_contain_text(f"not {wrong_choice}")
    expect(notes.first).to_contain_text(first.feedback_for(wrong_choice)[:40])
    box.scroll_into_view_if_needed()
    screenshot(page, "selfcheck-4-match-one-wrong", whole_notebook=False)
    fixed = choices.index(first.answer)  # row a is the first row
    _tab(page, stops, check_stop, fixed)
    page.keyboard.press("Space")
    _tab(page, stops, fixed, check_stop)
    page.keyboard.press("Space")
    expect(_feedback(box)).to_contain_text("All matched.", timeout=FEEDBACK_TIMEOUT)
    expect(_feedback(box)).to_contain_text(match.explanation[:40])
    expect(notes.first).to_contain_text(first.feedback_for(first.answer)[:40])
    box.scroll_into_view_if_needed()
    screenshot(page, "selfcheck-5-match-right", whole_notebook=False)

    assert errors == []
    print(f"JupyterLab self-check test: {time.monotonic() - started:.1f} s")


def test_self_check_with_the_keyboard_in_voila_offline(presenter, local_page):
    page = local_page
    shown, errors = open_voila_app(
        page, *presenter(NOTEBOOK), ready=".alliance-lab-selfcheck input[type=radio]"
    )
    expect(page.locator(".alliance-lab-question")).to_have_count(len(QUESTIONS))
    containers = page.locator(".vega-embed").count()  # answer only once every chart is drawn
    page.wait_for_function(
        f"() => document.querySelectorAll('.vega-embed .marks').length >= {containers}",
        timeout=60_000,
    )

    choice = _first("choice")
    box = _box(page, choice)
    box.scroll_into_view_if_needed()
    wrong_text, right_text = _answer_wrong_then_right(page, box, choice, press="Enter")
    assert "✘" in wrong_text and "✔" in right_text

    # the right prediction is praised at once (JupyterLab showed a wrong one first)
    predict = _first("predict")
    box = _box(page, predict)
    box.scroll_into_view_if_needed()
    _radios(box).first.focus()
    right = predict.options.index(predict.answer)
    _tab(page, _stops(box), 0, right)
    page.keyboard.press("Space")
    _tab(page, _stops(box), right, len(predict.options))
    page.keyboard.press("Enter")
    expect(_feedback(box)).to_contain_text("Your prediction was right.", timeout=FEEDBACK_TIMEOUT)
    screenshot(page, "selfcheck-6-voila", whole_notebook=False)

    assert "Error displaying widget" not in page.inner_text("body")
    assert errors == []
    assert page.requested_urls == [], "the self-check tried to reach the internet"
    print(f"Voila: launch to questions shown {shown:.1f} s")
