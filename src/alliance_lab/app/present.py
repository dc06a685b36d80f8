"""Presenter mode: one notebook as a Voila app for a lecture-hall projector.

``make present NB=06`` runs ``python -m alliance_lab.app.present 06``: the notebook whose
file name starts with ``06`` opens in the browser with its code hidden, large type
and widgets as wide as the screen. The look comes from a small Voila template
shipped with the package (``static/voila/templates/alliance_lab_present``). Charts
use the offline renderer that ``al.setup_notebook()`` switches on, so nothing is
fetched from the internet. With no notebook named, the notebooks are listed.
"""

import argparse
import contextlib
import importlib.resources
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NotebookEntry", "find_notebook", "list_notebooks", "voila_command"]

TEMPLATE = "alliance_lab_present"


@dataclass(frozen=True)
class NotebookEntry:
    """A notebook of the course: its number (file-name prefix), file and title."""

    number: str
    path: Path
    title: str
    problem: str = ""  # why the file cannot be read, if it cannot


def list_notebooks(notebook_dir="notebooks"):
    """The notebooks in ``notebook_dir``, in file-name order, with their titles.

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Dropout")])
    >>> nbformat.write(nb, folder / "04_alliance_and_dropout.ipynb")
    >>> [(e.number, e.path.name, e.title) for e in list_notebooks(folder)]
    [('04', '04_alliance_and_dropout.ipynb', 'Dropout')]
    """
    import nbformat  # loaded here, not when the command line starts

    from .site import notebook_title

    entries = []
    for path in sorted(Path(notebook_dir).glob("*.ipynb")):
        number = path.stem.split("_", 1)[0]
        try:  # one damaged file must not hide the others
            title = notebook_title(nbformat.read(path, as_version=4), default=path.stem)
        except Exception as error:  # noqa: BLE001 - JSON, schema or encoding errors alike
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            entries.append(NotebookEntry(number, path, "(damaged: cannot be read)", reason))
        else:
            entries.append(NotebookEntry(number, path, title))
    return entries


def find_notebook(prefix, notebook_dir="notebooks"):
    """The one notebook whose file name starts with ``prefix`` (``"06"``, ``"6"``, ``"06_"``).

    Raises
    ------
    ValueError
        If no notebook, or more than one, matches; the message lists the notebooks.
    """
    prefix = str(prefix).strip()
    entries = list_notebooks(notebook_dir)
    if not entries:
        raise ValueError(f"There are no notebooks (*.ipynb) in {notebook_dir}.")
    if prefix.isdigit():  # "6" and "06" pick 06_..., never 60_...
        matches = [e for e in entries if e.number.isdigit() and int(e.number) == int(prefix)]
    else:
        matches = [e for e in entries if prefix and e.path.name.startswith(prefix)]
    if len(matches) == 1 and matches[0].problem:
        name = matches[0].path.name
        raise ValueError(
            f"{name} must be a readable notebook; got a damaged file ({matches[0].problem}). "
            f"Restore it, for example with `git checkout -- notebooks/{name}`, or open it in "
            "JupyterLab to see what is wrong."
        )
    if len(matches) == 1:
        return matches[0].path
    listing = format_listing(entries)
    if not matches:
        raise ValueError(f"No notebook starts with {prefix!r}. Choose one of:\n{listing}")
    names = ", ".join(e.path.name for e in matches)
    raise ValueError(f"{prefix!r} matches several notebooks ({names}). Choose one of:\n{listing}")


def format_listing(entries):
    """One line per notebook: number, title and file, for the terminal."""
    return "\n".join(f"  {e.number:>4}  {e.title}  ({e.path.name})" for e in entries)


def voila_command(path, *, port=None, open_browser=True, extra_args=()):
    """The command line that serves ``path`` in presenter mode.

    Examples
    --------
    >>> cmd = voila_command("notebooks/06_x.ipynb", port=8899, open_browser=False)
    >>> cmd[1:3], "--template=alliance_lab_present" in cmd, "--no-browser" in cmd
    (['-m', 'voila'], True, True)
    """
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(path),
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=True",
        "--Voila.ip=127.0.0.1",
    ]
    if port is not None:
        cmd += [f"--port={port}", "--Voila.port_retries=0"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd + list(extra_args)


@contextlib.contextmanager
def voila_environment(base=None, *, precomputed=False):
    """Environment variables under which Voila finds the presenter template.

    The template lives in the package, so it is found the same way from a
    checkout and from an installed wheel. With ``precomputed`` every explorer that has
    precomputed states moves through them in the page, without the kernel.
    """
    from ..notebook import STATIC_ENV
    from ..widgets.precomputed_explorer import PRECOMPUTED_ENV

    env = dict(os.environ if base is None else base)
    env.pop(STATIC_ENV, None)  # presenter mode is live: interactive charts, not static HTML
    env.pop(PRECOMPUTED_ENV, None)
    if precomputed:
        env[PRECOMPUTED_ENV] = "1"
    resource = importlib.resources.files("alliance_lab") / "static"
    with importlib.resources.as_file(resource) as static_dir:
        previous = env.get("JUPYTER_PATH")
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(static_dir), previous]))
        yield env


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="make present NB=..",
        description="Show one notebook as a lecture-hall app (Voila): code hidden, large type.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser):
    parser.add_argument("notebook", nargs="?", help="number or start of the file name, e.g. 06")
    parser.add_argument("--notebook-dir", default="notebooks", help="where the notebooks are")
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--precomputed",
        action="store_true",
        help="explorers with precomputed states answer in the page itself, without the "
        "kernel (one frame per step; they keep working if the kernel stops)",
    )


def run(args):
    if not args.notebook:
        entries = list_notebooks(args.notebook_dir)
        print("Notebooks you can present (make present NB=<number>):")
        print(format_listing(entries) if entries else "  (none found)")
        return 0
    try:
        path = find_notebook(args.notebook, args.notebook_dir)
    except ValueError as error:
        print(f"alliance-lab present: {error}", file=sys.stderr)
        return 2
    cmd = voila_command(path, port=args.port, open_browser=not args.no_browser)
    print(f"Presenting {path.name}; stop with Ctrl+C.", flush=True)
    with voila_environment(precomputed=getattr(args, "precomputed", False)) as env:
        return serve(cmd, env)


class _Stopped(Exception):
    pass


def _stop(signum, _frame):
    raise _Stopped(signum)


def serve(cmd, env):
    """Run ``cmd`` (Voila) until it ends, or until this process is stopped.

    Ctrl+C, SIGTERM (``kill``, a closed terminal's SIGHUP) all stop Voila too, so no
    server is left running, orphaned, after the presenter has gone.
    """
    child = subprocess.Popen(cmd, env=env)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                handlers[getattr(signal, name)] = signal.signal(getattr(signal, name), _stop)
    try:
        return child.wait()
    except KeyboardInterrupt:
        return 0
    except _Stopped as stopped:
        return 128 + stopped.args[0]
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


if __name__ == "__main__":
    sys.exit(main())
