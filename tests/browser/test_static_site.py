"""The static site (``make html``) read with no kernel and no network: every chart drawn.

The site is built into a temporary folder and opened page by page through
``file://`` in headless Chromium. Every request that is not a local file is
recorded and refused, so a page that needs the internet fails the test.
"""

from pathlib import Path

import pytest

from alliance_lab._site import build_site, site_size

from .lab import screenshot

NOTEBOOK_DIR = Path(__file__).parents[2] / "notebooks"
NOTEBOOKS = sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium_path):
    out = tmp_path_factory.mktemp("site")
    pages = build_site(NOTEBOOK_DIR, out)
    print(f"static site: {len(pages)} pages, {site_size(out) / 1e6:.2f} MB")
    return out, {Path(p.notebook).stem: p for p in pages}


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
