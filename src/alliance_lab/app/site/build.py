"""Build the static site: every notebook executed and written as an HTML page.

The site is for reading without a kernel and without a network (``make html``).
Each notebook runs in a fresh kernel with ``ALLIANCE_LAB_STATIC=1``, so
:func:`alliance_lab.setup_notebook` switches Altair to its ``html`` renderer. The
pages then share one copy of the chart JavaScript (taken from the installed
``vl-convert-python``) in ``_static/``; nothing is fetched from the internet.

Widgets need a running kernel: :mod:`.flatten` replaces each by what it showed when
the notebook ran; :mod:`.page` gives the page its look. Run it with
``python -m alliance_lab.app.site [NOTEBOOK_DIR] [OUT_DIR]``.
"""

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from ...notebook import STATIC_ENV
from ...widgets.explorer_page import EXPLORER_MARK
from ...widgets.selfcheck_page import SELFCHECK_MARK
from .flatten import flatten_widgets
from .page import BUNDLE, exporter, index_html, notebook_title, vega_debug

__all__ = ["SitePage", "build_site", "main", "site_size"]


@dataclass(frozen=True)
class SitePage:
    """One page of the static site."""

    notebook: str
    html_file: str
    title: str
    charts: int
    explorers: int = 0
    #: self-checks answered on the page itself (``widgets/selfcheck_page``)
    selfchecks: int = 0


def _execute(path, *, timeout, data_dir):
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, **{STATIC_ENV: "1", "ALLIANCE_LAB_DATA_DIR": str(data_dir)})
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=env)
    return nb


def build_site(notebook_dir, out_dir, *, timeout=600):
    """Execute every notebook in ``notebook_dir`` and write a static site to ``out_dir``.

    Parameters
    ----------
    notebook_dir : path
        Folder holding the ``*.ipynb`` files; the notebooks are read, never changed.
    out_dir : path
        Folder for the site (created if needed): ``index.html``, one page per
        notebook and ``_static/vega-embed.js``.
    timeout : int
        Seconds any one cell may run.

    Returns
    -------
    list of SitePage
        One entry per notebook, in file-name order.

    Raises
    ------
    ValueError
        If ``notebook_dir`` holds no notebooks.
    RuntimeError
        If a notebook stops with an error (the site is then incomplete).
    """
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    notebook_dir, out_dir = Path(notebook_dir), Path(out_dir)
    paths = sorted(notebook_dir.glob("*.ipynb"))
    if not paths:
        raise ValueError(f"There are no notebooks (*.ipynb) in {notebook_dir}.")
    (out_dir / "_static").mkdir(parents=True, exist_ok=True)
    bundle = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    (out_dir / BUNDLE).write_text(bundle, encoding="utf-8")
    page_exporter = exporter()
    pages = []
    with tempfile.TemporaryDirectory(prefix="alliance-lab-site-") as data_dir:
        for path in paths:
            try:
                nb = flatten_widgets(_execute(path, timeout=timeout, data_dir=data_dir))
            except CellExecutionError as error:
                raise RuntimeError(
                    f"{path.name} stopped with {error.ename}: {error.evalue} "
                    "(run it in JupyterLab to see where)."
                ) from error
            title = notebook_title(nb, default=path.stem)
            resources = {
                "metadata": {"name": title},
                "vega_debug": vega_debug(),
                "bundle_url": BUNDLE,
            }
            body, _ = page_exporter.from_notebook_node(nb, resources=resources)
            html_file = f"{path.stem}.html"
            (out_dir / html_file).write_text(body, encoding="utf-8")
            # explorers with precomputed states draw their own chart (explorer_page)
            explorers = body.count(EXPLORER_MARK)
            charts = body.count("vegaEmbed(outputDiv") + explorers
            selfchecks = body.count(SELFCHECK_MARK)
            pages.append(SitePage(path.name, html_file, title, charts, explorers, selfchecks))
    (out_dir / "index.html").write_text(index_html(pages), encoding="utf-8")
    return pages


def site_size(out_dir):
    """Total size in bytes of every file under ``out_dir``."""
    return sum(p.stat().st_size for p in Path(out_dir).rglob("*") if p.is_file())


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m alliance_lab.app.site",
        description="Execute the notebooks and write a static HTML site readable offline.",
    )
    parser.add_argument("notebook_dir", nargs="?", default="notebooks")
    parser.add_argument("out_dir", nargs="?", default="site")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    try:
        pages = build_site(args.notebook_dir, args.out_dir, timeout=args.timeout)
    except ValueError as error:
        print(f"alliance-lab: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"alliance-lab: the site was not built: {error}", file=sys.stderr)
        return 1
    for page in pages:
        print(
            f"{page.html_file:<40} {page.charts:>3} chart(s) {page.explorers:>2} explorer(s)"
            f" {page.selfchecks:>2} self-check(s)  {page.title}"
        )
    size = site_size(args.out_dir) / 1e6
    print(f"Wrote {len(pages)} pages to {args.out_dir}/ ({size:.1f} MB); open index.html.")
    return 0
