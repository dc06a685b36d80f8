"""An explorer drawn from its precomputed states inside a notebook or presenter page.

The static site shows an explorer with precomputed states as HTML with a script
(:mod:`alliance_lab.widgets.explorer_page`). Presenter mode runs a kernel, but a
lecturer's projector page can also move through the same states without asking the
kernel: every key press redraws in the page itself, and the explorer keeps working if
the kernel dies. :class:`PrecomputedExplorer` is that display as a small anywidget: the
same section, the same page code (``SETUP_JS``), with Vega taken from the JavaScript
bundle Altair uses offline (vl-convert), so nothing is fetched from the internet.

``python -m alliance_lab.app.present 08 --precomputed`` switches it on for every explorer
that has precomputed states and starts where they were made (see
:func:`precomputed_widget`); without the option presenter mode is unchanged.
"""

import os

import anywidget
import traitlets

from .explorer_page import SETUP_JS, _start, explorer_markup, explorer_payload, load_states

__all__ = ["PRECOMPUTED_ENV", "PrecomputedExplorer", "precomputed_widget", "use_precomputed"]

#: Set to 1 (presenter mode's ``--precomputed``) to show explorers from their states.
PRECOMPUTED_ENV = "ALLIANCE_LAB_PRECOMPUTED"

_RENDER_JS = """
export default {
  render({ model, el }) {
    el.innerHTML = model.get("markup");
    const root = el.querySelector(".alliance-lab-explorable");
    allianceLabExplorable(root, model.get("payload"), vegaEmbed);
  },
};
"""

_bundle = None


def _esm():
    """The page code bundled with Vega, Vega-Lite and vega-embed (made once, offline)."""
    global _bundle
    if _bundle is None:
        from altair.utils._importers import import_vl_convert, vl_version_for_vl_convert

        vlc = import_vl_convert()
        _bundle = vlc.javascript_bundle(
            SETUP_JS + _RENDER_JS, vl_version=vl_version_for_vl_convert()
        )
    return _bundle


class PrecomputedExplorer(anywidget.AnyWidget):
    """One explorer's precomputed states in a widget: controls, sentence and chart move
    in the page, with no message to the kernel."""

    markup = traitlets.Unicode("").tag(sync=True)
    payload = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs):
        type(self)._esm = _esm()
        super().__init__(**kwargs)


def use_precomputed():
    """True when explorers should be shown from their precomputed states (presenter mode
    started with ``--precomputed``)."""
    return os.environ.get(PRECOMPUTED_ENV, "") not in ("", "0")


_count = 0


def precomputed_widget(explorer):
    """``explorer`` as a :class:`PrecomputedExplorer`, or None when it has no states or
    starts from settings the states were not made with."""
    global _count
    states = load_states(explorer.name) if explorer.name else None
    indices = _start(states, explorer) if states is not None else None
    if indices is None:
        return None
    _count += 1
    uid = f"alliance-lab-precomputed-{states['explorer']}-{_count}"
    return PrecomputedExplorer(
        markup=explorer_markup(states, indices, uid=uid),
        payload=explorer_payload(states, indices, uid=uid),
    )
