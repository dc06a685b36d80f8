"""Class mode service: every test runs against SQLite and against a real PostgreSQL server.

The PostgreSQL server is started by a fixture from Debian's programs in a temporary
folder under /tmp, listens on 127.0.0.1 and is stopped after the module. Where the
programs are missing those tests are skipped with the install command, except under
CI=true, where that is a failure.
"""

import itertools
import logging
import os
import re
import threading

import httpx
import pandas as pd
import pytest
from postgres_server import MISSING, find_bin, new_database, temporary_postgres
from starlette.testclient import TestClient

import alliance_lab as al
from alliance_lab.classroom import create_app, serve_in_background
from alliance_lab.classroom.codes import ALPHABET
from alliance_lab.classroom.network import base_url, lan_address
from alliance_lab.classroom.store import SCHEMA_VERSION, ClassStore, database_url_for

KEY = "test-lecturer-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def postgres_server():
    if find_bin() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    with temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return database_url_for(None, tmp_path)
    server = request.getfixturevalue("postgres_server")
    return new_database(server, f"class_test_{os.getpid()}_{next(_numbers)}")


@pytest.fixture
def app(database_url):
    app = create_app(database_url=database_url, lecturer_key=KEY)
    yield app
    app.state.store.dispose()


@pytest.fixture
def lecturer(app):
    with TestClient(app, headers=AUTH) as client:
        yield client


def student(app):
    """A phone: its own cookie jar."""
    return TestClient(app, raise_server_exceptions=False)


def new_session(lecturer, instrument="bordin-teaching", mode="hall", title="Role-play 1"):
    reply = lecturer.post(
        "/api/sessions", json={"instrument": instrument, "mode": mode, "title": title}
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


def open_round(lecturer, code):
    reply = lecturer.post(f"/api/sessions/{code}/rounds")
    assert reply.status_code == 201, reply.text
    return reply.json()["round"]


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def fill(phone, code, *, perspective="observer", group=None, answers=None, n_items=12):
    """Open the form as a student would and send it; return the final reply."""
    params = {"perspective": perspective}
    if group is not None:
        params["group"] = group
    page = phone.get(f"/c/{code}/form", params=params)
    assert page.status_code == 200, page.text
    round_number = re.search(r'name="round" value="(\d+)"', page.text).group(1)
    data = {"csrf": csrf_of(page), "round": round_number, "perspective": perspective}
    if group is not None:
        data["group"] = str(group)
    answers = answers or {i: (i % 5) + 1 for i in range(1, n_items + 1)}
    data.update({f"item-{i}": str(v) for i, v in answers.items()})
    return phone.post(f"/c/{code}/form", data=data)


def stored(lecturer, code):
    return lecturer.get(f"/api/sessions/{code}/answers").json()["answers"]


# -- storage ------------------------------------------------------------------------------
def test_schema_version_is_recorded_and_a_newer_database_is_refused(database_url):
    store = ClassStore(database_url_for(database_url))
    assert store.schema_version() == SCHEMA_VERSION
    ClassStore(database_url_for(database_url)).dispose()  # opening again keeps the schema
    with store.engine.begin() as con:
        con.exec_driver_sql(f"UPDATE class_schema_version SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ValueError, match="newer alliance_lab"):
        ClassStore(database_url_for(database_url))
    store.dispose()


# -- lecturer API -------------------------------------------------------------------------
def test_lecturer_api_refuses_without_the_key(app):
    with TestClient(app) as anyone:
        code = new_session(TestClient(app, headers=AUTH))["code"]
        for method, path in [
            ("GET", "/api/sessions"),
            ("POST", "/api/sessions"),
            ("GET", f"/api/sessions/{code}/answers"),
            ("GET", f"/api/sessions/{code}/answers.csv"),
            ("POST", f"/api/sessions/{code}/rounds"),
            ("POST", f"/api/sessions/{code}/rounds/1/close"),
            ("POST", f"/api/sessions/{code}/rehearse"),
            ("POST", f"/api/sessions/{code}/archive"),
            ("DELETE", f"/api/sessions/{code}"),
        ]:
            reply = anyone.request(method, path)
            assert reply.status_code == 401, (method, path)
            assert "lecturer key" in reply.json()["error"]
            wrong = anyone.request(method, path, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 403, (method, path)
        assert anyone.get("/lecturer").status_code == 200  # redirected to the login form
        assert anyone.get("/lecturer", follow_redirects=False).status_code == 303
    assert TestClient(app, headers=AUTH).get(f"/api/sessions/{code}").status_code == 200


def test_create_session_checks_its_fields(lecturer):
    for body, words in [
        ({"instrument": "wai-sr", "mode": "hall"}, "teaching forms"),
        ({"instrument": "nope", "mode": "hall"}, "teaching forms"),
        ({"instrument": "bordin-teaching", "mode": "pairs"}, "'hall' or 'triads'"),
        ({"instrument": "bordin-teaching", "title": 5}, "title"),
        ({"instrument": "bordin-teaching", "colour": "red"}, "Unknown field"),
    ]:
        reply = lecturer.post("/api/sessions", json=body)
        assert reply.status_code == 400 and words in reply.json()["error"], body
    assert lecturer.post("/api/sessions", content=b"{not json").status_code == 400
    made = new_session(lecturer)
    assert len(made["code"]) == 5 and set(made["code"]) <= set(ALPHABET)
    assert made["join_url"] == f"http://testserver/c/{made['code']}"
    assert (made["instrument"], made["version"], made["mode"], made["status"]) == (
        "bordin-teaching",
        "2.0",
        "hall",
        "open",
    )


# -- a whole round -----------------------------------------------------------------------
def test_a_round_from_join_code_to_csv_and_score(app, lecturer, tmp_path):
    code = new_session(lecturer)["code"]
    phone = student(app)
    assert phone.get(f"/c/{code}").status_code == 409  # no round open yet
    assert open_round(lecturer, code) == 1
    joined = phone.get("/join", params={"code": code.lower()})
    assert joined.status_code == 200 and "Your chair" in joined.text
    answers = dict(enumerate([5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4], start=1))
    reply = fill(phone, code, perspective="client", answers=answers)
    assert reply.status_code == 200 and "Received" in reply.text
    assert "round 1 (client)" in reply.text
    rows = stored(lecturer, code)
    assert [(r["item"], r["response"]) for r in rows] == [(i, float(v)) for i, v in answers.items()]
    assert {(r["round"], r["group"], r["perspective"]) for r in rows} == {(1, None, "client")}
    path = tmp_path / "class.csv"
    path.write_text(lecturer.get(f"/api/sessions/{code}/answers.csv").text)
    data = al.import_responses_csv(path)
    scores = al.score(data, "bordin-teaching")
    inst = al.load_instrument("bordin-teaching")
    keyed = {
        i.number: (6 - answers[i.number] if i.reverse else answers[i.number]) for i in inst.items
    }
    for scale in inst.subscales:
        expected = sum(keyed[i.number] for i in inst.items_of(scale))
        if inst.rule == "mean":
            expected /= len(inst.items_of(scale))
        got = scores.loc[scores["scale"] == scale, "score"].item()
        assert got == pytest.approx(expected), scale


def test_a_second_form_replaces_the_first_and_says_so(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    phone = student(app)
    assert "Received" in fill(phone, code, answers=dict.fromkeys(range(1, 13), 2)).text
    again = phone.get(f"/c/{code}/form", params={"perspective": "observer"})
    assert "already answered in this round" in again.text
    assert again.text.count("checked") == 12  # the earlier answers are filled in
    second = fill(phone, code, answers=dict.fromkeys(range(1, 13), 4))
    assert "replaced the earlier ones" in second.text
    rows = stored(lecturer, code)
    assert len(rows) == 12 and {r["response"] for r in rows} == {4.0}
    other = student(app)  # another phone is another student
    fill(other, code, answers=dict.fromkeys(range(1, 13), 1))
    assert len({r["submission"] for r in stored(lecturer, code)}) == 2


def test_reading_the_answers_again_shows_new_and_changed_forms(app, lecturer):
    from alliance_lab.classroom.results import answer_rows

    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    session = app.state.store.get_session(code)
    phones = [student(app) for _ in range(3)]
    seen = []
    for step, (phone, value) in enumerate(
        [(phones[0], 1), (phones[1], 2), (phones[0], 3), (phones[2], 4), (phones[1], 5)]
    ):
        assert fill(phone, code, answers=dict.fromkeys(range(1, 13), value)).status_code == 200
        rows = stored(lecturer, code)
        assert rows == answer_rows(app.state.store, session), step  # as read afresh
        assert stored(lecturer, code) == rows  # nothing new: the same answer
        seen.append(sorted({r["response"] for r in rows}))
    assert seen == [[1.0], [1.0, 2.0], [2.0, 3.0], [2.0, 3.0, 4.0], [3.0, 4.0, 5.0]]


def test_a_closed_round_takes_no_answers(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    phone = student(app)
    page = phone.get(f"/c/{code}/form", params={"perspective": "observer"})
    assert lecturer.post(f"/api/sessions/{code}/rounds/1/close").json() == {
        "round": 1,
        "status": "closed",
    }
    data = {"csrf": csrf_of(page), "round": "1", "perspective": "observer"}
    data.update({f"item-{i}": "3" for i in range(1, 13)})
    reply = phone.post(f"/c/{code}/form", data=data)
    assert reply.status_code == 409 and "is closed" in reply.text
    assert stored(lecturer, code) == []
    assert open_round(lecturer, code) == 2  # the old form names round 1: still refused
    assert phone.post(f"/c/{code}/form", data=data).status_code == 409
    rounds = lecturer.get(f"/api/sessions/{code}/answers").json()["rounds"]
    assert rounds == [{"round": 1, "status": "closed"}, {"round": 2, "status": "open"}]
    assert lecturer.post(f"/api/sessions/{code}/rounds/9/close").status_code == 404


def test_unknown_and_archived_codes_say_so(app, lecturer):
    phone = student(app)
    unknown = phone.get("/join", params={"code": "WWWWW"})
    assert unknown.status_code == 404 and "No class session has the code WWWWW" in unknown.text
    bad = phone.get("/join", params={"code": "12"})
    assert bad.status_code == 400 and "five capital letters" in bad.text
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    assert lecturer.post(f"/api/sessions/{code}/archive").json()["status"] == "archived"
    closed = phone.get(f"/c/{code}")
    assert closed.status_code == 410 and "has closed" in closed.text
    assert lecturer.post(f"/api/sessions/{code}/rounds").status_code == 409


def test_every_field_is_checked_with_a_plain_message(app, lecturer):
    code = new_session(lecturer, mode="triads")["code"]
    open_round(lecturer, code)
    phone = student(app)
    no_group = phone.get(f"/c/{code}/form", params={"perspective": "client"})
    assert no_group.status_code == 400 and "Enter your triad number" in no_group.text
    bad_group = phone.get(f"/c/{code}/form", params={"perspective": "client", "group": "0"})
    assert "whole number from 1 to 500" in bad_group.text
    bad_chair = phone.get(f"/c/{code}/form", params={"perspective": "lecturer", "group": "1"})
    assert bad_chair.status_code == 400 and "Choose your chair" in bad_chair.text
    out_of_range = dict.fromkeys(range(1, 13), 3) | {4: 9}
    reply = fill(phone, code, perspective="client", group=1, answers=out_of_range)
    assert reply.status_code == 400
    assert "Item 4: &#39;9&#39; is not on the scale" in reply.text
    assert "whole number from 1 to 5" in reply.text
    half = dict.fromkeys(range(1, 13), 3) | {2: 2.5}
    assert "Item 2" in fill(phone, code, perspective="client", group=1, answers=half).text
    missing = {i: 3 for i in range(1, 12)}
    reply = fill(phone, code, perspective="client", group=1, answers=missing)
    assert "Item 12 has no answer" in reply.text
    extra = dict.fromkeys(range(1, 13), 3) | {13: 3}
    assert "items 1 to 12" in fill(phone, code, perspective="client", group=1, answers=extra).text
    assert stored(lecturer, code) == []
    good = fill(phone, code, perspective="therapist", group=3)
    assert good.status_code == 200 and "triad 3" in good.text
    assert {r["group"] for r in stored(lecturer, code)} == {3}


def test_a_0_to_10_form_checks_its_lines(app, lecturer):
    inst = al.load_instrument("session-rating-teaching")
    n = len(inst.items)
    assert inst.scale.kind == "vas" and n >= 3
    code = new_session(lecturer, instrument=inst.id)["code"]
    open_round(lecturer, code)
    phone = student(app)
    page = phone.get(f"/c/{code}")
    assert page.text.count('name="perspective"') == len(inst.perspectives)
    form = phone.get(f"/c/{code}/form", params={"perspective": "client"})
    assert form.text.count('type="range"') == n and 'min="0" max="10"' in form.text
    assert inst.items[0].text["client"] in form.text
    too_high = dict.fromkeys(range(1, n + 1), 5) | {1: 10.5}
    reply = fill(phone, code, perspective="client", answers=too_high, n_items=n)
    assert reply.status_code == 400 and "a number from 0 to 10" in reply.text
    given = dict.fromkeys(range(1, n + 1), 5) | {1: 7.25, 2: 0, 3: 10}
    reply = fill(phone, code, perspective="client", answers=given, n_items=n)
    assert reply.status_code == 200
    expected = [7.2, 0.0, 10.0] + [5.0] * (n - 3)  # one decimal is kept
    assert [r["response"] for r in stored(lecturer, code)] == expected


# -- attacks ------------------------------------------------------------------------------
def test_injected_script_is_shown_as_text(app, lecturer):
    attack = "<script>alert(1)</script>"
    code = new_session(lecturer, title=attack)["code"]
    open_round(lecturer, code)
    phone = student(app)
    for reply in [
        phone.get(f"/c/{code}"),
        phone.get("/join", params={"code": attack}),
        phone.get(f"/c/{code}/form", params={"perspective": attack}),
        phone.get(f"/c/{attack}"),
        fill(phone, code, answers=dict.fromkeys(range(1, 13), attack)),
    ]:
        assert "<script>alert" not in reply.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in phone.get(f"/c/{code}").text
    csp = phone.get(f"/c/{code}").headers["content-security-policy"]
    assert "script-src 'self'" in csp


def test_an_oversized_body_is_refused(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    phone = student(app)
    page = phone.get(f"/c/{code}/form", params={"perspective": "observer"})
    big = {"csrf": csrf_of(page), "round": "1", "perspective": "observer", "x": "a" * 100_000}
    assert phone.post(f"/c/{code}/form", data=big).status_code == 413

    def chunks():  # no Content-Length: the limit counts what streams in
        for _ in range(20):
            yield b"a" * 10_000

    streamed = phone.post(
        f"/c/{code}/form",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413
    api = lecturer.post("/api/sessions", content=b'{"title": "' + b"a" * 100_000 + b'"}')
    assert api.status_code == 413
    assert stored(lecturer, code) == []


def test_a_form_without_its_csrf_token_is_refused(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    phone, other = student(app), student(app)
    page = phone.get(f"/c/{code}/form", params={"perspective": "observer"})
    other.get(f"/c/{code}")
    data = {"round": "1", "perspective": "observer"} | {f"item-{i}": "3" for i in range(1, 13)}
    assert phone.post(f"/c/{code}/form", data=data).status_code == 403
    stolen = other.post(f"/c/{code}/form", data=data | {"csrf": csrf_of(page)})
    assert stolen.status_code == 403 and "expired" in stolen.text
    cookieless = TestClient(app).post(f"/c/{code}/form", data=data | {"csrf": csrf_of(page)})
    assert cookieless.status_code == 400 and "cookie" in cookieless.text
    assert stored(lecturer, code) == []


def test_a_device_sending_too_fast_is_slowed_down(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    # Time stands still, so the twelve forms arrive "at once" however slow this machine is.
    app.state.limiters["submit"].clock = lambda: 1000.0
    phone = student(app)
    statuses = [fill(phone, code).status_code for _ in range(12)]
    assert statuses[0] == 200 and 429 in statuses
    assert "Too many tries" in fill(phone, code).text
    assert fill(student(app), code).status_code == 200  # other phones are not slowed


def test_no_stack_trace_reaches_a_student(app, lecturer, monkeypatch, caplog):
    code = new_session(lecturer)["code"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(app.state.store, "open_round_number", broken)
    with caplog.at_level(logging.ERROR, logger="alliance_lab.classroom"):
        reply = student(app).get(f"/c/{code}")
    assert reply.status_code == 500 and "Something went wrong" in reply.text
    assert "Traceback" not in reply.text and "secret internal detail" not in reply.text
    assert "secret internal detail" in caplog.text  # it is in the server's log instead
    missing = student(app).get("/no/such/page")
    assert missing.status_code == 404 and "Page not found" in missing.text


# -- lecturer pages -----------------------------------------------------------------------
def test_lecturer_page_needs_a_login_and_never_shows_the_key(app):
    from alliance_lab.classroom.lecturer import new_login_link

    browser = TestClient(app)
    login = browser.get("/lecturer")
    assert "Lecturer login" in login.text
    wrong = browser.post("/lecturer/login", data={"csrf": csrf_of(login), "key": "guess"})
    assert wrong.status_code == 403 and "not the lecturer key" in wrong.text
    no_csrf = browser.post("/lecturer/login", data={"key": KEY})
    assert no_csrf.status_code == 403
    page = browser.post("/lecturer/login", data={"csrf": csrf_of(login), "key": KEY})
    assert page.status_code == 200 and "Open a new class session" in page.text
    made = browser.post(
        "/lecturer/sessions",
        data={"csrf": csrf_of(page), "instrument": "bordin-teaching", "mode": "hall", "title": "T"},
    )
    code = re.search(r"/lecturer/sessions/([A-Z]{5})", str(made.url)).group(1)
    assert code in made.text and "<svg" in made.text and f"http://testserver/c/{code}" in made.text
    opened = browser.post(f"/lecturer/sessions/{code}/rounds", data={"csrf": csrf_of(made)})
    assert "Close round 1" in opened.text
    for text in (login.text, page.text, made.text, opened.text):
        assert KEY not in text
    forged = browser.post(f"/lecturer/sessions/{code}/rounds", data={"csrf": "x"})
    assert forged.status_code == 403
    fresh = TestClient(app)
    link = new_login_link(app)
    assert "Class sessions" in fresh.get(link).text
    assert TestClient(app).get(link).status_code == 403  # a login link works once
    deleted = browser.post(
        f"/lecturer/sessions/{code}/delete", data={"csrf": csrf_of(made), "confirm": "yes"}
    )
    assert deleted.status_code == 200 and code not in deleted.text


def test_archive_and_delete_remove_what_they_say(app, lecturer):
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    fill(student(app), code)
    assert len(stored(lecturer, code)) == 12
    assert lecturer.delete(f"/api/sessions/{code}").json()["status"] == "deleted"
    assert lecturer.get(f"/api/sessions/{code}/answers").status_code == 404
    with app.state.store.engine.connect() as con:
        left = con.exec_driver_sql("SELECT count(*) FROM class_answers").scalar()
    assert left == 0


# -- running server -----------------------------------------------------------------------
def test_served_in_background_many_phones_at_once_lose_nothing(database_url, caplog):
    server = serve_in_background(database_url=database_url, lecturer_key=KEY)
    try:
        with httpx.Client(base_url=server.url, headers=AUTH) as api:
            code = api.post("/api/sessions", json={"instrument": "bordin-teaching"}).json()["code"]
            api.post(f"/api/sessions/{code}/rounds")
        failures = []

        def one_student(number):
            with httpx.Client(base_url=server.url, timeout=30) as phone:
                reply = fill(phone, code, answers=dict.fromkeys(range(1, 13), number % 5 + 1))
                if reply.status_code != 200 and reply.status_code != 303:
                    failures.append(reply.status_code)
                elif reply.status_code == 303:
                    if "Received" not in phone.get(reply.headers["location"]).text:
                        failures.append("not received")

        with caplog.at_level(logging.INFO, logger="alliance_lab.classroom"):
            threads = [threading.Thread(target=one_student, args=(n,)) for n in range(30)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert failures == []
        with httpx.Client(base_url=server.url, headers=AUTH) as api:
            rows = pd.DataFrame(api.get(f"/api/sessions/{code}/answers").json()["answers"])
        assert rows["submission"].nunique() == 30 and len(rows) == 30 * 12
        logged = [r.getMessage() for r in caplog.records if r.name == "alliance_lab.classroom"]
        assert any(line.startswith("POST /c/") for line in logged)
        assert not any("127.0.0.1" in line for line in logged)  # no client address
    finally:
        server.stop()


def test_rehearsal_fills_a_round_with_simulated_students(lecturer):
    pytest.importorskip("alliance_lab.simulation.raters")
    code = new_session(lecturer)["code"]
    open_round(lecturer, code)
    reply = lecturer.post(
        f"/api/sessions/{code}/rehearse", json={"round": 1, "n_students": 40, "seed": 3}
    )
    assert reply.status_code == 200, reply.text
    rows = pd.DataFrame(stored(lecturer, code))
    assert reply.json() == {"round": 1, "submissions": 40}
    assert rows["submission"].nunique() == 40
    chairs = rows.groupby("perspective")["submission"].nunique().to_dict()
    assert chairs == {"client": 1, "therapist": 1, "observer": 38}
    assert rows["response"].between(1, 5).all()


# -- network ------------------------------------------------------------------------------
def test_the_join_link_carries_an_address_phones_can_reach():
    address = lan_address()
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address)
    assert address != "0.0.0.0"
    assert base_url(host="0.0.0.0", port=8000) == f"http://{address}:8000"
    assert base_url(host="127.0.0.1", port=9) == "http://127.0.0.1:9"


def test_class_serve_is_a_command():
    from alliance_lab.app.cli import build_parser

    args = build_parser().parse_args(
        ["class", "serve", "--host", "0.0.0.0", "--port", "8123", "--public-url", "https://x.org"]
    )
    assert (args.host, args.port, args.public_url, args.database) == (
        "0.0.0.0",
        8123,
        "https://x.org",
        None,
    )


def test_class_serve_prints_the_links_and_the_key_once_and_serves(tmp_path):
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCE_LAB_CLASS_KEY"}
    command = [sys.executable, "-m", "alliance_lab.app.cli", "class", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--data-dir", str(tmp_path), "--public-url", "https://class.example.edu/"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = [process.stdout.readline() for _ in range(6)]
        printed = "".join(lines)
        assert "students join at:   https://class.example.edu/" in printed
        login = re.search(r"lecturer page:\s+(\S+)", printed).group(1)
        key = re.search(r"lecturer key:\s+(\S+)", printed).group(1)
        assert login.startswith(f"http://127.0.0.1:{port}/lecturer/login/")
        for _ in range(100):  # the banner comes before uvicorn listens
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                threading.Event().wait(0.1)
        with httpx.Client(headers={"Authorization": f"Bearer {key}"}) as api:
            made = api.post(
                f"http://127.0.0.1:{port}/api/sessions", json={"instrument": "bordin-teaching"}
            ).json()
        assert made["join_url"] == f"https://class.example.edu/c/{made['code']}"
        browser = httpx.Client()
        first = browser.get(login, follow_redirects=True)
        assert first.status_code == 200 and "Class sessions" in first.text
        assert key not in first.text
        assert httpx.get(login).status_code == 403  # the link works once
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert "127.0.0.1:" not in "".join(
        line for line in errors.splitlines(keepends=True) if " ms" in line
    )  # the log names no client
    assert "POST /api/sessions 201" in errors
