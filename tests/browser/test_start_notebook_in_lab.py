"""The start notebook's first widget in JupyterLab: named sliders, and no blank flash.

After run-all, the keyboard moves the slider named "task" (Tab to it, arrow keys). The
page watches the chart's output area with a MutationObserver and samples it at every
animation frame: from the key press until the new chart is drawn, the area must never
be without a drawn chart (``ipywidgets.interact`` emptied it and drew a new chart,
which left it blank for a moment). The blank time and the key-to-chart time are
written to ``build/start-notebook-redraw.txt``.
"""

from pathlib import Path

from .lab import SCREENSHOTS, open_notebook, run_all_cells, screenshot, wait_charts_drawn

NOTEBOOK = "notebooks/00_start_here.ipynb"

# Watch the output area holding `handle`: every mutation batch and every animation frame
# records how many drawn charts it holds; `window.__blank.stop()` returns the records.
WATCH = """handle => {
    const area = handle.closest('.jp-OutputArea');
    const count = () => area.querySelectorAll('.vega-embed svg.marks').length;
    const signature = () => Array.from(area.querySelectorAll('.vega-embed svg.marks'))
        .map(s => s.outerHTML).join();
    const records = {mutations: [], frames: [], start: performance.now(), running: true};
    records.before = signature();
    records.changed = () => count() > 0 && signature() !== records.before;
    const observer = new MutationObserver(() => records.mutations.push(
        [performance.now() - records.start, count(), area.getBoundingClientRect().height]));
    observer.observe(area, {childList: true, subtree: true});
    const frame = () => {
        if (!records.running) return;
        records.frames.push([performance.now() - records.start, count(),
                             area.getBoundingClientRect().height]);
        requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    records.stop = () => { records.running = false; observer.disconnect(); return records; };
    window.__blank = records;
}"""


def measure_keyboard_redraw(page, handle, *, key):
    """Press ``key`` on ``handle``; wait for the chart to change; return the page's records."""
    handle.evaluate(WATCH)
    page.wait_for_timeout(100)  # a few frames drawn before the key press, as a baseline
    pressed = page.evaluate("() => performance.now() - window.__blank.start")
    handle.press(key)
    page.wait_for_function("() => window.__blank.changed()", timeout=30_000)
    drawn = page.evaluate("() => performance.now() - window.__blank.start")
    page.wait_for_timeout(100)
    records = page.evaluate(
        "() => { const r = window.__blank.stop(); return {m: r.mutations, f: r.frames}; }"
    )
    frames = [(t, n) for t, n, _ in records["f"] if t >= pressed]
    blank_frames = [t for t, n in frames if n == 0]
    blank_ms = 0.0
    for (t, n), (t_next, _) in zip(frames, frames[1:], strict=False):
        if n == 0:
            blank_ms += t_next - t
    return {
        "key_to_chart_ms": drawn - pressed,
        "blank_frames": len(blank_frames),
        "frames": len(frames),
        "blank_ms": blank_ms,
        # the output area's height in every frame the screen showed (a mutation can see
        # a state the browser never paints: the chart is swapped within one task)
        "smallest_painted_height": min(h for t, _, h in records["f"] if t >= pressed),
        "smallest_height_between_mutations": min(
            (h for t, _, h in records["m"] if t >= pressed), default=None
        ),
        "mutations": len(records["m"]),
    }


def test_start_notebook_slider_by_keyboard_changes_the_chart_without_a_blank(page, lab_server):
    open_notebook(page, lab_server, NOTEBOOK)
    run_all_cells(page)
    wait_charts_drawn(page)

    # Only the package's named sliders: no stock slider handle anywhere in the notebook.
    assert page.locator(".widget-slider, .noUi-handle").count() == 0
    names = page.get_by_role("slider").evaluate_all(
        "els => els.map(e => e.labels && e.labels[0] ? e.labels[0].textContent : '')"
    )
    assert names == ["goal", "task", "bond"]

    task = page.get_by_role("slider", name="task", exact=True)
    task.scroll_into_view_if_needed()
    task.focus()
    height_before = task.evaluate("h => h.closest('.jp-OutputArea').getBoundingClientRect().height")
    # the first press changes the title too (task becomes the weakest part), the second
    # only the bars; both are timed
    first = measure_keyboard_redraw(page, task, key="ArrowLeft")
    second = measure_keyboard_redraw(page, task, key="ArrowLeft")
    assert task.input_value() == "2"
    for run in (first, second):
        assert run["blank_frames"] == 0, run
        assert run["smallest_painted_height"] >= height_before - 1, run

    out = Path(SCREENSHOTS).parent / "start-notebook-redraw.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"al.slider_chart, key press to drawn chart: {first}\n{second}\n")
    task.evaluate("h => h.closest('.jp-OutputArea').scrollIntoView()")
    screenshot(page, "lab-start-notebook-slider", whole_notebook=False)
