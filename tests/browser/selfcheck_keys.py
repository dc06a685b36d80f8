"""Answer self-check questions with the keyboard: shared by the JupyterLab, Voila and
static-site tests, which draw the same form (a ``fieldset`` of radios per question or per
vignette, then one Check button, then the feedback with ``role=status``).

Keys as on any web form: Tab reaches a group of radios once (its checked radio, or the
first), the arrow keys move the choice inside it, Tab goes on; Enter or Space presses the
Check button.
"""

from playwright.sync_api import expect

FEEDBACK_TIMEOUT = 15_000  # ms; in a notebook a round trip to the kernel


def question_box(page, question):
    """The part of the page that shows ``question`` (marked with its id)."""
    return page.locator(f".alliance-lab-q-{question.id}")


def feedback(box):
    return box.locator("[role=status]")


def groups(box):
    return box.locator("fieldset")


def check_button(box):
    return box.locator("button")


def focused_index(page, group):
    """Index of the radio of ``group`` that has the focus, or None if the focus is elsewhere."""
    return group.evaluate(
        "g => Array.from(g.querySelectorAll('input[type=radio]')).indexOf(document.activeElement)"
    )


def enter_group(page, group):
    """Put the focus where a Tab into ``group`` lands: its checked radio, or its first."""
    checked = group.locator("input:checked")
    (checked if checked.count() else group.locator("input[type=radio]").first).focus()


def choose(page, group, index, *, keys=("ArrowUp", "ArrowDown")):
    """From the focused radio of ``group``, move the choice to option ``index`` with arrows."""
    radios = group.locator("input[type=radio]")
    at = focused_index(page, group)
    assert at >= 0, "the focus is not in this group"
    back, forward = keys
    for _ in range(abs(index - at)):
        page.keyboard.press(forward if index > at else back)
    if index == at and not radios.nth(index).is_checked():
        page.keyboard.press("Space")
    expect(radios.nth(index)).to_be_checked()
    expect(radios.nth(index)).to_be_focused()


def tab_to_check(page, box):
    """One Tab from inside the last group reaches the Check button: one stop per group."""
    page.keyboard.press("Tab")
    expect(check_button(box)).to_be_focused()


def answer(page, box, index, *, press="Enter"):
    """Choose option ``index`` of a one-group question and press Check, by keyboard."""
    group = groups(box).first
    enter_group(page, group)
    choose(page, group, index)
    tab_to_check(page, box)
    page.keyboard.press(press)


def answer_wrong_then_right(page, box, question, *, press="Enter", verdict="Not quite"):
    """Keyboard only: a wrong option, Check; Shift+Tab back, the right one, Check.

    Returns the feedback texts seen after the wrong and after the right answer.
    """
    right = question.options.index(question.answer)
    wrong = next(i for i, o in enumerate(question.options) if o != question.answer)
    radios = box.locator("input[type=radio]")
    answer(page, box, wrong, press=press)
    expect(feedback(box)).to_contain_text(verdict, timeout=FEEDBACK_TIMEOUT)
    # the explanation written for the option chosen, not a general one
    expect(feedback(box)).to_contain_text(question.feedback_for(question.options[wrong])[:40])
    wrong_text = feedback(box).inner_text()
    page.keyboard.press("Shift+Tab")  # back into the group, onto its checked radio
    expect(radios.nth(wrong)).to_be_focused()
    choose(page, groups(box).first, right)
    expect(radios.nth(wrong)).not_to_be_checked()
    tab_to_check(page, box)
    page.keyboard.press(press)
    right_verdict = "Your prediction was right." if question.kind == "predict" else "Right."
    expect(feedback(box)).to_contain_text(right_verdict, timeout=FEEDBACK_TIMEOUT)
    expect(feedback(box)).to_contain_text(question.feedback_for(question.answer)[:40])
    return wrong_text, feedback(box).inner_text()


def one_stop_per_group(page, box):
    """Shift+Tab from the Check button: one stop per group, then out of the question.

    Returns the number of stops inside the question (its groups), so a caller can
    compare it with the number of groups.
    """
    check_button(box).focus()
    stops = 0
    while True:
        page.keyboard.press("Shift+Tab")
        inside = box.evaluate("b => b.contains(document.activeElement)")
        if not inside:
            return stops
        assert page.evaluate("() => document.activeElement.type") == "radio"
        stops += 1
        assert stops <= 20, "Shift+Tab did not leave the question"
