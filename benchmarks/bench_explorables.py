"""Key press to redrawn chart for the explorers on the static site (no kernel, no network).

Builds a one-notebook site with every explorer that has precomputed states, opens it in
headless Chromium with every request that is not ``file://`` refused, focuses each
explorer's first slider and presses the arrow keys. For each press it records the time
from the key going down to the last change of the chart's SVG, and to the next frame
after it. Target: median under 16 ms (one frame at 60 Hz). Run with
``.venv/bin/python benchmarks/bench_explorables.py [SITE_PAGE.html]``; it prints, it
does not assert. Takes about a minute (most of it the site build).
"""

import re
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

from alliance_lab.app.explorables import EXPLORABLES

CALLS = {
    "bordin": "al.bordin_explorer()",
    "dropout": "al.dropout_explorer()",
    "outcome": "al.outcome_explorer()",
}
PRESSES = 60
TARGET_MS = 16
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

TIMING_JS = """(root) => {
  const input = root.querySelector('input[type=range]');
  const chart = root.querySelector('.alliance-lab-explorable-chart');
  window.__latency = [];
  let t0 = null, last = null;
  input.addEventListener('keydown', () => { t0 = performance.now(); last = null; }, true);
  new MutationObserver(() => {
    if (t0 === null) return;
    const start = t0;
    if (last === null) {
      requestAnimationFrame(() => {
        window.__latency.push([last - start, performance.now() - start]);
        t0 = null;
      });
    }
    last = performance.now();
  }).observe(chart, {subtree: true, childList: true, attributes: true, characterData: true});
}"""


def build(folder):
    from alliance_lab.app.site import build_site

    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# Every explorer"),
             v4.new_code_cell("import alliance_lab as al\nal.setup_notebook()")]  # fmt: skip
    cells += [v4.new_code_cell(CALLS[name]) for name in EXPLORABLES]
    src = Path(folder) / "nbs"
    src.mkdir()
    nbformat.write(v4.new_notebook(cells=cells), src / "explorers.ipynb")
    build_site(src, Path(folder) / "site")
    return Path(folder) / "site" / "explorers.html"


def measure(page_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route(re.compile(r"^(?!file://)"), lambda route: route.abort())
        page.goto(Path(page_path).as_uri())
        page.wait_for_selector(".alliance-lab-explorable[data-ready=true]")
        for root in page.locator(".alliance-lab-explorable").all():
            name = root.get_attribute("data-explorable")
            root.scroll_into_view_if_needed()
            root.evaluate(TIMING_JS)
            slider = root.locator("input[type=range]").first
            slider.focus()
            at_min = slider.input_value() == slider.get_attribute("min")
            keys = ["ArrowRight", "ArrowLeft"] if at_min else ["ArrowLeft", "ArrowRight"]
            for i in range(PRESSES + 6):
                n = page.evaluate("() => window.__latency.length")
                page.keyboard.press(keys[i % len(keys)])
                page.wait_for_function(f"() => window.__latency.length > {n}")
            latency = page.evaluate("() => window.__latency")[6:]  # the first presses warm up
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
        measure(build(folder))


if __name__ == "__main__":
    main(sys.argv[1:])
