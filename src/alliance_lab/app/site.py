"""Build the static site: every notebook executed and written as an HTML page.

The site is for reading without a kernel and without a network (``make html``).
Each notebook runs in a fresh kernel with ``ALLIANCE_LAB_STATIC=1``, so
:func:`alliance_lab.setup_notebook` switches Altair to its ``html`` renderer. The
pages then share one copy of the chart JavaScript (taken from the installed
``vl-convert-python``) in ``_static/``; nothing is fetched from the internet.

Widgets need a running kernel. In a page, each widget is replaced by what it
showed when the notebook ran: the charts and text of its output areas, and one
line naming its controls and their starting values.

Run it with ``python -m alliance_lab.app.site [NOTEBOOK_DIR] [OUT_DIR]``.
"""

import argparse
import copy
import html
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import jinja2
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from ..notebook import STATIC_ENV

__all__ = ["SitePage", "build_site", "flatten_widgets", "notebook_title"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BUNDLE = "_static/vega-embed.js"

# Altair's html renderer loads Vega from a CDN unless ``VEGA_DEBUG`` says that the
# versions it asks for are already on the page; the page carries them in BUNDLE.
_PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
<script>var VEGA_DEBUG = {{ resources.vega_debug }};</script>
<script src="{{ resources.bundle_url }}"></script>
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_css -%}
<style>
/* Text at least 4.5:1 on its background. nbconvert draws the In/Out prompts of a cell
   that is not selected at half opacity (2.16:1 on white), numbers in code in #080 (4.25:1
   on the code cell's grey) and words like `in` in #a2f (4.39:1); on a static page no cell
   is ever selected. */
:root {
  --jp-cell-prompt-not-active-opacity: 1;
  --jp-cell-prompt-not-active-font-color: #616161;
  --jp-mirror-editor-number-color: #006400;
  --jp-mirror-editor-operator-color: #8000c0;
}
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<nav class="alliance-lab-nav" aria-label="Notebooks">
<a href="index.html">&larr; All notebooks</a></nav>
<main>
{%- endblock body_header -%}
"""

_CONTROL_MODELS = {
    "FloatSliderModel",
    "IntSliderModel",
    "FloatRangeSliderModel",
    "IntRangeSliderModel",
    "FloatTextModel",
    "IntTextModel",
    "CheckboxModel",
    "ToggleButtonModel",
    "TextModel",
    "TextareaModel",
    "DropdownModel",
    "RadioButtonsModel",
    "SelectionSliderModel",
    "ToggleButtonsModel",
}


@dataclass(frozen=True)
class SitePage:
    """One page of the static site."""

    notebook: str
    html_file: str
    title: str
    charts: int


def notebook_title(nb, default="Untitled"):
    """The text of the first Markdown heading of a notebook.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Start *here*")])
    >>> notebook_title(nb)
    'Start here'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return default


def _widget_id(ref):
    return (
        ref[len("IPY_MODEL_") :] if isinstance(ref, str) and ref.startswith("IPY_MODEL_") else ref
    )


def _control_text(state):
    """``"label value"`` for a control that has a label, else None (counted, not named)."""
    label = state.get("description")
    if not label:
        return None
    if "_options_labels" in state and state.get("index") is not None:
        index = state["index"]
        value = state["_options_labels"][index] if isinstance(index, int) else index
    else:
        value = state.get("value")
    return f"{label} {value}" if value not in (None, "") else f"{label} (empty)"


def _controls_note(controls):
    named = [c for c in controls if c]
    unnamed = len(controls) - len(named)
    if unnamed:
        named.append(f"{unnamed} {'choice' if unnamed == 1 else 'choices'} to make")
    if not named:
        return "An interactive widget is here when the notebook runs in JupyterLab."
    return "Interactive controls (they move in JupyterLab or on Binder): " + ", ".join(named)


def _chart_html(spec):
    from altair.utils.html import spec_to_html

    return spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        fullhtml=False,
        template="universal",
        output_div=f"alliance-lab-chart-{abs(hash(str(spec))):x}",
    )


def _walk(model_id, states, controls, outputs, seen):
    if model_id in seen or model_id not in states:
        return
    seen.add(model_id)
    model = states[model_id]
    name, state = model.get("model_name", ""), model.get("state", {})
    if name == "OutputModel":
        outputs.extend(copy.deepcopy(state.get("outputs", [])))
    elif name in _CONTROL_MODELS:
        controls.append(_control_text(state))
    elif name in ("HTMLModel", "HTMLMathModel") and state.get("value"):
        outputs.append(nbformat.v4.new_output("display_data", {"text/html": state["value"]}))
    elif name == "LabelModel" and state.get("value"):
        outputs.append(nbformat.v4.new_output("display_data", {"text/plain": state["value"]}))
    elif isinstance(state.get("spec"), dict) and state["spec"]:  # alt.JupyterChart
        html_chart = _chart_html(state["spec"])
        outputs.append(nbformat.v4.new_output("display_data", {"text/html": html_chart}))
    for child in state.get("children", []):
        _walk(_widget_id(child), states, controls, outputs, seen)


def flatten_widgets(nb):
    """A copy of an executed notebook with every widget replaced by what it showed.

    Output areas inside widgets become ordinary outputs (so their charts are drawn
    on a static page), HTML widgets keep their text, and the controls are named in
    one line with their values. The saved widget state is dropped: a static page
    has no kernel to drive it, and it would make the page fetch widget code from
    the internet.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook (nbclient saves the widget state in its metadata).

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> v4 = nbformat.v4
    >>> view = {WIDGET_VIEW: {"model_id": "box", "version_major": 2, "version_minor": 0}}
    >>> cell = v4.new_code_cell(outputs=[v4.new_output("display_data", view)])
    >>> state = {
    ...     "box": {"model_name": "VBoxModel",
    ...             "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]}},
    ...     "s": {"model_name": "FloatSliderModel", "state": {"description": "task", "value": 3.0}},
    ...     "o": {"model_name": "OutputModel", "state": {"outputs": [
    ...         v4.new_output("display_data", {"text/plain": "a chart"})]}},
    ... }
    >>> nb = v4.new_notebook(cells=[cell], metadata={"widgets": {WIDGET_STATE: {"state": state}}})
    >>> flat = flatten_widgets(nb)
    >>> [list(o["data"]) for o in flat.cells[0].outputs]
    [['text/html', 'text/plain'], ['text/plain']]
    >>> "task 3.0" in flat.cells[0].outputs[0]["data"]["text/html"]
    True
    >>> "widgets" in flat.metadata
    False
    """
    nb = copy.deepcopy(nb)
    states = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        new_outputs = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                new_outputs.append(output)
                continue
            controls, shown = [], []
            _walk(view.get("model_id"), states, controls, shown, set())
            note = _controls_note(controls)
            new_outputs.append(
                nbformat.v4.new_output(
                    "display_data",
                    {
                        "text/html": f'<p class="alliance-lab-static-note"><em>'
                        f"{html.escape(note)}</em></p>",
                        "text/plain": note,
                    },
                )
            )
            new_outputs.extend(shown)
        cell.outputs = new_outputs
    nb.metadata.pop("widgets", None)
    return nb


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


def _exporter():
    loader = jinja2.DictLoader({"alliance_lab_site.html.j2": _PAGE_TEMPLATE})
    return HTMLExporter(
        template_name="lab", extra_loaders=[loader], template_file="alliance_lab_site.html.j2"
    )


def _vega_debug():
    return (
        f'{{"vega_version": "{alt.VEGA_VERSION}", "vegalite_version": "{alt.VEGALITE_VERSION}", '
        f'"vegaembed_version": "{alt.VEGAEMBED_VERSION}"}}'
    )


def _index_html(pages):
    rows = "\n".join(
        f'    <li><a href="{html.escape(p.html_file)}">{html.escape(p.title)}</a>'
        f' <span class="file">{html.escape(p.notebook)}</span></li>'
        for p in pages
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>alliance_lab notebooks</title>
  <style>
    body {{ font-family: 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif;
           max-width: 46em; margin: 3em auto; padding: 0 1em; font-size: 19px; line-height: 1.5; }}
    li {{ margin: 0.4em 0; }}
    .file {{ color: #555; font-size: 0.85em; }}
  </style>
</head>
<body>
<main>
  <h1>alliance_lab: the notebooks, ready to read</h1>
  <p>Each page shows a notebook as it looks after running, charts included. The sliders and
  questionnaires need a running notebook: open the notebooks in JupyterLab (<code>make lab</code>)
  or on Binder to use them.</p>
  <ol>
{rows}
  </ol>
</main>
</body>
</html>
"""


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
    exporter = _exporter()
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
                "vega_debug": _vega_debug(),
                "bundle_url": BUNDLE,
            }
            body, _ = exporter.from_notebook_node(nb, resources=resources)
            html_file = f"{path.stem}.html"
            (out_dir / html_file).write_text(body, encoding="utf-8")
            charts = body.count("vegaEmbed(outputDiv")
            pages.append(SitePage(path.name, html_file, title, charts))
    (out_dir / "index.html").write_text(_index_html(pages), encoding="utf-8")
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
        print(f"{page.html_file:<40} {page.charts:>3} chart(s)  {page.title}")
    size = site_size(args.out_dir) / 1e6
    print(f"Wrote {len(pages)} pages to {args.out_dir}/ ({size:.1f} MB); open index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
