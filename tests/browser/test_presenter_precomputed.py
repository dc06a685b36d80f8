"""Presenter mode with ``--precomputed``: an explorer answers in the page, without the kernel.

Notebook 08 is presented with the option; its split-alliance explorer is drawn from its
precomputed states. In headless Chromium, with every request to another host refused,
a key press on its first slider changes the chart and the sentence; then the kernel is
stopped (the kernel process that this test's presenter started, by its id) and the
explorer still answers, with the sentence the kernel computes for that state.
"""

import psutil

from alliance_lab.widgets.explorer_page import load_states

from . import axe_audit
from .lab import SCREENSHOTS, open_voila_app

NAME = "08_alliance_across_settings"
READY = '.alliance-lab-explorable[data-explorable="split"][data-ready=true]'


def _kernels():
    """The kernels of the presenter this test started (descendants of this process)."""
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if any("ipykernel" in part for part in p.cmdline())
    ]


def _press_and_wait(page, root, key):
    sentence = root.locator(".alliance-lab-sentence")
    before = (root.get_attribute("data-state"), sentence.inner_text())
    chart = root.locator(".alliance-lab-explorable-chart svg.marks").inner_html()
    root.get_by_role("slider", name="How far partners' alliances differ", exact=True).press(key)
    page.wait_for_function(
        "([el, state, text, chart]) => el.dataset.state !== state && "
        "el.querySelector('.alliance-lab-sentence').textContent !== text && "
        "el.querySelector('.alliance-lab-explorable-chart svg.marks').innerHTML !== chart",
        arg=[root.element_handle(), *before, chart],
        timeout=10_000,
    )
    return int(root.get_attribute("data-state"))


def test_precomputed_explorer_answers_without_the_kernel(presenter, local_page):
    page = local_page
    page.set_viewport_size({"width": 1600, "height": 900})
    _, errors = open_voila_app(page, *presenter(NAME, "--precomputed"), ready=READY)
    root = page.locator(READY)
    root.scroll_into_view_if_needed()
    states = load_states("split")
    # every control is named by its visible label alone
    for axis in states["controls"]:
        assert root.get_by_role("slider", name=axis["label"], exact=True).count() == 1
    s = _press_and_wait(page, root, "ArrowRight")
    assert root.locator(".alliance-lab-sentence").inner_text() == states["sentences"][s]
    # the kernel-free explorer joins the presenter page's accessibility audit
    allowed, own = axe_audit.split(page, axe_audit.run_axe(page), scope="present")
    print(f"axe on the presenter page (08, --precomputed), serious+critical nodes: "
          f"allowed {axe_audit.counts(allowed)}, own {axe_audit.counts(own)}")  # fmt: skip
    assert own == [], f"serious or critical axe violations of our own: {own[:10]}"

    kernels = _kernels()
    assert kernels, "the presenter's kernel was not found"
    for kernel in kernels:
        kernel.kill()
    psutil.wait_procs(kernels, timeout=30)
    s = _press_and_wait(page, root, "ArrowLeft")
    assert root.locator(".alliance-lab-sentence").inner_text() == states["sentences"][s]
    s = _press_and_wait(page, root, "ArrowLeft")
    assert root.locator(".alliance-lab-sentence").inner_text() == states["sentences"][s]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / "presenter-precomputed-split.png"))
    assert errors == []
