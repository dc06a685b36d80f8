"""How a page of the static site looks: the nbconvert template, the title and the index.

Each notebook page is nbconvert's ``lab`` template with four changes: the chart
JavaScript comes from the site's own ``_static/`` copy (no CDN), nothing else is loaded
from the internet (MathJax, Mermaid, widget code), the colours meet a 4.5:1 contrast,
and a link leads back to the index.
"""

import html
import re

import altair as alt
import jinja2
from nbconvert import HTMLExporter

__all__ = ["BUNDLE", "exporter", "index_html", "notebook_title", "vega_debug"]

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
/* A chart keeps the size it was drawn at, so its text stays as large as the theme makes
   it; on a screen narrower than the chart (a phone) the chart scrolls sideways inside its
   own box. nbconvert shrinks every svg to the page width, which drew chart text at 5-8 px
   on a 390 px phone. */
.jp-RenderedHTMLCommon .vega-embed svg {
  max-width: none;
  flex-shrink: 0;
}
.jp-OutputArea-output:has(.vega-embed) {
  min-width: 0;
  overflow-x: auto;
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


def notebook_title(nb, default="Untitled"):
    """The text of the first Markdown heading of a notebook.

    Examples
    --------
    >>> import nbformat
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


def exporter():
    """The nbconvert exporter that writes one notebook page with the template above."""
    loader = jinja2.DictLoader({"alliance_lab_site.html.j2": _PAGE_TEMPLATE})
    return HTMLExporter(
        template_name="lab", extra_loaders=[loader], template_file="alliance_lab_site.html.j2"
    )


def vega_debug():
    """The Vega versions on the page, as the JSON Altair's ``VEGA_DEBUG`` check reads."""
    return (
        f'{{"vega_version": "{alt.VEGA_VERSION}", "vegalite_version": "{alt.VEGALITE_VERSION}", '
        f'"vegaembed_version": "{alt.VEGAEMBED_VERSION}"}}'
    )


def index_html(pages):
    """The index page: a list of links, one per :class:`~.build.SitePage`."""
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
  <p>Each page shows a notebook as it looks after running, charts included. Nothing to install:
  every explorer moves on the page itself, through states computed in advance, and every
  self-check question answers, with no Python and no network. The questionnaires, the start
  notebook's sliders and the class view show their starting state; to use them, change the
  code, set any value or the random seed, open the notebooks in JupyterLab
  (<code>make lab</code>) or on Binder.</p>
  <ol>
{rows}
  </ol>
</main>
</body>
</html>
"""
