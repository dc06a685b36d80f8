"""Guards of the class service: lecturer key, device cookie, CSRF tokens, rate limit,
request size limit, security headers and an access log without client addresses.

The size limit, headers and log are plain ASGI middleware (they wrap every request);
the rest are small functions the pages call.
"""

import hashlib
import hmac
import logging
import secrets
import threading
import time

__all__ = [
    "DEVICE_COOKIE",
    "LECTURER_COOKIE",
    "AccessLog",
    "BodyLimit",
    "RateLimiter",
    "SecurityHeaders",
    "bearer_key",
    "csrf_ok",
    "csrf_token",
    "lecturer_cookie",
    "new_device_token",
]

DEVICE_COOKIE = "al_device"
LECTURER_COOKIE = "al_lecturer"
MAX_BODY = 64 * 1024  # bytes; a form of 60 items is under 4 KB

log = logging.getLogger("alliance_lab.classroom")


def new_device_token():
    return secrets.token_urlsafe(24)


def _sign(secret, purpose, value):
    message = f"{purpose}:{value}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:48]


def csrf_token(secret, device):
    """The anti-forgery token for forms sent from the browser holding ``device``.

    >>> token = csrf_token("s", "device-1")
    >>> csrf_ok("s", "device-1", token), csrf_ok("s", "device-2", token), csrf_ok("s", "", "")
    (True, False, False)
    """
    return _sign(secret, "csrf", device)


def csrf_ok(secret, device, token):
    if not device or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, device), str(token))


def lecturer_cookie(secret, key):
    """The value of the lecturer's login cookie: derived from the key, not the key."""
    return _sign(secret, "lecturer", key)


def bearer_key(request):
    """The key in an ``Authorization: Bearer ...`` header, or ''."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


class RateLimiter:
    """A token bucket per device: ``burst`` requests at once, then ``per_minute``.

    >>> limiter = RateLimiter(per_minute=60, burst=2)
    >>> [limiter.allow("a", now=0.0) for _ in range(3)], limiter.allow("a", now=1.0)
    ([True, True, False], True)
    """

    def __init__(self, *, per_minute, burst, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock  # a test can stop it, so a slow machine cannot refill the bucket
        self.buckets = {}
        self.lock = threading.Lock()

    def allow(self, key, *, now=None):
        now = self.clock() if now is None else now
        with self.lock:
            tokens, last = self.buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self.buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            if len(self.buckets) > 50_000:  # forget devices that have been quiet
                cutoff = now - self.burst / self.rate
                self.buckets = {k: v for k, v in self.buckets.items() if v[1] > cutoff}
            return allowed


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app, *, limit=MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _too_large(scope, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _too_large(scope, send)


class _TooLarge(Exception):
    pass


async def _too_large(scope, send):
    api = scope.get("path", "").startswith("/api/")
    if api:
        body = b'{"error": "The request is too large (over 64 KB)."}'
        kind = b"application/json"
    else:
        body = (
            b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Too large"
            b"</title></head><body><main><h1>Too much was sent</h1><p>The form sent more than"
            b" 64 KB, more than any answer form needs. Go back and send the form again."
            b"</p></main></body></html>"
        )
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Headers that keep pages from running foreign scripts, being framed or cached."""

    HEADERS = [
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cache-control", b"no-store"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessLog:
    """One log line per request: method, path (no query string), status and time taken.

    No client address, no cookie, no query string (a one-time login link carries its
    token there) is ever written.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def send_and_note(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            path = scope.get("path", "")
            if path.startswith("/lecturer/login/"):
                path = "/lecturer/login/..."
            log.info(
                "%s %s %d %.0f ms",
                scope.get("method"),
                path,
                status,
                1000 * (time.perf_counter() - start),
            )
