"""Drive the real JupyterLab (or Voila) in headless Chromium.

Small helpers shared by the browser tests: open a notebook in its own workspace,
run every cell, wait for the kernel, and look at what the page shows.
"""

import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# A drawn Vega chart has an element with class `marks` (SVG or canvas) inside `.vega-embed`.
CHART_CONTAINERS = ".vega-embed"
DRAWN_CHARTS = ".vega-embed .marks"
WIDGETS = (
    ".jp-OutputArea-output .widget-box, .jp-OutputArea-output .widget-inline-hbox, "
    ".jp-OutputArea-output .jupyter-widgets"
)


def write_notebook(folder, name, *sources):
    """Write a notebook of code cells ``sources`` (Python 3 kernel) as ``folder/name``.

    Returns ``name``, the path to open relative to the server root ``folder``.
    """
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [new_code_cell(source) for source in sources]
    nbformat.write(nb, Path(folder) / name)
    return name


def open_notebook(page, base_url, path, *, workspace=None):
    """Open ``path`` (relative to the server root) in a fresh workspace and wait for the kernel."""
    workspace = workspace or Path(path).stem.replace(".", "-")
    page.goto(f"{base_url}/lab/workspaces/{workspace}/tree/{path}?reset")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_kernel_idle(page, timeout=60)


def kernel_status(page):
    return page.evaluate(
        """() => {
        const w = window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
        return k ? k.status : 'none';
    }"""
    )


def wait_kernel_idle(page, *, timeout=120):
    """Wait until the kernel is idle and no cell shows the busy prompt ``[*]``."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        busy = page.evaluate(
            """() => Array.from(document.querySelectorAll('.jp-InputPrompt'))
                   .some(p => p.textContent.includes('*'))"""
        )
        if not busy and kernel_status(page) == "idle":
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(250)
    raise TimeoutError(f"kernel still busy after {timeout} s")


def run_all_cells(page, *, timeout=180):
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(500)
    wait_kernel_idle(page, timeout=timeout)


def run_cell(page, index):
    """Run the cell at ``index`` (0-based) of the open notebook and wait for the kernel."""
    page.evaluate(
        """(index) => {
            const panel = window.jupyterapp.shell.currentWidget;
            panel.content.activeCellIndex = index;
            return window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        index,
    )
    page.wait_for_timeout(300)
    wait_kernel_idle(page)


def restart_kernel(page, *, timeout=60):
    """Restart the kernel without the confirmation dialog."""
    page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"""
    )
    page.wait_for_timeout(500)
    wait_kernel_idle(page, timeout=timeout)


def error_outputs(page):
    """Text of every error output (tracebacks) shown in the notebook."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
        ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']",
        "els => els.map(e => e.textContent.slice(0, 2000))",
    )


def unexecuted_code_cells(page):
    """Number of code cells with no execution count after a run."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
              .filter(p => !/\\[\\d+\\]/.test(p.textContent)).length"""
    )


def wait_charts_drawn(page, *, timeout=30):
    """Wait until every chart container holds a drawn chart; return (containers, drawn)."""
    deadline = time.monotonic() + timeout
    while True:
        counts = chart_counts(page)
        if counts[0] == counts[1] or time.monotonic() > deadline:
            return counts
        page.wait_for_timeout(250)


def chart_counts(page):
    containers = page.eval_on_selector_all(CHART_CONTAINERS, "els => els.length")
    drawn = page.eval_on_selector_all(
        CHART_CONTAINERS,
        "els => els.filter(e => e.querySelector('svg.marks, canvas.marks')).length",
    )
    return containers, drawn


def widget_count(page):
    return page.eval_on_selector_all(".jp-OutputArea-output .jupyter-widgets", "els => els.length")


def open_voila_app(page, url, started, *, ready):
    """Open a Voila app, wait for ``ready`` (a CSS selector) and for Voila to finish loading.

    Returns ``(seconds from launch until ready showed, list collecting page errors)``.
    """
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, timeout=300_000)
    page.wait_for_selector(ready, timeout=300_000)
    shown = time.monotonic() - started
    page.wait_for_function("() => !document.querySelector('#loading')", timeout=300_000)
    return shown, errors


def screenshot(page, name, *, whole_notebook=True, max_height=12_000):
    """Save a PNG in build/screenshots/.

    JupyterLab scrolls the notebook inside its own panel, so a plain full-page
    screenshot shows one screenful. With ``whole_notebook`` the window is made as
    tall as the notebook for the picture, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if whole_notebook:
        height = page.evaluate(
            """() => { const p = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
                           || document.querySelector('.jp-NotebookPanel-notebook');
                       return p ? p.scrollHeight : 0; }"""
        )
        page.evaluate(
            """() => document.querySelectorAll('.jp-WindowedPanel-outer')
                       .forEach(p => { p.scrollTop = 0; })"""
        )
        if height:
            page.set_viewport_size(
                {"width": size["width"], "height": min(height + 200, max_height)}
            )
            page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def ax_tree(page):
    """The nodes of Chromium's accessibility tree that are not ignored (CDP's raw dicts)."""
    cdp = page.context.new_cdp_session(page)
    try:
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [n for n in tree if not n.get("ignored")]


def ax_nodes(page):
    """(role, name) of every node in Chromium's accessibility tree that is not ignored."""
    return [
        (n.get("role", {}).get("value", ""), n.get("name", {}).get("value", ""))
        for n in ax_tree(page)
    ]
