"""Notebook 02's model answers in the real JupyterLab: folded until the student opens them."""

from .lab import SCREENSHOTS, open_notebook

FIND_CELLS = """() => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    const found = [];
    for (let i = 0; i < nb.model.cells.length; i++) {
        if (nb.model.cells.get(i).sharedModel.getSource().includes('<details>')) found.push(i);
    }
    return found;
}"""

SHOW_CELL = """async (i) => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    await nb.scrollToItem(i, 'center');
    nb.activeCellIndex = i;
}"""


def test_model_answers_are_folded_and_open_on_click(page, lab_server):
    open_notebook(page, lab_server, "notebooks/02_measuring_the_alliance.ipynb")
    cells = page.evaluate(FIND_CELLS)
    assert len(cells) == 2, "notebook 02 has two exercises with a model answer each"
    for n, index in enumerate(cells, 1):
        page.evaluate(SHOW_CELL, index)
        details = page.locator(".jp-MarkdownCell.jp-mod-active .jp-RenderedMarkdown details")
        details.wait_for(state="attached", timeout=30_000)
        summary = details.locator("summary")
        assert "Model answer" in summary.inner_text()
        body = details.locator("p, li").first
        assert not body.is_visible(), "the answer shows before the student asks for it"
        summary.click()
        body.wait_for(state="visible", timeout=10_000)
        assert details.evaluate("d => d.open")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        details.screenshot(path=str(SCREENSHOTS / f"lab-02-model-answer-{n}.png"))
