"""In the real JupyterLab: the live demo steps forward with its button (chart and flag change),
and the feedback explorer's metrics change when the cutoff slider moves."""

from .lab import error_outputs, open_notebook, run_all_cells, screenshot, wait_charts_drawn

DEMO = ".alliance-lab-live-demo"
EXPLORER = ".alliance-lab-explorer"


def _demo_state(page):
    return page.evaluate(
        f"""() => {{
        const demo = document.querySelector('{DEMO}');
        const flag = demo.querySelector('.alliance-lab-flag');
        const title = demo.querySelector(
            '.vega-embed svg .role-title-text, .vega-embed svg .role-title');
        return {{
            status: flag.dataset.status,
            flag: flag.textContent,
            title: title ? title.textContent : '',
            points: demo.querySelectorAll(
                '.vega-embed svg .mark-symbol path, .vega-embed svg .mark-line path').length,
            prompt: demo.querySelector('.alliance-lab-prompt').textContent,
        }};
    }}"""
    )


def _wait_drawn(page, where, timeout=120_000):
    """Wait for the widget's chart; on failure, say what the widget shows instead."""
    try:
        page.wait_for_selector(f"{where} .vega-embed .marks", timeout=timeout)
    except Exception:
        shown = page.eval_on_selector_all(where, "els => els.map(e => e.innerText.slice(0, 800))")
        raise AssertionError(f"chart in {where} not drawn; the widget shows: {shown}") from None


def test_live_demo_steps_forward_and_flags_the_rupture(page, lab_server):
    open_notebook(page, lab_server, "notebooks/06_ruptures_and_repair.ipynb")
    run_all_cells(page)
    assert error_outputs(page) == []
    screenshot(page, "live-demo-notebook")
    _wait_drawn(page, DEMO)
    containers, drawn = wait_charts_drawn(page)
    assert containers == drawn > 0

    demo = page.locator(DEMO)
    demo.scroll_into_view_if_needed()
    first = _demo_state(page)
    assert first["title"].startswith("Session 3 of")
    assert "What would you do now?" in first["prompt"]
    screenshot(page, "live-demo-start")

    title_js = (
        f"document.querySelector('{DEMO} .vega-embed svg .role-title-text, "
        f"{DEMO} .vega-embed svg .role-title').textContent"
    )
    status_js = f"document.querySelector('{DEMO} .alliance-lab-flag').dataset.status"
    next_button = demo.get_by_role("button", name="Next session ▶")
    seen = [first]
    for _ in range(12):
        before = seen[-1]["title"]
        next_button.click()
        # The chart and the flag are updated by separate messages from the kernel: wait
        # until both show the new session before reading them.
        page.wait_for_function(
            f"""before => {{
                const title = {title_js};
                const shown = (title.match(/Session (\\d+)/) || [])[1];
                const flag = document.querySelector('{DEMO} .alliance-lab-flag').textContent;
                return title !== before && shown && flag.toLowerCase().includes('session ' + shown);
            }}""",
            arg=before,
            timeout=30_000,
        )
        seen.append(_demo_state(page))
        if seen[-1]["status"] == "rupture":
            break
    # Each click revealed one more session: the chart title counts up.
    numbers = [int(s["title"].split()[1]) for s in seen]
    assert numbers == list(range(3, 3 + len(seen)))
    assert seen[-1]["status"] == "rupture", "the rule fired on the way through the case"
    assert "Rupture flagged" in seen[-1]["flag"] and "rupture flagged" in seen[-1]["title"]
    assert seen[0]["status"] != "rupture"
    page.wait_for_function(f"() => ({status_js}) === 'rupture'")
    demo.scroll_into_view_if_needed()
    screenshot(page, "live-demo-rupture")


def test_feedback_explorer_metrics_follow_the_cutoff(page, lab_server):
    open_notebook(page, lab_server, "notebooks/07_feedback_informed_treatment.ipynb")
    run_all_cells(page)
    assert error_outputs(page) == []
    _wait_drawn(page, EXPLORER)
    containers, drawn = wait_charts_drawn(page)
    assert containers == drawn > 0

    explorer = page.locator(EXPLORER)
    explorer.scroll_into_view_if_needed()
    sentence_js = f"document.querySelector('{EXPLORER} .alliance-lab-sentence').textContent"
    bars_js = (
        f"Array.from(document.querySelectorAll('{EXPLORER} .vega-embed svg .mark-text text'))"
        ".map(t => t.textContent).join('|')"
    )
    before_sentence = page.evaluate(f"() => {sentence_js}")
    before_bars = page.evaluate(f"() => {bars_js}")
    assert "below 36" in before_sentence
    screenshot(page, "feedback-explorer-36")

    handle = explorer.get_by_role("slider", name="Cutoff")
    handle.focus()
    for _ in range(6):
        handle.press("ArrowLeft")
    page.wait_for_function(f"() => ({sentence_js}).includes('below 30')", timeout=30_000)
    page.wait_for_function(f"before => ({bars_js}) !== before", arg=before_bars, timeout=30_000)
    after_sentence = page.evaluate(f"() => {sentence_js}")
    assert after_sentence != before_sentence
    explorer.scroll_into_view_if_needed()
    screenshot(page, "feedback-explorer-30")
