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
    # the pages: "site" (static site), "class" (class mode), "present", "lab" (JupyterLab)
    scope: str = "site"


ALLOWED = [
    Allowed(
        rule="svg-img-alt",
        within=".vega-embed g[class*='_brush']",
        reason="Vega-Lite draws an interval selection's brush (the outcome scatter's drag "
        "selection) as marks with role=graphics-symbol and no name, and a specification "
        "cannot hide them (config.mark.aria does not reach them)",
        owner="upstream vega/vega-lite (the same kind of generated layer as vega-lite#9623)",
    ),
    # -- a notebook open in JupyterLab (test_axe_lab.py) --------------------------------------
    Allowed(
        rule="aria-allowed-attr",
        within=".jp-Toolbar, #jp-top-panel, .jp-FileBrowser, .jp-SidePanel",
        reason="JupyterLab's toolbar buttons (<jp-button>, role none) carry aria-pressed",
        owner="upstream https://github.com/jupyterlab/jupyterlab/issues/16891",
        scope="lab",
    ),
    Allowed(
        rule="aria-input-field-name",
        within=".jp-InputArea-editor",
        reason="JupyterLab's CodeMirror cell editors (role=textbox) have no accessible name",
        owner="upstream https://github.com/jupyterlab/jupyterlab/issues/4878 (CodeMirror "
        "leaves the name to the application: https://github.com/codemirror/dev/issues/1127)",
        scope="lab",
    ),
    Allowed(
        rule="aria-required-children",
        within=".jp-WindowedPanel-viewport",
        reason="JupyterLab's notebook list (role=list) holds cells that are not list items",
        owner="upstream https://github.com/jupyterlab/jupyterlab/issues/14804",
        scope="lab",
    ),
    Allowed(
        rule="button-name",
        within=".jp-collapseHeadingButton",
        reason="JupyterLab's collapse-heading button beside a Markdown heading has no name",
        owner="upstream JupyterLab (no issue of its own found; umbrella "
        "https://github.com/jupyterlab/jupyterlab/issues/9399)",
        scope="lab",
    ),
]


def inside(page, selector, target):
    """True if the element ``target`` (an axe target selector) sits inside ``selector``."""
    return _inside(page, selector, target)


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
