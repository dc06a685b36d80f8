"""axe-core on the class-mode pages a student meets: join, choose a role, the form, received.

The class service runs in a thread on 127.0.0.1; the browser may reach nothing else.
Serious and critical violations fail unless ``axe_audit.ALLOWED`` names them for
scope "class" (today it names none: these pages are alliance_lab's own).
"""

import re

import httpx
import pytest
from playwright.sync_api import expect

from alliance_lab.classroom import serve_in_background

from . import axe_audit

KEY = "axe-test-key"


@pytest.fixture
def service(tmp_path):
    server = serve_in_background(data_dir=tmp_path, lecturer_key=KEY)
    yield server
    server.stop()


def _open_session(service, *, mode):
    """A class session on the Bordin form with round 1 open; its join code."""
    with httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {KEY}"}) as api:
        code = api.post(
            "/api/sessions", json={"instrument": "bordin-teaching", "mode": mode, "title": "R"}
        ).json()["code"]
        api.post(f"/api/sessions/{code}/rounds")
    return code


def test_student_pages_pass_the_axe_audit(service, local_page):
    code = _open_session(service, mode="hall")
    page = local_page
    seen, allowed, own = [], [], []

    def check(name):
        page_allowed, page_own = axe_audit.split(page, axe_audit.run_axe(page), scope="class")
        seen.append(name)
        allowed.extend(page_allowed)
        own.extend((name, rule, target) for rule, target in page_own)

    page.goto(service.url + "/")
    check("join")
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join").click()
    page.get_by_role("radio", name=re.compile("Observer")).check()
    check("role")
    page.get_by_role("button", name="Continue to the form").click()
    page.wait_for_selector("fieldset legend")
    check("form")
    for group in page.get_by_role("group").all():
        radios = group.get_by_role("radio")
        if radios.count():
            radios.first.check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("text=Received")
    check("received")
    print(f"axe on class mode ({', '.join(seen)}): allowed {axe_audit.counts(allowed)}")
    print(f"axe on class mode: own {axe_audit.counts(own)}")
    assert seen == ["join", "role", "form", "received"]
    assert own == [], "serious or critical axe violations in the class-mode pages"
    assert [a for a in axe_audit.ALLOWED if a.scope == "class"] == []


def test_lecturer_pages_pass_the_axe_audit(service, local_page):
    """The lecturer's own pages: the session list and the projected page with code and QR."""
    code = _open_session(service, mode="triads")
    page = local_page
    own = []
    page.goto(service.login_url())
    for name, path in [("sessions", "/lecturer"), ("projected", f"/lecturer/sessions/{code}")]:
        page.goto(service.url + path)
        page.wait_for_selector("main")
        assert KEY not in page.content()
        _, page_own = axe_audit.split(page, axe_audit.run_axe(page), scope="class")
        own.extend((name, rule, target) for rule, target in page_own)
    print(f"axe on the lecturer pages: own {axe_audit.counts(own)}")
    assert own == [], "serious or critical axe violations in the lecturer pages"
    # The projected page counts new forms in place, without reloading the page.
    page.evaluate("window.notReloaded = true")
    assert page.locator("td.received").inner_text() == "0"
    with httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {KEY}"}) as api:
        reply = api.post(
            f"/api/sessions/{code}/rehearse",
            json={"round": 1, "n_students": 6, "groups": 2, "seed": 1},
        )
        assert reply.status_code == 200, reply.text
    # (the page's script policy forbids string evaluation, so wait with a polling locator)
    expect(page.locator("td.received")).to_have_text("6", timeout=20_000)
    assert page.evaluate("window.notReloaded === true")
    assert "6 forms received in round 1" in page.locator("#rounds-status").inner_text()
