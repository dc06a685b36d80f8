"""Presenter mode without a browser: choosing the notebook, the command, the template."""

import json
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import nbformat
import pytest

from alliance_lab.app import present as _present
from alliance_lab.app.present import (
    TEMPLATE,
    find_notebook,
    list_notebooks,
    main,
    voila_command,
    voila_environment,
)


@pytest.fixture
def course(tmp_path):
    for name, title in [
        ("00_start_here", "Start here"),
        ("06_live_feedback", "Feedback in the room"),
        ("60_appendix", "Appendix"),
        ("06b_extra", "Extra"),
    ]:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}")])
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    return tmp_path


def test_number_picks_exactly_one_notebook(course):
    assert find_notebook("06", course).name == "06_live_feedback.ipynb"
    assert find_notebook("6", course).name == "06_live_feedback.ipynb"  # not 60_appendix
    assert find_notebook("60", course).name == "60_appendix.ipynb"
    assert find_notebook("06b", course).name == "06b_extra.ipynb"


def test_unknown_number_lists_the_notebooks(course):
    with pytest.raises(ValueError, match="No notebook starts with '9'") as info:
        find_notebook("9", course)
    assert "06  Feedback in the room  (06_live_feedback.ipynb)" in str(info.value)


def test_ambiguous_prefix_names_the_matches(course):
    for name in ("07_first", "07_second"):
        nbformat.write(nbformat.v4.new_notebook(), course / f"{name}.ipynb")
    with pytest.raises(ValueError, match="matches several notebooks") as info:
        find_notebook("7", course)
    assert "07_first.ipynb, 07_second.ipynb" in str(info.value)


def test_listing_without_a_notebook(course, capsys):
    assert main([f"--notebook-dir={course}"]) == 0
    out = capsys.readouterr().out
    assert [e.number for e in list_notebooks(course)] == ["00", "06", "06b", "60"]
    assert "00  Start here  (00_start_here.ipynb)" in out
    assert "60  Appendix" in out


def test_wrong_notebook_exits_with_a_message(course, capsys):
    assert main(["42", f"--notebook-dir={course}"]) == 2
    assert "No notebook starts with '42'" in capsys.readouterr().err


def test_command_runs_voila_with_the_presenter_template():
    cmd = voila_command(Path("notebooks/06_x.ipynb"), port=9999, open_browser=False)
    assert cmd[1:4] == ["-m", "voila", "notebooks/06_x.ipynb"]
    assert f"--template={TEMPLATE}" in cmd
    assert "--strip_sources=True" in cmd  # code hidden
    assert "--port=9999" in cmd and "--no-browser" in cmd


def test_environment_finds_the_packaged_template():
    base = {"JUPYTER_PATH": "/elsewhere", "ALLIANCE_LAB_STATIC": "1", "HOME": "/home/x"}
    with voila_environment(base) as env:
        first, rest = env["JUPYTER_PATH"].split(":", 1)
        template = Path(first) / "voila" / "templates" / TEMPLATE
        assert json.loads((template / "conf.json").read_text()) == {"base_template": "lab"}
        css = (template / "present.css").read_text()
        assert "--jp-content-font-size1: 22px" in css
        assert "present.css" in (template / "index.html.j2").read_text()
    assert rest == "/elsewhere"
    assert "ALLIANCE_LAB_STATIC" not in env  # live charts, not the static-site renderer
    assert env["HOME"] == "/home/x"
    assert base["ALLIANCE_LAB_STATIC"] == "1"  # the caller's mapping is untouched


def test_present_starts_voila(course, monkeypatch):
    calls = []
    monkeypatch.setattr(_present, "serve", lambda cmd, env: calls.append(cmd) or 0)
    assert main(["06", f"--notebook-dir={course}", "--no-browser", "--port=8123"]) == 0
    (cmd,) = calls
    assert cmd[3].endswith("06_live_feedback.ipynb")
    assert "--port=8123" in cmd


# --- a damaged notebook names itself and hides nothing else -----------------------------------


def test_one_damaged_notebook_does_not_stop_the_others(course, capsys):
    (course / "03_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    entries = {e.path.name: e for e in list_notebooks(course)}
    assert entries["03_broken.ipynb"].title == "(damaged: cannot be read)"
    assert entries["03_broken.ipynb"].problem
    assert find_notebook("06", course).name == "06_live_feedback.ipynb"
    with pytest.raises(ValueError) as err:
        find_notebook("03", course)
    assert str(err.value).startswith(
        "03_broken.ipynb must be a readable notebook; got a damaged file ("
    )
    assert "git checkout -- notebooks/03_broken.ipynb" in str(err.value)
    assert main([f"--notebook-dir={course}"]) == 0
    assert "03_broken.ipynb" in capsys.readouterr().out


# --- stopping the presenter stops Voila ---------------------------------------------------------


def _present_with_a_stand_in_server(course, pid_file):
    # The stand-in for Voila writes its process id and waits, as a server does.
    code = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(300)"
    _present.voila_command = lambda *a, **k: [sys.executable, "-c", code, str(pid_file)]
    sys.exit(main(["06", f"--notebook-dir={course}", "--no-browser"]))


def _wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_sigterm_to_the_presenter_stops_the_server(course, tmp_path):
    pid_file = tmp_path / "server.pid"
    context = multiprocessing.get_context("fork")
    presenter = context.Process(target=_present_with_a_stand_in_server, args=(course, pid_file))
    presenter.start()
    try:
        _wait_for(lambda: pid_file.exists() and pid_file.read_text(), 60, "the server to start")
        server = int(pid_file.read_text())
        assert not _gone(server)
        os.kill(presenter.pid, signal.SIGTERM)
        presenter.join(timeout=30)
        assert presenter.exitcode == 128 + signal.SIGTERM
        _wait_for(lambda: _gone(server), 15, "the server to stop")
    finally:
        if presenter.is_alive():
            presenter.kill()
        if pid_file.exists() and pid_file.read_text() and not _gone(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
