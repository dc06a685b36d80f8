"""The student's pages: enter the code, choose a chair, fill in the form, see "received".

Plain server-rendered HTML that works without JavaScript on a phone. No login and no
name: a random token in a cookie tells the service that a second form from the same
phone in the same round replaces the first.
"""

from importlib import resources
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..instruments.definition import load_instrument
from .codes import clean_code
from .form import CHAIRS, check_chair, check_group, check_responses, form_items
from .pages import device_of, link, message_page, render
from .security import csrf_ok
from .store import RoundClosed, device_hash

__all__ = ["routes"]

MAX_FIELDS = 200


def _allowed(request, bucket):
    key = device_of(request) or "(no cookie)"
    return request.app.state.limiters[bucket].allow(key)


def _too_fast(request):
    return message_page(
        request,
        429,
        "Too many tries",
        "This phone sent many requests in a short time. Wait a minute, then try again.",
    )


def home(request):
    return render(request, "join.html", title="Join the class role-play", problem=None, code="")


def join(request):
    if not _allowed(request, "join"):
        return _too_fast(request)
    typed = request.query_params.get("code", "")
    code = clean_code(typed)
    problem = None
    if code is None:
        problem = (
            f"{typed.strip()[:20]!r} is not a join code. A join code is five capital letters, "
            "as shown on the lecturer's screen. Type it again."
            if typed.strip()
            else "Type the join code shown on the lecturer's screen."
        )
    elif request.app.state.store.get_session(code) is None:
        problem = (
            f"No class session has the code {code}. Check the code on the lecturer's screen "
            "and type it again."
        )
    if problem:
        return render(
            request,
            "join.html",
            status=400 if code is None else 404,
            title="Join the class role-play",
            problem=problem,
            code=typed[:20],
        )
    return RedirectResponse(link(request, f"/c/{code}"), status_code=303)


def _session_or_page(request):
    """The open session named in the path, or the page that says why not."""
    code = clean_code(request.path_params["code"])
    session = request.app.state.store.get_session(code) if code else None
    if session is None:
        shown = request.path_params["code"][:20]
        return None, message_page(
            request,
            404,
            "Unknown code",
            f"No class session has the code {shown!r}. Check the code on the lecturer's screen.",
            back=link(request, "/"),
            back_text="Enter the code again",
        )
    if session["status"] != "open":
        return None, message_page(
            request,
            410,
            "This session has closed",
            f"The class session {code} has closed: it takes no more answers.",
        )
    return session, None


def _no_round(request, session):
    return message_page(
        request,
        409,
        "No round is open",
        "The lecturer has not opened a round for answers yet (or has just closed one). Wait "
        "until the lecturer says so, then reload this page.",
        back=link(request, f"/c/{session['code']}"),
        back_text="Reload",
    )


def _chairs(instrument):
    return [(p, CHAIRS[p]) for p in instrument.perspectives]


def chair(request):
    session, refusal = _session_or_page(request)
    if refusal:
        return refusal
    if request.app.state.store.open_round_number(session["id"]) is None:
        return _no_round(request, session)
    instrument = load_instrument(session["instrument"])
    return render(
        request,
        "chair.html",
        title="Choose your chair",
        session=session,
        chairs=_chairs(instrument),
        chosen=request.query_params.get("perspective", ""),
        group=request.query_params.get("group", ""),
        problem=None,
    )


def _form_page(
    request,
    session,
    instrument,
    *,
    round,
    perspective,
    group,
    given,
    problems,
    status=200,
    earlier=False,
):
    return render(
        request,
        "form.html",
        status=status,
        title=f"Round {round}: your ratings as {perspective}",
        session=session,
        instrument=instrument,
        round=round,
        perspective=perspective,
        chair_label=CHAIRS[perspective],
        group=group,
        items=form_items(instrument, perspective, given),
        problems=problems,
        earlier=earlier,
    )


def form(request):
    session, refusal = _session_or_page(request)
    if refusal:
        return refusal
    store = request.app.state.store
    instrument = load_instrument(session["instrument"])
    round = store.open_round_number(session["id"])
    if round is None:
        return _no_round(request, session)
    params = request.query_params
    perspective, chair_problem = check_chair(params.get("perspective"), instrument)
    group, group_problem = check_group(params.get("group"), session["mode"])
    problems = [p for p in (chair_problem, group_problem) if p]
    if problems:
        return render(
            request,
            "chair.html",
            status=400,
            title="Choose your chair",
            session=session,
            chairs=_chairs(instrument),
            chosen=params.get("perspective", ""),
            group=params.get("group", "")[:20],
            problem=" ".join(problems),
        )
    device = device_of(request)
    earlier = None
    if device:
        earlier = store.previous_submission(
            session_id=session["id"], round=round, device=device_hash(device)
        )
    given = earlier["responses"] if earlier and earlier["perspective"] == perspective else {}
    return _form_page(
        request,
        session,
        instrument,
        round=round,
        perspective=perspective,
        group=group,
        given=given,
        problems=[],
        earlier=earlier is not None,
    )


async def submit(request):
    if not _allowed(request, "submit"):
        return _too_fast(request)
    data = await request.form(max_files=0, max_fields=MAX_FIELDS)
    # the database work runs in a worker thread, not in the event loop
    return await run_in_threadpool(_submit, request, data)


def _submit(request, data):
    session, refusal = _session_or_page(request)
    if refusal:
        return refusal
    device = device_of(request)
    code = session["code"]
    if not device:
        return message_page(
            request,
            400,
            "Your browser sent no cookie",
            "This page needs one cookie (a random number, nothing about you) to tell your "
            "answers apart from a second copy. Allow cookies for this page, then open the "
            "form again.",
            back=link(request, f"/c/{code}"),
            back_text="Open the form again",
        )
    if not csrf_ok(request.app.state.secret, device, data.get("csrf")):
        return message_page(
            request,
            403,
            "The form has expired",
            "This form was not sent from this page, or it is too old. Open the form again "
            "and send your answers from there.",
            back=link(request, f"/c/{code}"),
            back_text="Open the form again",
        )
    return _store_answers(request, session, device, data)


def _store_answers(request, session, device, data):
    store = request.app.state.store
    instrument = load_instrument(session["instrument"])
    code = session["code"]
    open_round = store.open_round_number(session["id"])
    sent_round = str(data.get("round", ""))
    if open_round is None or sent_round != str(open_round):
        return message_page(
            request,
            409,
            "This round has closed",
            f"Round {sent_round[:6] or '?'} is closed: answers for it are no longer taken. "
            + (
                f"Round {open_round} is open now: open the form again to answer it."
                if open_round
                else "Wait for the lecturer to open the next round."
            ),
            back=link(request, f"/c/{code}"),
            back_text="Open the form again",
        )
    perspective, chair_problem = check_chair(data.get("perspective"), instrument)
    group, group_problem = check_group(data.get("group"), session["mode"])
    if chair_problem or group_problem:
        return message_page(
            request,
            400,
            "Choose your chair again",
            " ".join(p for p in (chair_problem, group_problem) if p),
            back=link(request, f"/c/{code}"),
            back_text="Choose your chair",
        )
    responses, problems = check_responses(data, instrument)
    if problems:
        return _form_page(
            request,
            session,
            instrument,
            round=open_round,
            perspective=perspective,
            group=group,
            given=responses,
            problems=problems,
            status=400,
        )
    try:
        _, replaced = store.save_submission(
            session_id=session["id"],
            round=open_round,
            device=device_hash(device),
            group=group,
            perspective=perspective,
            responses=responses,
        )
    except RoundClosed:
        return message_page(
            request,
            409,
            "This round has closed",
            f"Round {open_round} closed just before your answers arrived; they were not "
            "saved. Wait for the lecturer to open the next round.",
            back=link(request, f"/c/{code}"),
            back_text="Reload",
        )
    # committed: only now does the student hear "received"
    query = urlencode({"round": open_round, "replaced": int(replaced)})
    return RedirectResponse(link(request, f"/c/{code}/received?{query}"), status_code=303)


def received(request):
    session, refusal = _session_or_page(request)
    if refusal:
        return refusal
    store = request.app.state.store
    device = device_of(request)
    round_text = request.query_params.get("round", "")
    mine = None
    if device and round_text.isdigit():
        mine = store.previous_submission(
            session_id=session["id"], round=int(round_text), device=device_hash(device)
        )
    if mine is None:
        return message_page(
            request,
            404,
            "Nothing received",
            "No answers from this phone are stored for that round. Open the form to answer.",
            back=link(request, f"/c/{session['code']}"),
            back_text="Open the form",
        )
    still_open = store.open_round_number(session["id"]) == mine["round"]
    query = urlencode(
        {"perspective": mine["perspective"], "group": mine["group"] or ""}, doseq=False
    )
    return render(
        request,
        "received.html",
        title="Received",
        session=session,
        mine=mine,
        replaced=request.query_params.get("replaced") == "1",
        still_open=still_open,
        change_link=link(request, f"/c/{session['code']}/form?{query}"),
    )


#: The only files served from static/: the 0-10 line's number and the lecturer's live counts.
SCRIPTS = ("range.js", "counts.js")


def script(request):
    name = request.path_params["name"]
    if name not in SCRIPTS:
        return Response("Not found", status_code=404, media_type="text/plain")
    text = resources.files("alliance_lab.classroom").joinpath("static", name).read_text()
    return Response(text, media_type="text/javascript; charset=utf-8")


def routes():
    return [
        Route("/static/{name}", script),
        Route("/", home),
        Route("/join", join),
        Route("/c/{code}", chair),
        Route("/c/{code}/form", form, methods=["GET"]),
        Route("/c/{code}/form", submit, methods=["POST"]),
        Route("/c/{code}/received", received),
    ]
