"""Presenter mode at lecture-hall resolutions: nothing overlaps, nothing is cut off,
chart text large enough, the cells inside the page's main landmark, and axe-core.

One Voila app of notebook 06 (the rupture explorer and the live demo) is opened and
looked at in 1920x1080, 1600x900 and 1280x720. The geometry comes from the boxes
Chromium lays out (``geometry``); screenshots of the live demo and the explorer at
each size go to build/screenshots/.
"""

from . import axe_audit, geometry
from .lab import SCREENSHOTS, open_voila_app

SIZES = [(1920, 1080), (1600, 900), (1280, 720)]
#: Presenter chart text must be larger than the phone minimum: it is read from the back
#: of a lecture hall. The theme draws axis labels at 15 CSS px; the page enlarges charts.
MIN_PRESENT_TEXT = 16


def _settle(page):
    """Wait two animation frames: the layout of the new window size is drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _shot(page, selector, name):
    page.locator(selector).first.scroll_into_view_if_needed()
    _settle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_presenter_layout_at_three_sizes(presenter, local_page):
    page = local_page
    open_voila_app(page, *presenter("06_ruptures_and_repair"), ready=".vega-embed .marks")
    page.wait_for_selector(".alliance-lab-live-demo .vega-embed .marks", timeout=120_000)
    page.wait_for_selector(".alliance-lab-explorer .vega-embed .marks", timeout=120_000)
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        _settle(page)
        _shot(page, ".alliance-lab-live-demo", f"present-layout-{width}-live-demo")
        _shot(page, ".alliance-lab-explorer", f"present-layout-{width}-explorer")
        smallest = geometry.smallest_chart_text(page)
        widest = geometry.widest_button(page)
        print(f"{width}x{height}: smallest chart text {smallest}, widest button {widest}")
        for overlap in geometry.overlaps(page):
            problems.append((width, "overlap", overlap))
        for name in geometry.cut_off(page):
            problems.append((width, "cut off", name))
        if widest[0] > 480:
            problems.append((width, "button stretched across the screen", widest))
        if smallest[0] < MIN_PRESENT_TEXT:
            problems.append((width, "chart text too small", smallest))
    page.set_viewport_size({"width": 1920, "height": 1080})
    _settle(page)
    # One main landmark, and the rendered cells inside it in the live page (Voila's
    # script moves them into its own app shell after loading).
    mains = page.evaluate(
        """() => [...document.querySelectorAll('main, [role=main]')].map(m =>
                 m.querySelectorAll('.jp-OutputArea-output').length)"""
    )
    assert len(mains) == 1 and mains[0] > 0, f"main landmarks and the outputs inside: {mains}"
    allowed, own = axe_audit.split(page, axe_audit.run_axe(page), scope="present")
    label = "axe on the presenter page (06), serious+critical nodes"
    print(f"{label}: allowed {axe_audit.counts(allowed)}, own {axe_audit.counts(own)}")
    assert problems == [], "\n".join(map(str, problems))
    assert own == [], f"serious or critical axe violations on the presenter page: {own[:10]}"
    used = {rule for rule, _ in allowed}
    stale = [a.rule for a in axe_audit.ALLOWED if a.scope == "present" and a.rule not in used]
    assert stale == [], f"allow-list entries the presenter page no longer needs: remove {stale}"
