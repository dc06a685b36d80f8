"""The numbers beside a key-result chart in JupyterLab: reachable by keyboard, a named table.

A one-cell-at-a-time notebook draws the dropout hazard chart and the dropout explorer.
Under each chart a closed "Numbers in this chart" opens with the keyboard (Tab stop,
Enter) and shows a table named by its caption; the hazard table's numbers equal a
plain-pandas count from the same simulated clinic, and the explorer's table follows a
slider moved by keyboard.
"""

import pandas as pd

import alliance_lab as al

from .lab import open_notebook, run_all_cells, screenshot, wait_charts_drawn, write_notebook

SEED = 11
SETUP = f"""import alliance_lab as al
al.setup_notebook()
clinic = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed={SEED}))"""


def _cells(table):
    return table.evaluate(
        "t => Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent))"
    )


def test_numbers_open_by_keyboard_as_a_named_table(page, lab_server, server_root):
    name = write_notebook(
        server_root, "chart_numbers.ipynb", SETUP,
        "al.hazard_chart(al.dropout_hazard(clinic.clients))", "al.dropout_explorer()",
    )  # fmt: skip
    open_notebook(page, lab_server, name)
    run_all_cells(page)
    containers, drawn = wait_charts_drawn(page)
    assert containers == drawn == 2

    summaries = page.locator("details.alliance-lab-numbers > summary")
    assert summaries.count() == 2
    hazard_table = page.get_by_role("table", name="Clients who left after each session")
    assert hazard_table.count() == 0  # closed: not in the accessibility tree yet
    summaries.first.focus()
    page.keyboard.press("Enter")
    hazard_table.wait_for(state="visible", timeout=10_000)

    # plain pandas: of the clients who attended session s, how many left right after it
    clients = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=SEED)).clients
    expected = []
    for s in range(1, int(clients["sessions_attended"].max())):
        came = clients[clients["sessions_attended"] >= s]
        left = int((came["dropped_out"] & (came["sessions_attended"] == s)).sum())
        expected.append([str(s), str(len(came)), str(left), f"{left / len(came):.1%}"])
    assert _cells(hazard_table) == expected

    # the explorer's table: open it, move the link by keyboard, the numbers follow
    summaries.nth(1).focus()
    page.keyboard.press("Enter")
    pattern_table = page.get_by_role("table", name="Dropout by alliance pattern")
    pattern_table.wait_for(state="visible", timeout=10_000)
    before = _cells(pattern_table)
    link = page.get_by_role("slider", name="Alliance → dropout link")
    link.focus()
    link.press("End")
    page.wait_for_function(
        """before => { const t = Array.from(document.querySelectorAll('table'))
              .find(t => t.caption && t.caption.textContent === 'Dropout by alliance pattern');
            return t && JSON.stringify(Array.from(t.tBodies[0].rows)
              .map(r => Array.from(r.cells).map(c => c.textContent))) !== JSON.stringify(before);
        }""",
        arg=before,
        timeout=60_000,
    )
    # The explorer rewrites its numbers widget on each redraw, which closes the table again
    # (known limitation: the open state is not kept); its new rows are read from the page.
    after = page.evaluate(
        """() => Array.from(Array.from(document.querySelectorAll('table')).find(t => t.caption
              && t.caption.textContent === 'Dropout by alliance pattern').tBodies[0].rows)
              .map(r => Array.from(r.cells).map(c => c.textContent))"""
    )
    sentence = page.locator(".alliance-lab-sentence").inner_text()
    shown = pd.DataFrame(after, columns=["pattern", "clients", "dropped"])
    total = shown["clients"].astype(int).sum()
    assert total == 300 and f"of {total} clients" in sentence
    hazard_table.scroll_into_view_if_needed()
    screenshot(page, "lab-chart-numbers", whole_notebook=True)
