"""Key press to redrawn chart for an explorer in presenter mode (Voila, with its kernel).

Starts ``python -m alliance_lab.app.present NB`` (default 08, the split-alliance
explorer) on 127.0.0.1, opens it in headless Chromium with every request to another
host refused, focuses the explorer's first slider and presses the arrow keys. For each
press it records the time from the key going down to the chart's last change once the
sentence has changed: the kernel round trip (widget message, simulation, chart, new spec
back to the page, Vega redraw). Compare with the same explorer on the
static page, with no kernel (``benchmarks/bench_explorables.py``), and with presenter
mode's ``--precomputed`` option, where the explorer moves through its precomputed states
in the page. Run with ``.venv/bin/python benchmarks/bench_presenter_explorer.py [NB]
[PRESSES] [--precomputed]``; it prints, it does not assert. Takes one to three minutes
(most of it Voila running the notebook).
"""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser.lab import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

NOTEBOOKS = REPO / "notebooks"
WARM_UP = 4

# The explorer's slider drives the kernel (or the precomputed states); the chart is in the
# same explorer. A kernel's answer can reach the chart in several pieces, so a press is
# finished when the sentence has changed and the chart has had no change for QUIET ms:
# its time is from the key going down (capture phase) to the chart's last change.
QUIET = 300
TIMING_JS = """([root, inputs, charts, quiet]) => {
  const input = root.querySelector(inputs);
  const chart = charts === ':scope' ? root : root.querySelector(charts);
  const sentence = root.querySelector('.alliance-lab-sentence');
  window.__latency = [];
  let t0 = null, last = null, said = null, timer = null;
  function done() {
    if (t0 === null) return;
    if (last === null || sentence.textContent === said) { timer = setTimeout(done, quiet); return; }
    window.__latency.push([last - t0, 0]);
    t0 = null;
  }
  input.addEventListener('keydown', () => {
    t0 = performance.now(); last = null; said = sentence.textContent;
    clearTimeout(timer); timer = setTimeout(done, quiet);
  }, true);
  new MutationObserver(() => {
    if (t0 === null) return;
    last = performance.now();
    clearTimeout(timer); timer = setTimeout(done, quiet);
  }).observe(chart, {subtree: true, childList: true, attributes: true, characterData: true});
}"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port, proc, timeout=300):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("presenter mode stopped before it served the notebook")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)  # polling a port that is not open yet: there is no event to wait on
    raise RuntimeError(f"presenter mode did not open port {port} in {timeout} s")


#: (explorer, its first slider, its chart): the kernel's widget, or the precomputed states
SELECTORS = {
    # the kernel's chart view may draw a new embed: watch the whole explorer
    False: (".alliance-lab-explorer", ".alliance-lab-slider-input", ":scope"),
    True: (".alliance-lab-explorable", "input[type=range]", ".alliance-lab-explorable-chart"),
}


def measure(url, presses, *, precomputed=False):
    explorer, inputs, charts = SELECTORS[precomputed]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        page.goto(url, timeout=300_000)
        root = page.locator(explorer).first
        root.locator(".vega-embed .marks").wait_for(timeout=300_000)
        page.wait_for_function("() => !document.querySelector('#loading')", timeout=300_000)
        root.scroll_into_view_if_needed()
        page.evaluate(TIMING_JS, [root.element_handle(), inputs, charts, QUIET])
        slider = root.locator(inputs).first
        slider.focus()
        at_min = slider.input_value() == slider.get_attribute("min")
        keys = ["ArrowRight", "ArrowLeft"] if at_min else ["ArrowLeft", "ArrowRight"]
        for i in range(presses + WARM_UP):
            n = page.evaluate("() => window.__latency.length")
            page.keyboard.press(keys[i % len(keys)])
            page.wait_for_function(f"() => window.__latency.length > {n}", timeout=60_000)
        latency = page.evaluate("() => window.__latency")[WARM_UP:]
        browser.close()
    drawn = sorted(d for d, _ in latency)
    return statistics.median(drawn), drawn[int(0.95 * (len(drawn) - 1))]


def main(argv):
    precomputed = "--precomputed" in argv
    argv = [a for a in argv if a != "--precomputed"]
    number = argv[0] if argv else "08"
    presses = int(argv[1]) if len(argv) > 1 else 30
    port = _free_port()
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, ALLIANCE_LAB_DATA_DIR=data)
        cmd = [sys.executable, "-m", "alliance_lab.app.present", number,
               f"--notebook-dir={NOTEBOOKS}", f"--port={port}", "--no-browser",
               *(["--precomputed"] if precomputed else [])]  # fmt: skip
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_port(port, proc)
            median, p95 = measure(f"http://127.0.0.1:{port}/", presses, precomputed=precomputed)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    how = "precomputed states, no kernel" if precomputed else "kernel round trip"
    print(
        f"presenter {number}: key press -> redrawn chart ({how}): median "
        f"{median:.1f} ms, p95 {p95:.1f} ms ({presses} presses; the last change of the chart "
        f"after the sentence changed, {QUIET} ms of quiet)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
