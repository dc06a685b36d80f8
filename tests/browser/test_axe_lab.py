"""axe-core on a notebook open in JupyterLab after run-all: the live-demo lesson (06).

Notebook 06 holds alliance_lab's live demo (Play and Stop, a slider, buttons), the
rupture explorer (sliders, a chart, a sentence) and self-checks (named groups of radios).
Serious and critical violations inside alliance_lab's widgets and charts fail the test;
those of JupyterLab's own interface are listed in ``axe_audit.ALLOWED`` for scope "lab"
with the upstream issue.
"""

from . import axe_audit
from .lab import error_outputs, open_notebook, run_all_cells, screenshot, wait_charts_drawn

NOTEBOOK = "notebooks/06_ruptures_and_repair.ipynb"
OURS = (
    ".alliance-lab-live-demo, .alliance-lab-explorer, .alliance-lab-questionnaire, "
    ".alliance-lab-selfcheck"
)


def test_notebook_in_jupyterlab_passes_the_axe_audit(page, lab_server):
    open_notebook(page, lab_server, NOTEBOOK)
    run_all_cells(page)
    assert error_outputs(page) == []
    containers, drawn = wait_charts_drawn(page, timeout=60)
    assert containers == drawn > 0
    page.wait_for_selector(".alliance-lab-live-demo .alliance-lab-player", timeout=30_000)
    violations = axe_audit.run_axe(page)
    allowed, own = axe_audit.split(page, violations, scope="lab")
    ours = [pair for pair in allowed + own if axe_audit.inside(page, OURS, pair[1])]
    print(f"axe in JupyterLab ({NOTEBOOK}), serious+critical nodes: all {len(allowed + own)}")
    print(f"axe in JupyterLab: allowed {axe_audit.counts(allowed)}")
    print(f"axe in JupyterLab: own {axe_audit.counts(own)}")
    print(f"axe in JupyterLab: inside alliance_lab's widgets {axe_audit.counts(ours)}")
    page.locator(".alliance-lab-live-demo").scroll_into_view_if_needed()
    screenshot(page, "axe-lab-06-live-demo", whole_notebook=False)
    assert own == [], f"serious or critical axe violations not on the allow-list: {own}"
    assert ours == [], "alliance_lab's own widgets and charts add no violation"
    used = {rule for rule, _ in allowed}
    stale = [a.rule for a in axe_audit.ALLOWED if a.scope == "lab" and a.rule not in used]
    assert stale == [], f"allow-list entries no longer needed (remove them): {stale}"
