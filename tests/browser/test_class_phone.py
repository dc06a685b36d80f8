"""Class mode on a phone: headless Chromium at 390x844 with touch joins, answers, submits.

The class service runs in a thread on 127.0.0.1 (``serve_in_background``); the phone may
reach nothing else. Answers go in by touch and by keyboard alone; a wrong code, a second
form and an out-of-range value each show their message. A small audit checks what a
screen reader needs on every page (language, title, main landmark, a name for every
control, radio groups in fieldsets with a legend) and that tap targets are large enough.
Screenshots go to build/screenshots/class_*.png.
"""

import re

import httpx
import pytest
from playwright.sync_api import expect

import alliance_lab as al
from alliance_lab.classroom import serve_in_background

from .lab import SCREENSHOTS

KEY = "browser-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def service(tmp_path):
    server = serve_in_background(data_dir=tmp_path, lecturer_key=KEY)
    yield server
    server.stop()


def open_session(service, instrument="bordin-teaching", mode="hall"):
    with httpx.Client(base_url=service.url, headers=AUTH) as api:
        code = api.post(
            "/api/sessions", json={"instrument": instrument, "mode": mode, "title": "Role-play 1"}
        ).json()["code"]
        api.post(f"/api/sessions/{code}/rounds")
    return code


def answers_of(service, code):
    with httpx.Client(base_url=service.url, headers=AUTH) as api:
        return api.get(f"/api/sessions/{code}/answers").json()["answers"]


@pytest.fixture
def phone(browser):
    """A phone-sized page with touch that may only talk to 127.0.0.1."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), refuse)
    page = context.new_page()
    page.refused = refused
    yield page
    context.close()
    assert refused == []


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"class_{name}.png"), full_page=True)


def audit(page):
    """What a screen reader and a thumb need; returns a list of problems (empty = fine)."""
    return page.evaluate(
        """() => {
        const problems = [];
        if (!document.documentElement.lang) problems.push('no lang on <html>');
        if (!document.title.trim()) problems.push('no <title>');
        if (document.querySelectorAll('main').length !== 1) problems.push('not one <main>');
        if (!document.querySelector('h1')) problems.push('no <h1>');
        const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
        if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
        for (const el of document.querySelectorAll('input:not([type=hidden]), select, button')) {
            const named = (el.labels && el.labels.length && el.labels[0].textContent.trim())
                || el.getAttribute('aria-label')
                || (el.tagName === 'BUTTON' && el.textContent.trim());
            if (!named) problems.push('no name: ' + el.outerHTML.slice(0, 80));
            const box = (el.type === 'radio' || el.type === 'checkbox') && el.labels.length
                ? el.labels[0].getBoundingClientRect() : el.getBoundingClientRect();
            if (box.height < 40) problems.push('small target: ' + el.outerHTML.slice(0, 80));
        }
        for (const radio of document.querySelectorAll('input[type=radio]')) {
            const set = radio.closest('fieldset');
            if (!set || !set.querySelector('legend')) problems.push('radio outside a fieldset');
        }
        return problems;
    }"""
    )


def test_a_phone_joins_by_code_answers_by_touch_and_is_received(service, phone):
    code = open_session(service)
    phone.goto(service.url + "/")
    assert audit(phone) == []
    shot(phone, "phone_join")
    phone.get_by_label("Join code").tap()
    phone.keyboard.type(code.lower())
    phone.get_by_role("button", name="Join").tap()
    phone.get_by_role("radio", name=re.compile("Observer")).tap()
    assert audit(phone) == []
    phone.get_by_role("button", name="Continue to the form").tap()
    phone.wait_for_selector("fieldset legend")
    assert audit(phone) == []
    inst = al.load_instrument("bordin-teaching")
    expect(phone.get_by_text(inst.items[0].text["observer"])).to_be_visible()
    chosen = {}
    for item in inst.items:
        value = item.number % 5 + 1
        group = phone.get_by_role("group", name=re.compile(rf"^{item.number}\. "))
        group.get_by_role("radio", name=re.compile(rf"^{value} ")).tap()
        chosen[item.number] = float(value)
    shot(phone, "phone_form")
    phone.get_by_role("button", name="Send my answers").tap()
    phone.wait_for_selector("text=Received")
    expect(phone.get_by_role("status")).to_be_visible()
    assert audit(phone) == []
    shot(phone, "phone_received")
    rows = answers_of(service, code)
    assert {r["item"]: r["response"] for r in rows} == chosen
    assert {r["perspective"] for r in rows} == {"observer"}


def test_a_phone_answers_by_keyboard_alone(service, phone):
    inst = al.load_instrument("session-rating-teaching")
    code = open_session(service, instrument=inst.id, mode="triads")
    phone.goto(f"{service.url}/c/{code}")
    phone.keyboard.press("Tab")  # "Client", the first chair
    phone.keyboard.press("ArrowDown")  # moves to and chooses "Therapist"
    phone.keyboard.press("Tab")
    phone.keyboard.type("4")  # triad number
    phone.keyboard.press("Enter")
    phone.wait_for_selector("input[type=range]")
    assert audit(phone) == []
    phone.focus("#item-1")
    phone.keyboard.press("End")  # 10
    for _ in range(3):  # 9.7
        phone.keyboard.press("ArrowLeft")
    assert phone.text_content("#item-1-value") == "9.7"  # the number shown follows the line
    for _ in inst.items[1:]:
        phone.keyboard.press("Tab")
        phone.keyboard.press("Home")  # 0
        phone.keyboard.press("ArrowRight")  # 0.1
    shot(phone, "phone_keyboard_form")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Send my answers"
    phone.keyboard.press("Enter")
    phone.wait_for_selector("text=Received")
    rows = answers_of(service, code)
    assert [r["response"] for r in rows] == [9.7] + [0.1] * (len(inst.items) - 1)
    assert {(r["perspective"], r["group"]) for r in rows} == {("therapist", 4)}


def test_the_phone_shows_a_message_for_each_mistake(service, phone):
    code = open_session(service)
    phone.goto(service.url + "/")
    phone.get_by_label("Join code").fill("WWWWW" if code != "WWWWW" else "XXXXX")
    phone.get_by_role("button", name="Join").tap()
    expect(phone.get_by_role("alert")).to_contain_text("No class session has the code")
    assert phone.get_by_label("Join code").get_attribute("aria-invalid") == "true"
    shot(phone, "phone_wrong_code")

    phone.goto(f"{service.url}/c/{code}/form?perspective=client")
    for set_ in phone.locator("fieldset").all():
        set_.get_by_role("radio").nth(2).tap()
    phone.get_by_role("button", name="Send my answers").tap()
    phone.wait_for_selector("text=Received")
    phone.get_by_role("link", name="Change my answers").tap()
    expect(phone.get_by_text("You have already answered in this round")).to_be_visible()
    phone.locator("fieldset").first.get_by_role("radio").nth(4).tap()
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.get_by_text("your new answers replaced the earlier ones")).to_be_visible()
    shot(phone, "phone_second_form")
    assert len({r["submission"] for r in answers_of(service, code)}) == 1

    phone.goto(f"{service.url}/c/{code}/form?perspective=client")
    # a tampered page: item 2's first choice now claims the value 9
    phone.eval_on_selector("input[name=item-2]", "el => { el.value = '9'; }")
    phone.locator("input[name=item-2]").first.tap()
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.get_by_role("alert")).to_contain_text("Item 2: '9' is not on the scale")
    shot(phone, "phone_out_of_range")
    rows = answers_of(service, code)
    assert {r["response"] for r in rows if r["item"] == 1} == {5.0}  # the second form stands


def test_the_lecturer_page_shows_code_link_and_qr_without_the_key(service, browser):
    code = open_session(service)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(service.login_url())
        page.get_by_role("link", name=code).click()
        expect(page.locator(".qr svg")).to_be_visible()
        expect(page.get_by_text(f"{service.url}/c/{code}")).to_be_visible()
        assert KEY not in page.content()
        assert audit(page) == []
        shot(page, "lecturer_session")
    finally:
        context.close()
