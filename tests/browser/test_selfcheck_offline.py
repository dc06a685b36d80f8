"""Self-check questions on the static site: answered with no kernel and no network.

A small site is built with the real site builder from one notebook that shows every
notebook's end-of-notebook check and every predict question on its own (as the lessons
do). In headless Chromium, with every request that is not ``file://`` refused:

* for every question and every option, the page's feedback equals the text the kernel's
  widget shows for that option (matching: every wrong choice of every vignette, and all
  right), and pressing Check with nothing chosen says the same as in the notebook;
* a question is answered by keyboard alone (Tab reaches a group once, the arrow keys
  change the choice, the group is named by the question in Chromium's accessibility tree)
  and by mouse, wrong then right; the feedback appears in an element with
  ``aria-live="polite"`` that was on the page before the answer;
* axe-core finds no serious or critical problem; at 390x844 nothing overlaps and the page
  does not scroll sideways.

Screenshots: build/screenshots/selfcheck-static-*.png
"""

import html
import re

import nbformat
import pytest
from playwright.sync_api import expect

import alliance_lab as al
from alliance_lab.app.site import build_site

from . import axe_audit, geometry
from .lab import SCREENSHOTS, ax_nodes
from .selfcheck_keys import (
    answer_wrong_then_right,
    check_button,
    choose,
    enter_group,
    feedback,
    groups,
    one_stop_per_group,
    question_box,
    tab_to_check,
)

OFFLINE = r"^(?!file://)"
SETS = al.list_question_sets()
PREDICT = [(name, q.id) for name in SETS for q in al.load_questions(name) if q.kind == "predict"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("nbs")
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# Every self-check"),
             v4.new_code_cell("import alliance_lab as al\nal.setup_notebook()")]  # fmt: skip
    cells += [v4.new_code_cell(f"al.self_check({n!r}, question={i!r})") for n, i in PREDICT]
    cells += [v4.new_code_cell(f"al.self_check({name!r})") for name in SETS]
    nbformat.write(v4.new_notebook(cells=cells), src / "selfchecks.ipynb")
    out = tmp_path_factory.mktemp("site")
    pages = build_site(src, out)
    assert pages[0].selfchecks == len(PREDICT) + len(SETS)
    return out / "selfchecks.html"


@pytest.fixture
def checks(site, guarded_page):
    page = guarded_page(OFFLINE)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.as_uri())
    page.wait_for_function(
        "() => document.querySelectorAll('.alliance-lab-selfcheck-static[data-ready=true]')"
        f".length === {len(PREDICT) + len(SETS)}",
        timeout=30_000,
    )
    yield page
    assert errors == []
    assert page.requested_urls == [], "the page tried to reach the network"


def _text(markup):
    """The text a browser shows for HTML ``markup`` (its ``textContent``)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# Choose options (index per group, None: leave the group alone), press Check, read the texts.
_ANSWER_JS = """([box, given]) => {
  const groups = Array.from(box.querySelectorAll('fieldset'));
  groups.forEach((g, i) => {
    if (given[i] !== null) g.querySelectorAll('input[type=radio]')[given[i]].click();
  });
  box.querySelector('button').click();
  return {
    feedback: box.querySelector('[role=status]').textContent,
    notes: Array.from(box.querySelectorAll('.alliance-lab-note')).map(n => n.textContent),
  };
}"""


def _kernel(name, question_id):
    """The kernel's widget for one question (numbering does not change the feedback)."""
    check = al.self_check(name)
    found = [q for q in check.questions if q.question.id == question_id]
    return found[0] if found else al.self_check(name, question=question_id).questions[0]


def test_every_option_gives_the_kernels_feedback(checks):
    page = checks
    compared = 0
    for name in SETS:
        for question in al.load_questions(name):
            element = question_box(page, question).element_handle()
            widget = _kernel(name, question.id)
            if question.kind != "match":
                widget.check()  # nothing chosen yet
                seen = page.evaluate(_ANSWER_JS, [element, [None]])
                assert seen["feedback"] == _text(widget.feedback.value)
                for i, option in enumerate(question.options):
                    widget.answer.value = option
                    widget.check()
                    seen = page.evaluate(_ANSWER_JS, [element, [i]])
                    assert seen["feedback"] == _text(widget.feedback.value), (question.id, i)
                    compared += 1
                continue
            choices = list(question.options)
            right = [choices.index(item.answer) for item in question.items]
            widget.check()
            seen = page.evaluate(_ANSWER_JS, [element, [None] * len(right)])
            assert seen["feedback"] == _text(widget.feedback.value)
            # every wrong choice of every vignette (the others right), two wrong, all right
            cases = [right]
            for i in range(len(right)):
                cases += [right[:i] + [c] + right[i + 1 :] for c in range(len(choices))
                          if c != right[i]]  # fmt: skip
            cases.append([(r + 1) % len(choices) for r in right[:2]] + right[2:])
            for given in cases:
                for row, c in zip(widget.answers, given, strict=True):
                    row.value = choices[c]
                widget.check()
                seen = page.evaluate(_ANSWER_JS, [element, given])
                assert seen["feedback"] == _text(widget.feedback.value), (question.id, given)
                assert seen["notes"] == [_text(n.value) for n in widget.notes], question.id
                compared += 1
    print(f"static self-checks: {compared} answers compared with the kernel's feedback")
    assert compared > 100


def _live_regions(page):
    """How many nodes of Chromium's accessibility tree are polite live status regions."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    count = 0
    for node in nodes:
        props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        if node.get("role", {}).get("value") == "status" and props.get("live") == "polite":
            count += 1
    return count


def test_a_question_by_keyboard_alone(checks):
    page = checks
    question = al.load_questions("04_alliance_and_dropout")[0]  # the end check's first
    part = question_box(page, question)
    part.scroll_into_view_if_needed()
    # the group of options is named by the question, in Chromium's own tree
    named = [name for role, name in ax_nodes(page) if role == "group"]
    assert f"1. {question.prompt}" in named
    live = feedback(part)
    assert live.get_attribute("aria-live") == "polite"
    shown = page.locator(".alliance-lab-selfcheck-static .alliance-lab-question").count()
    assert _live_regions(page) == shown  # each question's feedback, waiting before any answer
    before = live.element_handle()
    wrong_text, right_text = answer_wrong_then_right(page, part, question, press="Enter")
    assert wrong_text.startswith("✘ Not quite.") and right_text.startswith("✔ Right.")
    assert before.evaluate("e => e.isConnected")  # the same live element, now with the words
    assert one_stop_per_group(page, part) == 1
    part.screenshot(path=str(SCREENSHOTS / "selfcheck-static-keyboard.png"))

    match = next(q for q in al.load_questions("01_bordins_model") if q.kind == "match")
    part = question_box(page, match)
    rows = groups(part)
    choices = list(match.options)
    enter_group(page, rows.first)
    for i, item in enumerate(match.items):
        if i:
            page.keyboard.press("Tab")  # one Tab from one vignette to the next
        target = (
            choices.index(item.answer) if i else (choices.index(item.answer) + 1) % len(choices)
        )
        choose(page, rows.nth(i), target, keys=("ArrowLeft", "ArrowRight"))
    tab_to_check(page, part)
    page.keyboard.press("Space")
    expect(feedback(part)).to_contain_text(f"1 of {len(match.items)} not yet right: a.")
    assert one_stop_per_group(page, part) == len(match.items)


def test_a_question_by_mouse_wrong_then_right(checks):
    page = checks
    question = next(q for q in al.load_questions("04_alliance_and_dropout") if q.kind == "predict")
    part = question_box(page, question)
    expect(check_button(part)).to_have_text("Check my prediction")
    wrong = next(o for o in question.options if o != question.answer)
    part.get_by_text(wrong, exact=True).click()
    check_button(part).click()
    expect(feedback(part)).to_contain_text("Not what happens.")
    expect(feedback(part)).to_contain_text(question.feedback_for(wrong)[:40])
    assert question.answer not in feedback(part).inner_text()  # the answer is not given away
    part.get_by_text(question.answer, exact=True).click()
    expect(feedback(part)).to_have_text("")  # a new choice clears the old verdict
    check_button(part).click()
    expect(feedback(part)).to_contain_text("Your prediction was right.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    part.screenshot(path=str(SCREENSHOTS / "selfcheck-static-mouse.png"))


def test_axe_and_phone_layout(checks, browser, site):
    page = checks
    allowed, own = axe_audit.split(page, axe_audit.run_axe(page), scope="site")
    assert own == [], own
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.route(re.compile(OFFLINE), lambda route: route.abort())
    phone = context.new_page()
    try:
        phone.goto(site.as_uri())
        question = [q for q in al.load_questions("05_alliance_and_outcome") if q.kind == "choice"][
            -1
        ]
        part = question_box(phone, question)
        part.scroll_into_view_if_needed()
        wrong = next(o for o in question.options if o != question.answer)
        part.get_by_text(wrong, exact=True).click()
        check_button(part).click()
        expect(feedback(part)).to_contain_text("Not quite.")
        width = phone.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= 391, f"the page scrolls sideways: {width} px"
        assert geometry.overlaps(phone) == []
        assert geometry.cut_off(phone) == []
        phone.screenshot(path=str(SCREENSHOTS / "selfcheck-static-phone.png"))
    finally:
        context.close()
