"""The lecturer's pages: log in, open a class session, show its code, link and QR code,
open and close rounds, download the answers, archive or delete.

The key never appears on a page: the lecturer logs in once (with the one-time link the
terminal prints, or by pasting the key into a form) and the browser then holds a cookie
derived from the key. Every form carries a CSRF token tied to the browser's device
cookie.
"""

import hmac
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..instruments.definition import load_instrument
from .api import MODES, Refusal, create_session_from, session_json, teaching_instruments
from .codes import clean_code
from .pages import device_of, link, message_page, render
from .qr import qr_svg
from .results import answers_csv
from .security import LECTURER_COOKIE, csrf_ok, lecturer_cookie

__all__ = ["new_login_link", "routes"]


def new_login_link(app):
    """A link that logs a browser in once (printed in the terminal, never shown on a page)."""
    token = secrets.token_urlsafe(24)
    app.state.login_tokens.add(token)
    return f"/lecturer/login/{token}"


def _logged_in(request):
    cookie = request.cookies.get(LECTURER_COOKIE, "")
    expected = lecturer_cookie(request.app.state.secret, request.app.state.key)
    return bool(cookie) and hmac.compare_digest(cookie, expected)


def _log_in(request, response):
    response.set_cookie(
        LECTURER_COOKIE,
        lecturer_cookie(request.app.state.secret, request.app.state.key),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _lecturer_page(endpoint):
    """Lecturer pages: log in first; POSTs need a valid CSRF token. Runs in a thread."""

    async def guarded(request):
        if not _logged_in(request):
            if request.method == "GET":
                return RedirectResponse(link(request, "/lecturer/login"), status_code=303)
            return message_page(request, 403, "Log in first", "This needs the lecturer key.")
        data = {}
        if request.method == "POST":
            data = dict(await request.form(max_files=0, max_fields=20))
            if not csrf_ok(request.app.state.secret, device_of(request), data.get("csrf")):
                return message_page(
                    request,
                    403,
                    "The form has expired",
                    "Reload the lecturer page and try again.",
                    back=link(request, "/lecturer"),
                )
        return await run_in_threadpool(endpoint, request, data)

    return guarded


def login_form(request):
    return render(request, "login.html", title="Lecturer login", problem=None)


async def login(request):
    data = await request.form(max_files=0, max_fields=5)
    if not csrf_ok(request.app.state.secret, device_of(request), data.get("csrf")):
        return render(
            request,
            "login.html",
            status=403,
            title="Lecturer login",
            problem="The form has expired: reload this page and paste the key again.",
        )
    given = str(data.get("key", "")).strip()
    if not hmac.compare_digest(given.encode(), request.app.state.key.encode()):
        return render(
            request,
            "login.html",
            status=403,
            title="Lecturer login",
            problem="That is not the lecturer key. Copy it from the terminal where the "
            "service was started.",
        )
    return _log_in(request, RedirectResponse(link(request, "/lecturer"), status_code=303))


def login_link(request):
    token = request.path_params["token"]
    tokens = request.app.state.login_tokens
    if token not in tokens:
        return message_page(
            request,
            403,
            "This login link has been used",
            "A login link works once. Log in with the key instead.",
            back=link(request, "/lecturer/login"),
            back_text="Log in with the key",
        )
    tokens.discard(token)
    return _log_in(request, RedirectResponse(link(request, "/lecturer"), status_code=303))


def logout(request):
    response = RedirectResponse(link(request, "/lecturer/login"), status_code=303)
    response.delete_cookie(LECTURER_COOKIE, path="/")
    return response


def overview(request, data, problem=None, status=200):
    store = request.app.state.store
    return render(
        request,
        "lecturer.html",
        status=status,
        title="Class sessions",
        sessions=[session_json(request, s) for s in store.list_sessions()],
        instruments=[(i, load_instrument(i).name) for i in teaching_instruments()],
        modes=MODES,
        problem=problem,
    )


def create(request, data):
    fields = {k: data.get(k, "") for k in ("instrument", "mode", "title")}
    try:
        session = create_session_from(request, fields)
    except Refusal as refusal:
        return overview(request, data, problem=refusal.text, status=refusal.status)
    return RedirectResponse(link(request, f"/lecturer/sessions/{session['code']}"), 303)


def _session(request):
    code = clean_code(request.path_params["code"])
    return request.app.state.store.get_session(code) if code else None


def _unknown(request):
    return message_page(
        request,
        404,
        "Unknown session",
        "No class session has that code.",
        back=link(request, "/lecturer"),
    )


def session_page(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    store = request.app.state.store
    shown = session_json(request, session)
    counts = store.count_submissions(session["id"])
    rounds = [
        {**r, "submissions": counts.get(r["round"], 0)} for r in store.list_rounds(session["id"])
    ]
    return render(
        request,
        "session.html",
        title=f"Class session {session['code']}",
        session=shown,
        instrument=load_instrument(session["instrument"]),
        qr=qr_svg(shown["join_url"]),
        rounds=rounds,
        open_round=next((r["round"] for r in rounds if r["status"] == "open"), None),
    )


def _back_to(request, session):
    return RedirectResponse(link(request, f"/lecturer/sessions/{session['code']}"), 303)


def open_round(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    if session["status"] == "open":
        request.app.state.store.open_round(session["id"])
    return _back_to(request, session)


def close_round(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    request.app.state.store.close_round(session["id"], request.path_params["number"])
    return _back_to(request, session)


def archive(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    request.app.state.store.set_status(session["id"], "archived")
    return _back_to(request, session)


def delete(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    if data.get("confirm") != "yes":
        return message_page(
            request,
            400,
            "Not deleted",
            "Tick the box that confirms the deletion: it removes the session and every answer.",
            back=link(request, f"/lecturer/sessions/{session['code']}"),
        )
    request.app.state.store.delete_session(session["id"])
    return RedirectResponse(link(request, "/lecturer"), 303)


def download(request, data):
    session = _session(request)
    if session is None:
        return _unknown(request)
    return Response(
        answers_csv(request.app.state.store, session),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="class-{session["code"]}.csv"'},
    )


def routes():
    page = _lecturer_page
    return [
        Route("/lecturer/login", login_form, methods=["GET"]),
        Route("/lecturer/login", login, methods=["POST"]),
        Route("/lecturer/login/{token}", login_link, methods=["GET"]),
        Route("/lecturer/logout", logout, methods=["POST"]),
        Route("/lecturer", page(overview), methods=["GET"]),
        Route("/lecturer/sessions", page(create), methods=["POST"]),
        Route("/lecturer/sessions/{code}", page(session_page), methods=["GET"]),
        Route("/lecturer/sessions/{code}/rounds", page(open_round), methods=["POST"]),
        Route(
            "/lecturer/sessions/{code}/rounds/{number:int}/close",
            page(close_round),
            methods=["POST"],
        ),
        Route("/lecturer/sessions/{code}/archive", page(archive), methods=["POST"]),
        Route("/lecturer/sessions/{code}/delete", page(delete), methods=["POST"]),
        Route("/lecturer/sessions/{code}/answers.csv", page(download), methods=["GET"]),
    ]
