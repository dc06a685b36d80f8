"""In the real JupyterLab: the progress explorer of notebook 07 reveals a client's outcome
ratings session by session against the expected band, shows the prompts at a red alert, and
rewrites the rule's metrics when another rule is chosen."""

import alliance_lab as al

from .lab import SCREENSHOTS, error_outputs, open_notebook, run_all_cells, wait_charts_drawn

EXPLORER = ".alliance-lab-progress-explorer"
TITLE = (
    f"document.querySelector('{EXPLORER} .vega-embed svg .role-title-text, "
    f"{EXPLORER} .vega-embed svg .role-title').textContent"
)
FLAG = f"document.querySelector('{EXPLORER} .alliance-lab-flag')"
SENTENCE = f"document.querySelector('{EXPLORER} .alliance-lab-sentence').textContent"


def _red_client():
    """A client of the notebook's clinic (same seeds) with a red alert, and its session; not the
    first client of the menu, which the test has stepped forward before it picks this one."""
    history = al.simulate(al.Scenario(n_clients=4_000, n_therapists=200, seed=15))
    monitored = al.simulate(al.Scenario(n_clients=800, n_therapists=40, seed=16))
    explorer = al.ProgressExplorer(monitored, history=history)
    offered = [value for _, value in explorer.client_menu.options]
    status = explorer.statuses()
    red = status[(status["status"] == "not on track") & status["client"].isin(offered[1:])]
    first = red.groupby("client")["session"].min()
    return int(first.index[0]), int(first.iloc[0]), offered[0]


def _shot(page, name):
    """A picture of the whole explorer: the window is made tall enough for JupyterLab's
    notebook panel to hold all of it (else the panel clips it), then put back."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    explorer = page.locator(EXPLORER)
    size = page.viewport_size
    height = explorer.evaluate("e => e.getBoundingClientRect().height")
    page.set_viewport_size({"width": size["width"], "height": int(height) + 400})
    # its top at the panel's top ("if needed" leaves a partly seen explorer where it is)
    explorer.evaluate("e => e.scrollIntoView({block: 'start'})")
    explorer.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def _wait_session(page, number):
    """Wait until the chart title and the status line both show session ``number``."""
    page.wait_for_function(
        f"""n => {{
            const title = {TITLE};
            const flag = {FLAG}.textContent.toLowerCase();
            return title.startsWith('Session ' + n + ' of') && flag.includes('session ' + n);
        }}""",
        arg=number,
        timeout=30_000,
    )


def test_progress_explorer_steps_through_a_client_and_flags_the_red_alert(page, lab_server):
    client, red_session, first_client = _red_client()
    open_notebook(page, lab_server, "notebooks/07_feedback_informed_treatment.ipynb")
    run_all_cells(page, timeout=300)
    assert error_outputs(page) == []
    page.wait_for_selector(f"{EXPLORER} .vega-embed .marks", timeout=120_000)
    containers, drawn = wait_charts_drawn(page)
    assert containers == drawn > 0

    explorer = page.locator(EXPLORER)
    explorer.scroll_into_view_if_needed()
    _wait_session(page, 1)
    assert page.evaluate(f"() => {FLAG}.dataset.status") == "too early"
    _shot(page, "progress-explorer-start")

    # the first client, stepped forward: each click reveals one more session
    next_button = explorer.get_by_role("button", name="Next session ▶")
    for number in (2, 3, 4):
        next_button.click()
        _wait_session(page, number)
        points = page.evaluate(
            f"() => document.querySelectorAll('{EXPLORER} .vega-embed svg "
            ".mark-symbol.role-mark path').length"
        )
        assert points == number, "one dot per revealed session"
    assert page.evaluate(f"() => {FLAG}.dataset.status") in ("on track", "at risk", "not on track")
    _shot(page, "progress-explorer-session-4")

    # a client with a red alert: pick them, step to the alert, the prompts appear
    if client != first_client:
        explorer.locator("select").first.select_option(label=f"client {client}")
        _wait_session(page, 1)
    for number in range(2, red_session + 1):
        next_button.click()
        _wait_session(page, number)
    page.wait_for_function(f"() => {FLAG}.dataset.status === 'not on track'", timeout=30_000)
    assert "Red alert" in page.evaluate(f"() => {FLAG}.textContent")
    prompts = explorer.locator(".alliance-lab-prompts")
    prompts.wait_for(timeout=30_000)
    text = prompts.inner_text()
    for area in ("alliance", "motivation", "social support", "life events"):
        assert area in text
    assert "not on track" in page.evaluate(f"() => {TITLE}")
    _shot(page, "progress-explorer-red-alert")

    # another rule: the sentence and the metrics are rewritten
    before = page.evaluate(f"() => {SENTENCE}")
    assert "Rule not on track" in before
    explorer.get_by_role("button", name="either", exact=True).click()
    page.wait_for_function(f"() => ({SENTENCE}).includes('Rule either')", timeout=30_000)
    assert page.evaluate(f"() => {SENTENCE}") != before
    _shot(page, "progress-explorer-rule-either")

    # Play from the first session: it reveals the sessions on its own and stops at the
    # red alert (the kernel stops the player; the page's timer would otherwise go on)
    explorer.get_by_role("slider", name="Sessions shown").press("Home")
    _wait_session(page, 1)
    play = explorer.get_by_role("button", name="Play", exact=True)
    play.click()
    page.wait_for_function(
        f"() => document.querySelector('{EXPLORER} .alliance-lab-player-play')"
        ".getAttribute('aria-pressed') === 'true'",
        timeout=10_000,
    )
    _wait_session(page, 2)  # it moves on its own
    page.wait_for_function(
        f"""() => document.querySelector('{EXPLORER} .alliance-lab-player-play')
            .getAttribute('aria-pressed') === 'false'
            && {FLAG}.dataset.status === 'not on track'""",
        timeout=60_000,
    )
    _wait_session(page, red_session)
    slider = explorer.get_by_role("slider", name="Sessions shown")
    assert slider.input_value() == str(red_session), "Play went past the red alert"
    assert "Red alert" in page.evaluate(f"() => {FLAG}.textContent")
    _shot(page, "progress-explorer-played-to-red-alert")
