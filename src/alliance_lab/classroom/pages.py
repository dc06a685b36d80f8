"""Rendering helpers shared by the student and lecturer pages: templates, the device
cookie, links, and the plain message page every error ends on."""

from importlib import resources

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse

from .security import DEVICE_COOKIE, csrf_token, new_device_token

__all__ = ["device_of", "link", "message_page", "render", "site_url", "with_device"]

_ENV = jinja2.Environment(
    loader=jinja2.FunctionLoader(
        lambda name: (
            resources.files("alliance_lab.classroom")
            .joinpath("templates", name)
            .read_text(encoding="utf-8")
        )
    ),
    autoescape=True,  # every value is escaped: a typed <script> shows as text
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def device_of(request):
    """The device token from the cookie, or '' when the browser sent none."""
    token = request.cookies.get(DEVICE_COOKIE, "")
    return token if 16 <= len(token) <= 64 else ""


def with_device(request, response, token=None):
    """Give the browser a device cookie if it has none (random, no meaning, one year)."""
    if token and not device_of(request):
        response.set_cookie(
            DEVICE_COOKIE,
            token,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response


def link(request, path):
    """A link within the service (respects a reverse proxy's path prefix)."""
    return request.scope.get("root_path", "").rstrip("/") + path


def site_url(request):
    """The address students' phones use: the public URL if the server was given one, else
    the address this request came to."""
    public = getattr(request.app.state, "public_url", None)
    if public:
        return public.rstrip("/")
    return str(request.base_url).rstrip("/")


def render(request, template, status=200, **context):
    """An HTML page; sets the device cookie on the way and fills in the CSRF token."""
    device = device_of(request) or new_device_token()
    context.setdefault("title", "Class role-play")
    page = _ENV.get_template(template).render(
        root=link(request, ""),
        csrf=csrf_token(request.app.state.secret, device),
        markup=Markup,
        **context,
    )
    response = HTMLResponse(page, status_code=status)
    return with_device(request, response, device)


def message_page(request, status, heading, text, *, back=None, back_text="Back"):
    """The page for every refusal: a heading, a plain sentence, and a way on."""
    return render(
        request,
        "message.html",
        status=status,
        title=heading,
        heading=heading,
        text=text,
        back=back,
        back_text=back_text,
    )
