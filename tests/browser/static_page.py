"""The explorers on the static site, for the offline browser test and the benchmark.

One notebook that shows every explorer with precomputed states, built into a site with
the real site builder; the requests such a page may make (``file://`` and 127.0.0.1 only);
and arrow-key presses on an explorer's first slider, each waited for until the chart has
redrawn. ``tests/browser/test_explorables_offline.py`` and
``benchmarks/bench_explorables.py`` both use them.
"""

from pathlib import Path

import nbformat

#: What a notebook calls to show each explorer (the notebooks call the same).
CALLS = {
    "bordin": "al.bordin_explorer()",
    "dropout": "al.dropout_explorer()",
    "outcome": "al.outcome_explorer()",
    # the case of notebook 06 and the clinics of notebook 07
    "live_demo": "al.live_demo(al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=6))"
    ".sessions, drop=5, window=3, start=3)",
    "progress": "al.progress_explorer(al.simulate(al.Scenario(n_clients=800, n_therapists=40, "
    "seed=16)), history=al.simulate(al.Scenario(n_clients=4_000, n_therapists=200, seed=15)))",
    "split": "al.split_explorer()",
    "caseload": "al.caseload_explorer()",
    # the clinics of notebooks 06 and 07
    "rupture": "al.rupture_explorer(al.simulate(al.Scenario(n_clients=300, n_therapists=30, "
    "seed=6)))",
    "feedback": "al.feedback_explorer(al.simulate(al.Scenario(n_clients=300, n_therapists=30, "
    "seed=7)).sessions)",
}
#: Every request whose URL matches is refused: the page may read files and 127.0.0.1 only.
OFFLINE = r"^(?!file://|https?://127\.0\.0\.1[:/])"

#: Records, for each key press on the first slider, when the chart's SVG was last changed
#: and when the next frame came (milliseconds after the key went down).
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


def build_explorer_site(folder, names):
    """Build a site from one notebook showing the explorers ``names``; return its page."""
    from alliance_lab.app.site import build_site

    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# Every explorer"),
             v4.new_code_cell("import alliance_lab as al\nal.setup_notebook()")]  # fmt: skip
    cells += [v4.new_code_cell(CALLS[name]) for name in names]
    src = Path(folder) / "nbs"
    src.mkdir()
    nbformat.write(v4.new_notebook(cells=cells), src / "explorers.ipynb")
    build_site(src, Path(folder) / "site")
    return Path(folder) / "site" / "explorers.html"


def time_key_presses(page, root, presses):
    """Press the arrow keys on the first slider of explorer ``root``, one after another.

    The keys go back and forth (first away from the slider's end), and each press waits
    until the chart has redrawn. Returns ``[ms to the last change of the chart, ms to the
    next frame]`` for every press.
    """
    root.evaluate(TIMING_JS)
    slider = root.locator("input[type=range]").first
    slider.focus()
    at_min = slider.input_value() == slider.get_attribute("min")
    keys = ["ArrowRight", "ArrowLeft"] if at_min else ["ArrowLeft", "ArrowRight"]
    for i in range(presses):
        n = page.evaluate("() => window.__latency.length")
        page.keyboard.press(keys[i % len(keys)])
        page.wait_for_function(f"() => window.__latency.length > {n}")
    return page.evaluate("() => window.__latency")
