"""Key press to redrawn chart for the explorers on the static site (no kernel, no network).

Builds a one-notebook site with every explorer that has precomputed states, opens it in
headless Chromium with every request that is not ``file://`` (or 127.0.0.1) refused,
focuses each explorer's first slider and presses the arrow keys (the site, the refusal
and the key presses are those of the offline browser test, ``tests/browser/static_page.py``).
For each press it records the time from the key going down to the last change of the
chart's SVG, and to the next frame after it. Target: median under 16 ms (one frame at
60 Hz). Run with ``.venv/bin/python benchmarks/bench_explorables.py [SITE_PAGE.html]``;
it prints, it does not assert. Takes about a minute (most of it the site build).
"""

import re
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser.lab import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from browser.static_page import OFFLINE, build_explorer_site, time_key_presses  # noqa: E402

from alliance_lab.app.explorables import EXPLORABLES  # noqa: E402

PRESSES = 60
TARGET_MS = 16


def measure(page_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route(re.compile(OFFLINE), lambda route: route.abort())
        page.goto(Path(page_path).as_uri())
        page.wait_for_selector(".alliance-lab-explorable[data-ready=true]")
        for root in page.locator(".alliance-lab-explorable").all():
            name = root.get_attribute("data-explorable")
            root.scroll_into_view_if_needed()
            latency = time_key_presses(page, root, PRESSES + 6)[6:]  # the first presses warm up
            drawn = sorted(d for d, _ in latency)
            frame = sorted(f for _, f in latency)
            p95 = drawn[int(0.95 * (len(drawn) - 1))]
            median = statistics.median(drawn)
            verdict = "within" if median < TARGET_MS else "OVER"
            print(
                f"{name:<10} key press -> redrawn chart: median {median:5.1f} ms, "
                f"p95 {p95:5.1f} ms; -> next frame: median {statistics.median(frame):5.1f} ms "
                f"({len(drawn)} presses; {verdict} the {TARGET_MS} ms target)"
            )
        browser.close()


def main(argv):
    if argv:
        measure(argv[0])
        return
    with tempfile.TemporaryDirectory() as folder:
        measure(build_explorer_site(folder, EXPLORABLES))


if __name__ == "__main__":
    main(sys.argv[1:])
