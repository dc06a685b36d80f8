"""Fixtures for the real-browser tests: a JupyterLab server and headless Chromium.

The server is started by the tests on 127.0.0.1 with a free port, serves a copy of
``notebooks/`` (so running cells never changes the committed files) and keeps
learners' saved answers in a temporary folder. The browser is Debian's Chromium;
Playwright never downloads one. Where Chromium is missing the tests are skipped
with the install command, except under ``CI=true``, where that is a failure.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .lab import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
MISSING_BROWSER = (
    f"Chromium not found at {CHROMIUM}; the real-browser tests need it. "
    "Install it with: sudo apt-get install -y chromium"
)

# JupyterLab settings for a quiet, deterministic test server: no news or update
# checks (no network), no autosave (the copies stay as they are), and every cell
# kept in the page so the tests can see all of them.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url, *, timeout=90, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING_BROWSER)
        pytest.skip(MISSING_BROWSER)
    return CHROMIUM


@pytest.fixture(scope="session")
def server_root(tmp_path_factory):
    """A throw-away copy of the notebooks that the server serves."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    return root


@pytest.fixture(scope="session")
def user_data_dir(tmp_path_factory):
    """Where the server's kernels keep saved questionnaire answers."""
    return tmp_path_factory.mktemp("alliance-lab-data")


@pytest.fixture(scope="session")
def lab_server(chromium_path, server_root, user_data_dir, tmp_path_factory):
    """Start ``jupyter lab`` on 127.0.0.1 with a free port; yield its base URL."""
    settings_dir = tmp_path_factory.mktemp("lab-settings")
    for name, value in LAB_SETTINGS.items():
        target = settings_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    port = _free_port()
    env = dict(os.environ, ALLIANCE_LAB_DATA_DIR=str(user_data_dir), JUPYTER_PLATFORM_DIRS="1")
    log = open(tmp_path_factory.mktemp("lab-log") / "lab.log", "w")  # noqa: SIM115
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={server_root}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('lab-workspaces')}",
        "--LabApp.news_url=",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if os.geteuid() == 0:  # CI runs as root
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=server_root)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base_url}/lab", proc=proc)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def guarded_page(browser):
    """Make pages that refuse, and remember, every request whose URL matches a pattern.

    ``guarded_page(r"^https?://")`` returns a page; ``page.requested_urls`` lists what it
    tried to fetch and was refused, so a test can assert that nothing left the machine.
    """
    contexts = []

    def make(refused_pattern):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        requests = []

        def refuse(route):
            requests.append(route.request.url)
            route.abort()

        context.route(re.compile(refused_pattern), refuse)
        page = context.new_page()
        page.requested_urls = requests
        return page

    yield make
    for context in contexts:
        context.close()


def _wait_port(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"presenter exited with code {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"presenter did not listen on port {port} within {timeout} s")


@pytest.fixture
def presenter(chromium_path, server_root, user_data_dir, tmp_path):
    """Start presenter mode (Voila) for one notebook; yield (url, start time); stop it afterwards.

    ``presenter("06_ruptures_and_repair")`` runs ``python -m alliance_lab.app.present 06`` on
    the served copy of the notebooks, the same command ``make present NB=06`` runs.
    """
    procs = []

    def start(name, *options):
        port = _free_port()
        env = dict(os.environ, ALLIANCE_LAB_DATA_DIR=str(user_data_dir))
        cmd = [
            sys.executable, "-m", "alliance_lab.app.present", name.split("_")[0],
            f"--notebook-dir={server_root / 'notebooks'}", f"--port={port}", "--no-browser",
            *options,
        ]  # fmt: skip
        log = open(tmp_path / "voila.log", "w")  # noqa: SIM115
        started = time.monotonic()
        proc = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        procs.append((proc, log))
        _wait_port(port, proc)
        return f"http://127.0.0.1:{port}/", started

    yield start
    for proc, log in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.fixture
def local_page(guarded_page):
    """A page that may talk to 127.0.0.1 only; other requests are refused and remembered."""
    return guarded_page(r"^https?://(?!127\.0\.0\.1[:/])")
