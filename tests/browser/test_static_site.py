"""The static site (``make html``) read with no kernel and no network: every chart drawn.

The site is built into a temporary folder and opened page by page through
``file://`` in headless Chromium. Every request that is not a local file is
recorded and refused, so a page that needs the internet fails the test.
"""

import re
import time
from pathlib import Path

import pytest

from alliance_lab.app.site import build_site, site_size

from . import axe_audit, geometry
from .lab import SCREENSHOTS, screenshot

NOTEBOOK_DIR = Path(__file__).parents[2] / "notebooks"
NOTEBOOKS = sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))


#: Budgets of the static site: bytes of one page (explorer states included) and
#: seconds for the whole build (nine notebooks run; about 3 minutes on a quiet machine).
PAGE_BUDGET = 1_500_000
BUILD_BUDGET = 600
#: Pages whose explorers move with no kernel (precomputed states).
LIVE_EXPLORERS = {
    "01_bordins_model": 1,
    "03_a_simulated_caseload": 1,  # the caseload explorer
    "04_alliance_and_dropout": 1,
    "05_alliance_and_outcome": 1,
    "06_ruptures_and_repair": 2,  # the live demo and the rupture explorer
    "07_feedback_informed_treatment": 2,  # the progress and feedback explorers
    "08_alliance_across_settings": 1,  # the split-alliance explorer
}
BUILD_SECONDS = []


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium_path):
    out = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    pages = build_site(NOTEBOOK_DIR, out)
    BUILD_SECONDS.append(time.perf_counter() - start)
    print(
        f"static site: {len(pages)} pages, {site_size(out) / 1e6:.2f} MB, "
        f"built in {BUILD_SECONDS[0]:.0f} s"
    )
    return out, {Path(p.notebook).stem: p for p in pages}


def test_pages_and_build_keep_their_budgets(site):
    out, pages = site
    sizes = {name: (out / page.html_file).stat().st_size for name, page in pages.items()}
    print("page sizes (MB): " + ", ".join(f"{n[:2]} {b / 1e6:.2f}" for n, b in sizes.items()))
    assert max(sizes.values()) <= PAGE_BUDGET, sizes
    assert BUILD_SECONDS[0] <= BUILD_BUDGET
    assert {n: p.explorers for n, p in pages.items() if p.explorers} == LIVE_EXPLORERS


@pytest.fixture
def offline_page(guarded_page):
    """A page whose every non-file request is refused and remembered."""
    return guarded_page(r"^(https?|wss?)://")


def _drawn(page):
    return page.eval_on_selector_all(
        ".vega-embed", "els => els.filter(e => e.querySelector('svg.marks, canvas.marks')).length"
    )


def test_index_lists_every_notebook(site, offline_page):
    out, pages = site
    offline_page.goto((out / "index.html").as_uri())
    links = offline_page.eval_on_selector_all("li a", "els => els.map(a => a.getAttribute('href'))")
    assert links == [f"{name}.html" for name in NOTEBOOKS]
    assert offline_page.requested_urls == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_draws_every_chart_offline(site, offline_page, name):
    out, pages = site
    page = offline_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((out / f"{name}.html").as_uri())
    expected = pages[name].charts
    assert expected > 0, "every notebook shows at least one chart"
    page.wait_for_function(
        f"""() => Array.from(document.querySelectorAll('.vega-embed'))
                 .filter(e => e.querySelector('svg.marks, canvas.marks')).length >= {expected}""",
        timeout=30_000,
    )
    assert _drawn(page) == expected
    body = page.inner_text("body")
    assert "Error loading script" not in body
    assert "Javascript Error" not in body
    assert errors == []
    assert page.requested_urls == [], "the page tried to reach the internet"
    # The back link leads to the index.
    assert page.get_attribute("nav.alliance-lab-nav a", "href") == "index.html"
    page.locator(".vega-embed").last.scroll_into_view_if_needed()
    screenshot(page, f"site-{name}")


def test_every_page_passes_the_axe_audit(site, offline_page):
    """axe-core on the index and every notebook page, one page after the other.

    Serious and critical violations fail unless the allow-list in ``axe_audit`` names
    them (rule, where, why, who owns the fix); entries that no page needs any more fail
    too, so the list can only shrink.
    """
    out, _ = site
    page = offline_page
    allowed, own = [], []
    for name in ["index", *NOTEBOOKS]:
        page.goto((out / f"{name}.html").as_uri())
        page.wait_for_load_state("load")
        if name != "index":
            page.wait_for_function(
                f"""() => Array.from(document.querySelectorAll('.vega-embed'))
                         .filter(e => e.querySelector('svg.marks, canvas.marks')).length
                         >= {_drawn_expected(site, name)}""",
                timeout=30_000,
            )
        page_allowed, page_own = axe_audit.split(page, axe_audit.run_axe(page), scope="site")
        allowed += page_allowed
        own += [(name, rule, target) for rule, target in page_own]
    print(f"axe on the static site, serious+critical nodes: allowed {axe_audit.counts(allowed)}")
    print(f"axe on the static site, serious+critical nodes: own {axe_audit.counts(own)}")
    assert own == [], f"serious or critical axe violations in alliance_lab's pages: {own[:10]}"
    used = {rule for rule, _ in allowed}
    stale = [a.rule for a in axe_audit.ALLOWED if a.scope == "site" and a.rule not in used]
    assert stale == [], f"allow-list entries no page needs any more: remove {stale}"


def _drawn_expected(site, name):
    return site[1][name].charts


def test_pages_on_a_phone(site, browser):
    """At 390x844 every chart keeps text of at least 11 CSS px (measured from the rendered
    boxes) and scrolls sideways inside its own box when it is wider than the screen; the
    page itself never scrolls sideways, and no control overlaps another or a label."""
    out, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page = context.new_page()
    problems, smallest = [], []
    for name in NOTEBOOKS:
        page.goto((out / f"{name}.html").as_uri())
        page.wait_for_function(
            f"""() => Array.from(document.querySelectorAll('.vega-embed'))
                     .filter(e => e.querySelector('svg.marks')).length
                     >= {_drawn_expected(site, name)}""",
            timeout=30_000,
        )
        size, text = geometry.smallest_chart_text(page)
        smallest.append((size, name, text))
        if size < geometry.MIN_CHART_TEXT:
            problems.append((name, "chart text too small", size, text))
        page_width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if page_width > 391:
            problems.append((name, "the page scrolls sideways", page_width))
        problems += [(name, "overlap", pair) for pair in geometry.overlaps(page)]
        if name.startswith(("04", "05")):
            page.locator(".vega-embed").first.scroll_into_view_if_needed()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"))
    context.close()
    print(f"phone 390x844, smallest chart text per page: {sorted(smallest)[:3]}")
    assert problems == [], "\n".join(map(str, problems))
