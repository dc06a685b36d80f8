"""One call at the top of every notebook: offline charts and the house style."""

import os

import altair as alt

from .plots.numbers import numbers_html
from .theme import EMBED_OPTIONS, register_theme

__all__ = ["setup_notebook"]

#: Environment variable that switches charts to self-contained HTML, used when the
#: notebooks are exported as a static site that is read without a kernel.
STATIC_ENV = "ALLIANCE_LAB_STATIC"


def setup_notebook(*, static: bool | None = None) -> None:
    """Prepare a notebook: charts that draw with no network, in the alliance_lab style.

    Altair's default renderer fetches its JavaScript from the internet, so charts
    stay blank on an offline laptop or a locked-down lab machine. This switches to
    Altair's ``jupyter`` renderer in offline mode, which takes the JavaScript from
    the installed ``vl-convert-python`` package, and turns on the alliance_lab theme.

    Parameters
    ----------
    static : bool, optional
        Render charts as self-contained HTML that needs neither a kernel nor a
        network (used to build the static site). By default this follows the
        ``ALLIANCE_LAB_STATIC`` environment variable and is off.

    Examples
    --------
    >>> import altair as alt
    >>> setup_notebook(static=True)
    >>> alt.renderers.active, alt.theme.active
    ('html', 'alliance_lab')
    >>> setup_notebook()
    >>> alt.renderers.active
    'jupyter'
    """
    if static is None:
        static = os.environ.get(STATIC_ENV, "") not in ("", "0")
    register_theme()
    if static:
        # Plain HTML charts; the static site (alliance_lab.app.site) gives each page one
        # local copy of the chart JavaScript, so no network is needed to read it.
        _show_numbers("html")
        alt.renderers.enable("html", embed_options=EMBED_OPTIONS)
    else:
        _show_numbers("jupyter")
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
        # Widgets that build their own alt.JupyterChart (explorers, live demo) need the
        # offline JavaScript too; the renderer only switches it on when it draws a chart.
        alt.JupyterChart.enable_offline(offline=True)


def _show_numbers(name):
    """Make Altair's ``name`` renderer ("html" or "jupyter") put a chart's numbers beside it.

    A chart built with :func:`alliance_lab.plots.numbers.with_numbers` carries a small table
    of its key numbers; the renderer shows it under the chart as a closed ``<details>``
    ("Numbers in this chart"). The renderer keeps its name, so code that asks which
    renderer is active (``alt.renderers.active == "html"``) is unaffected.
    """
    alt.renderers.enable(name)
    original = alt.renderers.get()
    if getattr(original, "shows_numbers", False):
        return
    if name == "html":

        def render(spec, **options):
            bundle = original(spec, **options)
            extra = numbers_html(spec)
            if extra:
                data = bundle[0] if isinstance(bundle, tuple) else bundle
                data["text/html"] = data["text/html"] + extra
            return bundle

    else:

        def render(spec, **options):
            extra = numbers_html(spec)
            if not extra:
                return original(spec, **options)
            import ipywidgets as widgets

            alt.JupyterChart.enable_offline(offline=options.get("offline", False))
            view = alt.JupyterChart(
                chart=alt.Chart.from_dict(spec), embed_options=options.get("embed_options")
            )
            box = widgets.VBox([view, widgets.HTML(extra)])
            box.add_class("alliance-lab-chart-with-numbers")
            return box._repr_mimebundle_()

    render.shows_numbers = True
    alt.renderers.register(name, render)
