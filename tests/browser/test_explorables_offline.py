"""Explorers on the static site with no kernel and every network request refused.

A small site is built with the real site builder from one notebook that shows every
explorer with precomputed states. In headless Chromium, with every request that is not
``file://`` or ``127.0.0.1`` aborted, each explorer's controls are moved by keyboard and
by mouse; the test waits for the chart and the sentence to change, and for a sample of
states compares the page with what the kernel computes for that state.
"""

import random
import re
import statistics

import pytest

from alliance_lab.app.explorables import EXPLORABLES, MAX_ROWS, STEPPERS, state_sentence
from alliance_lab.widgets.explorer_page import _start, load_states
from alliance_lab.widgets.explorer_states import compute_state, state_index

from .lab import SCREENSHOTS, ax_tree
from .static_page import CALLS, OFFLINE, build_explorer_site, time_key_presses

NAMES = sorted(EXPLORABLES)


def test_calls_cover_every_explorer():
    assert set(CALLS) == set(EXPLORABLES)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_explorer_site(tmp_path_factory.mktemp("explorer-site"), NAMES)


@pytest.fixture
def explorers(site, guarded_page):
    page = guarded_page(OFFLINE)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.as_uri())
    page.wait_for_function(
        f"() => document.querySelectorAll('.alliance-lab-explorable[data-ready=true]').length"
        f" === {len(NAMES)}",
        timeout=30_000,
    )
    yield page
    assert errors == []
    assert page.requested_urls == [], "the page tried to reach the network"


def _root(page, name):
    return page.locator(f'.alliance-lab-explorable[data-explorable="{name}"]')


def _picture(root):
    """What the chart draws: the data of every mark item in the view's scenegraph."""
    return root.evaluate(
        """el => {
          const view = window.allianceLabExplorables[el.id], out = [];
          (function walk(node) {
            if (!node) return;
            if (node.items) node.items.forEach(walk);
            if (node.datum && node.mark && node.mark.marktype !== 'group') {
              const d = {};
              for (const [k, v] of Object.entries(node.datum)) {
                if (typeof v === 'number' || typeof v === 'string') d[k] = v;
              }
              out.push(d);
            }
          })(view.scenegraph().root);
          return out;
        }"""
    )


def _wait_for_change(page, root, state, sentence):
    page.wait_for_function(
        "([el, state, sentence]) => el.dataset.state !== state && "
        "el.querySelector('.alliance-lab-sentence').textContent !== sentence",
        arg=[root.element_handle(), state, sentence],
        timeout=10_000,
    )


@pytest.mark.parametrize("name", NAMES)
def test_controls_move_by_keyboard_and_mouse(explorers, name):
    page = explorers
    root = _root(page, name)
    inputs = root.locator(".alliance-lab-explorable-controls").locator("input, select")
    states = load_states(name)
    assert inputs.count() == len(states["controls"])
    for i, axis in enumerate(states["controls"]):
        control = inputs.nth(i)
        # a visible label, and the control's accessible name is that label
        assert control.evaluate("e => e.labels[0].textContent").startswith(axis["label"])
        assert root.get_by_label(axis["label"]).count() >= 1
    sentence = root.locator(".alliance-lab-sentence")
    assert sentence.get_attribute("aria-live") == "polite"

    before = (root.get_attribute("data-state"), sentence.inner_text(), _picture(root))
    slider = root.locator("input[type=range]").first
    slider.focus()
    value = slider.input_value()
    page.keyboard.press(
        "ArrowLeft" if float(value) > float(slider.get_attribute("min")) else "ArrowRight"
    )
    _wait_for_change(page, root, before[0], before[1])
    after_key = (root.get_attribute("data-state"), sentence.inner_text(), _picture(root))
    assert after_key[2] != before[2], "the chart did not change with the key press"

    box = slider.bounding_box()
    x = box["x"] + box["width"] * (0.95 if float(slider.input_value()) < float(value) else 0.05)
    page.mouse.click(x, box["y"] + box["height"] / 2)
    _wait_for_change(page, root, after_key[0], after_key[1])
    assert _picture(root) != after_key[2], "the chart did not change with the mouse"
    root.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / f"site-explorable-{name}.png"))


def _ax_controls(page):
    """(role, name, value) of every slider and combo box in Chromium's accessibility tree."""
    return [
        (n["role"]["value"], n.get("name", {}).get("value", ""), n.get("value", {}).get("value"))
        for n in ax_tree(page)
        if n.get("role", {}).get("value") in ("slider", "combobox")
    ]


def test_each_control_is_named_by_its_visible_label_alone(explorers):
    """Vega's binding puts the label, the input and the value in one <label>; a screen
    reader must hear "Bond", not "Bond4". The value is the slider's own value."""
    page = explorers
    labels = []
    for name in NAMES:
        root = _root(page, name)
        for axis in load_states(name)["controls"]:
            labels.append(axis["label"])
            role = "slider" if axis["kind"] == "range" else "combobox"
            assert root.get_by_role(role, name=axis["label"], exact=True).count() == 1, axis
            if role == "slider":  # what its <label> alone would name it: label and value
                text = root.get_by_role(role, name=axis["label"]).evaluate(
                    "e => e.labels[0].textContent"
                )
                assert text != axis["label"] and text.startswith(axis["label"])
    ax = _ax_controls(page)
    assert sorted(n for _, n, _ in ax) == sorted(labels)
    for role, _, value in ax:
        if role == "slider":
            assert re.fullmatch(r"-?\d+(\.\d+)?", str(value)), value


@pytest.mark.parametrize("name", sorted(STEPPERS))
def test_previous_and_next_step_the_session(explorers, name):
    page = explorers
    root = _root(page, name)
    states = load_states(name)
    k = [a["name"] for a in states["controls"]].index(STEPPERS[name])
    slider = root.locator(".alliance-lab-explorable-controls").locator("input, select").nth(k)
    previous = root.get_by_role("button", name="◀ Previous")
    following = root.get_by_role("button", name="Next session ▶")
    start = float(slider.input_value())
    for button, by in ((following, 1), (previous, -1), (previous, -1)):
        if button.is_disabled():
            continue
        state, sentence = root.get_attribute("data-state"), root.locator(".alliance-lab-sentence")
        text, value = sentence.inner_text(), float(slider.input_value())
        button.click()
        _wait_for_change(page, root, state, text)
        assert float(slider.input_value()) == value + by
    assert float(slider.input_value()) <= start
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function("b => b.disabled", arg=following.element_handle())
    assert not previous.is_disabled()
    slider.evaluate(
        "e => { e.value = e.min; e.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.wait_for_function("b => b.disabled", arg=previous.element_handle())
    root.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / f"site-explorable-{name}-first.png"))


def _set_state(page, root, states, indices):
    """Move every control to a grid point the way a user would (input events)."""
    for k, (axis, i) in enumerate(zip(states["controls"], indices, strict=True)):
        value = axis["values"][i] if axis["kind"] == "range" else i
        root.locator(".alliance-lab-explorable-controls").locator("input, select").nth(k).evaluate(
            "(e, v) => { e.value = String(v); e.dispatchEvent(new Event(e.tagName === 'SELECT' ? "
            "'change' : 'input', {bubbles: true})); }",
            value,
        )
    s = state_index(states["controls"], indices)
    page.wait_for_function(
        "([el, s]) => el.dataset.state === String(s)", arg=[root.element_handle(), s]
    )
    return s


def _numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("name", NAMES)
def test_page_numbers_equal_the_kernels(explorers, name):
    page = explorers
    root = _root(page, name)
    states = load_states(name)
    explorer = EXPLORABLES[name]()
    sizes = [len(a["values"]) for a in states["controls"]]
    rng = random.Random(5)
    sample = [_start(states, explorer)] + [[rng.randrange(n) for n in sizes] for _ in range(4)]
    for indices in sample:
        _set_state(page, root, states, indices)
        _, _, tables, sentence = compute_state(
            explorer,
            states["controls"],
            indices,
            max_rows=MAX_ROWS.get(name, 150),
            sentence=state_sentence(name),
        )
        assert root.locator(".alliance-lab-sentence").inner_text() == sentence
        # every number of the kernel's tables that the marks carry is on the page
        drawn = {}
        for datum in _picture(root):
            for key, value in datum.items():
                if isinstance(value, float | int):
                    drawn.setdefault(key, set()).add(round(value, 4))
        for table in tables:
            for row in table:
                if None in row.values():  # a missing value (an empty band) draws no mark
                    continue
                for key, value in row.items():
                    if key in drawn and isinstance(value, float | int):
                        assert round(value, 4) in drawn[key], (name, indices, key, value)


def test_key_press_redraws_within_a_few_frames(explorers):
    page = explorers
    latency = time_key_presses(page, _root(page, NAMES[0]), 10)
    drawn = [d for d, _ in latency]
    print(f"key press to redrawn chart: median {statistics.median(drawn):.1f} ms")
    assert len(latency) == 10
    # pass/fail on the change; the time itself is reported by benchmarks/bench_explorables.py
    assert statistics.median(drawn) < 250


def test_phone_layout(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.route(re.compile(OFFLINE), lambda route: route.abort())
    page.goto(site.as_uri())
    page.wait_for_selector(".alliance-lab-explorable[data-ready=true]")
    root = _root(page, NAMES[0])
    root.scroll_into_view_if_needed()
    widths = root.locator(".alliance-lab-explorable-controls input").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert max(widths) <= 390, "a control runs off a phone screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-explorable-phone.png"), full_page=True)
    context.close()
