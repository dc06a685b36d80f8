"""The lecturer's JSON API (``/api/...``): every endpoint but ``/api/health`` needs the
header ``Authorization: Bearer <lecturer key>``.

The live view (``al.class_view``) reads it, so it works when the service runs on
another machine. Errors come back as ``{"error": "<a sentence>"}``.
"""

import functools
import hmac
import json
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..instruments.definition import list_instruments, load_instrument
from .codes import clean_code
from .pages import site_url
from .rehearsal import MAX_STUDENTS, rehearse
from .results import answer_rows, answers_csv
from .security import bearer_key
from .store import SCHEMA_VERSION

__all__ = ["routes", "session_json", "teaching_instruments"]

MODES = ("hall", "triads")
MAX_TITLE = 200


class Refusal(Exception):
    def __init__(self, status, text):
        super().__init__(text)
        self.status = status
        self.text = text


def _error(status, text):
    return JSONResponse({"error": text}, status_code=status)


def teaching_instruments():
    """Ids of the instruments a class can use: the teaching forms about the alliance.

    Only teaching forms carry wording; outcome forms (how the client's week went) are left
    out, because a class rates the alliance of a role-play, not a client's week.
    """
    table = list_instruments()
    return [
        i
        for i in table["id"]
        if load_instrument(i).teaching and load_instrument(i).measures == "alliance"
    ]


def session_json(request, session):
    return {
        "code": session["code"],
        "title": session["title"],
        "join_url": f"{site_url(request)}/c/{session['code']}",
        "instrument": session["instrument"],
        "version": session["version"],
        "mode": session["mode"],
        "status": session["status"],
        "created_at": session["created_at"],
    }


def lecturer_only(endpoint):
    """Refuse without the key (401) or with a wrong one (403); run the rest in a thread."""

    @functools.wraps(endpoint)
    async def guarded(request):
        given = bearer_key(request)
        if not given:
            return _error(
                401,
                "This needs the lecturer key: send the header 'Authorization: Bearer <key>'. "
                "The key is printed in the terminal where the service was started.",
            )
        if not hmac.compare_digest(given.encode(), request.app.state.key.encode()):
            return _error(403, "The lecturer key is wrong.")
        body = None
        if request.method in ("POST", "PUT"):
            raw = await request.body()
            if raw.strip():
                try:
                    body = json.loads(raw)
                except ValueError:
                    return _error(400, "The request body is not valid JSON.")
                if not isinstance(body, dict):
                    return _error(400, "The request body must be a JSON object.")
        try:
            return await run_in_threadpool(endpoint, request, body or {})
        except Refusal as refusal:
            return _error(refusal.status, refusal.text)

    return guarded


def _session(request):
    code = clean_code(request.path_params["code"])
    session = request.app.state.store.get_session(code) if code else None
    if session is None:
        raise Refusal(404, f"No class session has the code {request.path_params['code'][:20]!r}.")
    return session


def _check_fields(body, allowed):
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise Refusal(400, f"Unknown field(s) {extra}; allowed: {sorted(allowed)}.")


def _int(body, name, *, low, high, default=None, required=False):
    value = body.get(name, default)
    if value is None:
        if required:
            raise Refusal(400, f"{name} is required: a whole number from {low} to {high}.")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Refusal(400, f"{name} must be a whole number from {low} to {high}; got {value!r}.")
    return value


def health(request):
    return JSONResponse({"status": "ok", "schema_version": SCHEMA_VERSION})


@lecturer_only
def instruments(request, body):
    return JSONResponse(
        [
            {
                "id": i,
                "name": load_instrument(i).name,
                "perspectives": load_instrument(i).perspectives,
            }
            for i in teaching_instruments()
        ]
    )


@lecturer_only
def list_sessions(request, body):
    return JSONResponse([session_json(request, s) for s in request.app.state.store.list_sessions()])


def create_session_from(request, body):
    """Check the fields of a new session and create it (shared with the lecturer page)."""
    _check_fields(body, {"instrument", "mode", "title"})
    teaching = teaching_instruments()
    instrument = body.get("instrument")
    if instrument not in teaching:
        raise Refusal(
            400,
            f"instrument must be one of the teaching forms {teaching}; got {instrument!r}.",
        )
    mode = body.get("mode", "hall")
    if mode not in MODES:
        raise Refusal(400, f"mode must be 'hall' or 'triads'; got {mode!r}.")
    title = body.get("title", "")
    if not isinstance(title, str) or len(title) > MAX_TITLE:
        raise Refusal(400, f"title must be a text of at most {MAX_TITLE} characters.")
    inst = load_instrument(instrument)
    return request.app.state.store.create_session(
        instrument=inst.id, version=inst.version, mode=mode, title=title.strip()
    )


@lecturer_only
def create_session(request, body):
    session = create_session_from(request, body)
    return JSONResponse(session_json(request, session), status_code=201)


@lecturer_only
def get_session(request, body):
    store = request.app.state.store
    session = _session(request)
    counts = store.count_submissions(session["id"])
    rounds = [
        {**r, "submissions": counts.get(r["round"], 0)} for r in store.list_rounds(session["id"])
    ]
    return JSONResponse({"session": session_json(request, session), "rounds": rounds})


def _must_be_open(session):
    if session["status"] != "open":
        raise Refusal(409, f"Session {session['code']} is {session['status']}: it takes no rounds.")


@lecturer_only
def open_round(request, body):
    _check_fields(body, set())
    session = _session(request)
    _must_be_open(session)
    number = request.app.state.store.open_round(session["id"])
    return JSONResponse({"round": number, "status": "open"}, status_code=201)


@lecturer_only
def close_round(request, body):
    session = _session(request)
    number = request.path_params["number"]
    if not request.app.state.store.close_round(session["id"], number):
        raise Refusal(404, f"Session {session['code']} has no round {number}.")
    return JSONResponse({"round": number, "status": "closed"})


@lecturer_only
def rehearse_round(request, body):
    _check_fields(body, {"round", "n_students", "groups", "seed"})
    store = request.app.state.store
    session = _session(request)
    _must_be_open(session)
    known = {r["round"] for r in store.list_rounds(session["id"])}
    number = _int(body, "round", low=1, high=10_000, default=store.open_round_number(session["id"]))
    if number is None or number not in known:
        raise Refusal(
            409 if number is None else 404,
            "Open a round first (POST .../rounds), then rehearse it."
            if number is None
            else f"Session {session['code']} has no round {number}.",
        )
    n_students = _int(body, "n_students", low=1, high=MAX_STUDENTS, required=True)
    groups = _int(body, "groups", low=1, high=500)
    if session["mode"] == "triads" and groups is None:
        raise Refusal(400, "In triads mode give groups: the number of triads to simulate.")
    seed = _int(body, "seed", low=0, high=2**32 - 1)
    instrument = load_instrument(session["instrument"])
    try:
        stored = rehearse(
            store,
            session,
            instrument,
            round=number,
            n_students=n_students,
            groups=groups,
            seed=seed,
        )
    except ImportError:
        raise Refusal(
            501, "Rehearsal needs alliance_lab.simulation.raters, which this version lacks."
        ) from None
    except ValueError as error:
        raise Refusal(400, str(error)) from None
    return JSONResponse({"round": number, "submissions": stored})


def _answers_json(request, session):
    """The answers as JSON text. The live view asks every few seconds: the text is kept
    per form and only forms sent or changed since the last read are fetched again."""
    store = request.app.state.store
    cache = request.app.state.answers_cache
    state = store.answers_state(session["id"])  # (forms, changes, latest time)
    cached = cache.get(session["id"])
    if cached is not None and cached["state"] == state:
        return cached["text"]
    if cached is not None and state[0] >= cached["state"][0] and cached["latest"]:
        # a margin for server processes whose clocks differ a little
        since = (datetime.fromisoformat(cached["latest"]) - timedelta(seconds=5)).isoformat(
            timespec="milliseconds"
        )
        forms = dict(cached["forms"])
    else:
        since, forms = None, {}
    fresh = {}
    for row in answer_rows(store, session, since=since):
        fresh.setdefault(row["submission"], []).append(json.dumps(row, separators=(",", ":")))
    forms.update({submission: ",".join(rows) for submission, rows in fresh.items()})
    if len(forms) != state[0]:  # something else changed: read everything again
        forms = {}
        for row in answer_rows(store, session):
            forms.setdefault(row["submission"], []).append(json.dumps(row, separators=(",", ":")))
        forms = {submission: ",".join(rows) for submission, rows in forms.items()}
    text = "[" + ",".join(forms[k] for k in sorted(forms)) + "]"
    if len(cache) > 50:
        cache.clear()
    cache[session["id"]] = {"state": state, "latest": state[2], "forms": forms, "text": text}
    return text


@lecturer_only
def answers(request, body):
    store = request.app.state.store
    session = _session(request)
    head = json.dumps(
        {"session": session_json(request, session), "rounds": store.list_rounds(session["id"])}
    )
    text = head[:-1] + ', "answers": ' + _answers_json(request, session) + "}"
    return Response(text, media_type="application/json")


@lecturer_only
def answers_file(request, body):
    session = _session(request)
    return Response(
        answers_csv(request.app.state.store, session),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="class-{session["code"]}.csv"'},
    )


@lecturer_only
def archive(request, body):
    session = _session(request)
    request.app.state.store.set_status(session["id"], "archived")
    return JSONResponse({"code": session["code"], "status": "archived"})


@lecturer_only
def delete(request, body):
    session = _session(request)
    request.app.state.store.delete_session(session["id"])
    return JSONResponse({"code": session["code"], "status": "deleted"})


def routes():
    return [
        Route("/api/health", health),
        Route("/api/instruments", instruments),
        Route("/api/sessions", list_sessions, methods=["GET"]),
        Route("/api/sessions", create_session, methods=["POST"]),
        Route("/api/sessions/{code}", get_session, methods=["GET"]),
        Route("/api/sessions/{code}", delete, methods=["DELETE"]),
        Route("/api/sessions/{code}/rounds", open_round, methods=["POST"]),
        Route("/api/sessions/{code}/rounds/{number:int}/close", close_round, methods=["POST"]),
        Route("/api/sessions/{code}/rehearse", rehearse_round, methods=["POST"]),
        Route("/api/sessions/{code}/answers", answers, methods=["GET"]),
        Route("/api/sessions/{code}/answers.csv", answers_file, methods=["GET"]),
        Route("/api/sessions/{code}/archive", archive, methods=["POST"]),
    ]
