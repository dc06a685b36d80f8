"""The alliance_lab chart theme: colour-blind-safe colours, projector-sized text.

The palette is Okabe & Ito's (2008) eight colours, which stay distinguishable for
the common forms of colour-vision deficiency. Text sizes are chosen so that axis
labels can be read from the back of a lecture hall.
"""

import altair as alt

__all__ = ["PALETTE", "COMPONENT_COLORS", "EMBED_OPTIONS", "THEME_NAME", "register_theme"]

THEME_NAME = "alliance_lab"

#: Okabe-Ito palette, in the order charts use it.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: One fixed colour per Bordin component, used by every chart.
COMPONENT_COLORS = {"goal": PALETTE[0], "task": PALETTE[1], "bond": PALETTE[2]}

#: How every chart is put on the page (vega-embed options): drawn as SVG, which carries
#: the chart's description as its accessible name, and without the "..." action menu,
#: an unnamed icon button that offers downloads a lesson does not need.
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

_FONT = "'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif"


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            # A chart reaches a screen reader as one image named by its description (every
            # builder gives one); the marks, axes and legends inside are hidden from it, so it
            # does not read hundreds of "rate: 16.438356%" items. The numbers that matter are
            # in the sentence or table beside the chart.
            "aria": False,
            "mark": {"aria": False},
            "font": _FONT,
            "view": {"continuousWidth": 520, "continuousHeight": 300, "stroke": None},
            "range": {"category": list(PALETTE)},
            "title": {"fontSize": 22, "anchor": "start", "subtitleFontSize": 16},
            "axis": {
                "labelFontSize": 15,
                "titleFontSize": 17,
                "titleFontWeight": "normal",
                "gridColor": "#e6e6e6",
            },
            "legend": {"labelFontSize": 15, "titleFontSize": 16, "symbolSize": 140},
            "header": {"labelFontSize": 16, "titleFontSize": 17},
            "text": {"fontSize": 15},
            "line": {"strokeWidth": 3},
            "point": {"size": 70, "filled": True},
        }
    }


def register_theme(*, enable: bool = True) -> str:
    """Register the alliance_lab Altair theme and (by default) switch it on.

    Returns
    -------
    str
        The theme's name, ``"alliance_lab"``.

    Examples
    --------
    >>> import altair as alt
    >>> register_theme()
    'alliance_lab'
    >>> alt.theme.active
    'alliance_lab'
    """
    alt.theme.register(THEME_NAME, enable=enable)(_theme)
    return THEME_NAME
