"""axe-core audits of alliance_lab's pages, offline, with an explicit allow-list.

axe-core comes from the ``axe-playwright-python`` package, which ships ``axe.min.js``;
nothing is fetched. Only serious and critical violations count. A violation is
allowed only when an entry of ``ALLOWED`` names its rule and every node it flags lies
inside that entry's selector: each entry says why it is there and which issue or
upstream project owns the fix. The list may only shrink; a new serious or critical
violation in alliance_lab's own templates fails the test that calls :func:`audit`.
"""

from collections import Counter
from dataclasses import dataclass

SERIOUS = {"serious", "critical"}


@dataclass(frozen=True)
class Allowed:
    rule: str  # axe rule id
    within: str  # CSS selector: every flagged node must sit inside a match
    reason: str
    owner: str  # the issue or upstream project that owns the fix
    scope: str = "site"  # the pages: "site" (static site), "class" (class mode), "present"


ALLOWED = [
    Allowed(
        rule="svg-img-alt",
        within=".vega-embed g[class*='_brush']",
        reason="Vega-Lite draws an interval selection's brush (the outcome scatter's drag "
        "selection) as marks with role=graphics-symbol and no name, and a specification "
        "cannot hide them (config.mark.aria does not reach them)",
        owner="upstream vega/vega-lite (the same kind of generated layer as vega-lite#9623)",
    ),
    Allowed(
        rule="aria-input-field-name",
        within=".widget-slider",
        reason="the ipywidgets slider handle (noUiSlider) has no accessible name",
        owner="alliance_lab issue 14, Controls (named sliders of our own, on anywidget)",
        scope="present",
    ),
    Allowed(
        rule="button-name",
        within=".widget-play",
        reason="the ipywidgets Play widget's buttons are icons without a name",
        owner="alliance_lab issue 14, Controls (named Play and Stop buttons)",
        scope="present",
    ),
]


def _inside(page, selector, target):
    return page.evaluate(
        """([within, target]) => {
            const el = document.querySelector(target);
            return !!(el && el.closest(within));
        }""",
        [selector, target],
    )


def run_axe(page):
    """The serious and critical violations axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def split(page, violations, *, scope):
    """(allowed, own): each a list of (rule id, target) for every flagged node."""
    allowed, own = [], []
    for violation in violations:
        entries = [a for a in ALLOWED if a.rule == violation["id"] and a.scope == scope]
        for node in violation["nodes"]:
            target = node["target"][0] if isinstance(node["target"][0], str) else None
            ok = target is not None and any(_inside(page, a.within, target) for a in entries)
            (allowed if ok else own).append((violation["id"], target or str(node["target"])))
    return allowed, own


def counts(pairs):
    """Nodes per rule id, for the printed summary; ``pairs`` end in (rule id, target)."""
    return dict(sorted(Counter(pair[-2] for pair in pairs).items()))
