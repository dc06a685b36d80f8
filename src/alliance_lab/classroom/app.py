"""The class service as one Starlette application (``create_app``)."""

import logging
import os
import secrets

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import JSONResponse

from . import api, lecturer, student
from .pages import message_page
from .security import AccessLog, BodyLimit, RateLimiter, SecurityHeaders
from .store import ClassStore, database_url_for

__all__ = ["KEY_ENV", "create_app"]

KEY_ENV = "ALLIANCE_LAB_CLASS_KEY"
log = logging.getLogger("alliance_lab.classroom")

_HEADINGS = {
    400: ("Something in the request is wrong", "Go back and try again."),
    404: ("Page not found", "This address is not a page of the class service. Check the link."),
    405: ("Not allowed", "This page cannot be used that way. Go back and use the form."),
    413: ("Too much was sent", "The form sent more than any answer form needs."),
    429: ("Too many tries", "Wait a minute, then try again."),
}


def _http_error(request, exc):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)
    heading, text = _HEADINGS.get(exc.status_code, ("Something went wrong", "Go back and retry."))
    return message_page(request, exc.status_code, heading, text)


def _server_error(request, exc):
    # The details go to the server's log, never to the page.
    log.error("error while answering %s %s", request.method, request.url.path, exc_info=exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": "The class service hit an internal error; see its log."}, status_code=500
        )
    return message_page(
        request,
        500,
        "Something went wrong",
        "The class service could not handle this page. Your answers may not have been saved: "
        "go back and send the form again in a moment.",
    )


def create_app(*, database_url=None, data_dir=None, lecturer_key=None, public_url=None):
    """The class-mode web application.

    Parameters
    ----------
    database_url : str, optional
        ``postgresql://user@host:port/db`` for a PostgreSQL server; default an SQLite file
        ``class.sqlite3`` in the data folder.
    data_dir : str or path, optional
        The data folder (default: ``al.data_folder()``).
    lecturer_key : str, optional
        The secret the lecturer's pages and API need; default the environment variable
        ``ALLIANCE_LAB_CLASS_KEY``, else a new random key (``app.state.key``).
    public_url : str, optional
        The address students' phones use (for the join link and QR code); default the
        address each request came to.
    """
    store = ClassStore(database_url_for(database_url, data_dir))
    app = Starlette(
        routes=student.routes() + lecturer.routes() + api.routes(),
        middleware=[
            Middleware(AccessLog),
            Middleware(SecurityHeaders),
            Middleware(BodyLimit),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.store = store
    app.state.secret = store.secret()
    app.state.key = lecturer_key or os.environ.get(KEY_ENV) or secrets.token_urlsafe(18)
    app.state.public_url = public_url
    app.state.login_tokens = set()
    app.state.answers_cache = {}
    app.state.limiters = {
        "submit": RateLimiter(per_minute=30, burst=10),
        "join": RateLimiter(per_minute=30, burst=10),
    }
    return app
