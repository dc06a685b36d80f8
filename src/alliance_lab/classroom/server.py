"""Running the class service with uvicorn: in a background thread (notebooks, tests, the
static-site build) or in the foreground (``alliance-lab class serve``).

uvicorn's own access log is switched off: it would write each client's address. The
service writes its own log lines without them (see ``security.AccessLog``).
"""

import logging
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

import uvicorn

from .app import create_app
from .lecturer import new_login_link
from .network import base_url

__all__ = ["ClassServer", "run", "serve_in_background"]

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(message)s"}},
    "handlers": {"err": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "uvicorn": {"handlers": ["err"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "alliance_lab.classroom": {"handlers": ["err"], "level": "INFO", "propagate": False},
    },
}


def _config(app, *, public_url, log_config=None, proxy_ips="127.0.0.1"):
    return uvicorn.Config(
        app,
        access_log=False,  # uvicorn's access log names client addresses
        log_config=log_config,
        proxy_headers=public_url is not None,  # scheme from the department's reverse proxy
        forwarded_allow_ips=proxy_ips,
        root_path=urlsplit(public_url).path.rstrip("/") if public_url else "",
        server_header=False,
        timeout_graceful_shutdown=5,
        limit_concurrency=1000,
    )


class ClassServer:
    """A class service running in a background thread: ``.url``, ``.key``, ``.stop()``."""

    def __init__(self, app, sock, url):
        self.app = app
        self.url = url
        self.key = app.state.key
        config = _config(app, public_url=None)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._sock = sock
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the class service did not start; see the log above")
            time.sleep(0.02)

    def login_url(self):
        """A one-time link that logs a browser in as the lecturer."""
        return self.url + new_login_link(self.app)

    def stop(self):
        """Stop the server and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()
        self.app.state.store.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def __repr__(self):
        return f"ClassServer(url={self.url!r})"


def serve_in_background(
    *, database_url=None, data_dir=None, host="127.0.0.1", port=0, lecturer_key=None
):
    """Start the class service in a thread; return a handle with ``.url``, ``.key``, ``.stop()``.

    For notebooks, tests and rehearsal on one computer: listens on loopback by default.

    Examples
    --------
    >>> import tempfile, urllib.request
    >>> server = serve_in_background(data_dir=tempfile.mkdtemp())
    >>> urllib.request.urlopen(server.url + "/api/health").status
    200
    >>> server.stop()
    """
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    url = base_url(host=host, port=sock.getsockname()[1])
    app = create_app(database_url=database_url, data_dir=data_dir, lecturer_key=lecturer_key)
    app.state.public_url = url
    return ClassServer(app, sock, url)


def run(*, host, port, database_url=None, data_dir=None, public_url=None, proxy_ips=None, out=None):
    """Serve in the foreground until Ctrl+C (``alliance-lab class serve``)."""
    out = out or sys.stdout
    app = create_app(database_url=database_url, data_dir=data_dir)
    app.state.public_url = base_url(host=host, port=port, public_url=public_url)
    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"
    if ":" in host and host != "::":
        local = f"http://[{host}]:{port}"
    print(
        "alliance-lab class service\n"
        f"  students join at:   {app.state.public_url}/\n"
        f"  lecturer page:      {local}{new_login_link(app)}\n"
        "                      (opens once on this computer; then log in with the key)\n"
        f"  lecturer key:       {app.state.key}\n"
        "                      (for al.class_view; keep it off the projected screen)\n"
        "Stop with Ctrl+C.",
        file=out,
        flush=True,
    )
    logging.getLogger("alliance_lab.classroom").setLevel(logging.INFO)
    config = _config(
        app, public_url=public_url, log_config=LOG_CONFIG, proxy_ips=proxy_ips or "127.0.0.1"
    )
    config.host, config.port = host, port
    uvicorn.Server(config).run()
    return 0
