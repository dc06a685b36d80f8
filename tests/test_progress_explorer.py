"""The progress explorer: stepping, switching rules and methods, without a browser."""

import dataclasses

import altair as alt
import pytest

import alliance_lab as al
from alliance_lab.plots.expected_response import expected_response_chart


@pytest.fixture(scope="module")
def clinics():
    history = al.simulate(al.Scenario(n_clients=2_000, n_therapists=100, seed=31))
    clinic = al.simulate(al.Scenario(n_clients=300, n_therapists=15, seed=32))
    return history, clinic


@pytest.fixture(scope="module")
def explorer(clinics):
    history, clinic = clinics
    return al.progress_explorer(clinic, history=history)


def test_the_old_order_still_works_with_a_warning(clinics, explorer):
    history, clinic = clinics
    with pytest.warns(FutureWarning, match=r"progress_explorer\(data=clinic, history=history\)"):
        old = al.progress_explorer(history, clinic)
    assert old.data is clinic and old.history is history
    assert old.client_menu.options == explorer.client_menu.options
    with pytest.warns(FutureWarning, match="clinic= is now called data="):
        assert al.progress_explorer(clinic=clinic, history=history).data is clinic
    with pytest.raises(TypeError, match="data=clinic, history=history"):
        al.progress_explorer(history, clinic, history=history)


def test_steps_session_by_session_and_redraws(explorer):
    assert explorer.client_menu.value == 1
    explorer.slider.value = 1
    assert explorer.status == "too early" and explorer.previous_button.disabled
    explorer.next_button.click()
    assert explorer.shown == 2
    title = explorer.chart_view.chart.to_dict()["title"]["text"]
    assert title.startswith("Session 2 of ")
    assert f'data-status="{explorer.status}"' in explorer.flag.value
    explorer.step(100)
    assert explorer.shown == explorer.slider.max and explorer.next_button.disabled


def test_a_red_alert_shows_the_prompt_list(explorer):
    status = explorer.statuses()
    red = status[(status["status"] == "not on track") & (status["client"] != 1)]
    client = int(red["client"].iloc[0])
    session = int(red["session"].iloc[0])  # the client's first red alert
    options = [value for _, value in explorer.client_menu.options]
    if client not in options:
        explorer.client_menu.options = [*explorer.client_menu.options, (f"client {client}", client)]
    explorer.client_menu.value = client
    assert explorer.shown == 1
    explorer.slider.value = session
    assert explorer.status == "not on track"
    assert "Red alert" in explorer.flag.value
    for area in ("alliance", "motivation", "social support", "life events"):
        assert area in explorer.prompts.value
    explorer.step(-1)  # the session before the first red alert: no prompts
    assert explorer.status != "not on track" and explorer.prompts.value == ""


def test_switching_the_rule_rewrites_the_metrics(explorer):
    explorer.rule_buttons.value = "not on track"
    before = explorer.metrics.value
    explorer.rule_buttons.value = "either"
    assert explorer.metrics.value != before and "Rule <b>either</b>" in explorer.metrics.value
    explorer.truth_buttons.value = "real alliance problem"
    assert "alliance problem" in explorer.metrics.value


def test_switching_the_method_changes_the_band(explorer):
    explorer.method_buttons.value = "similar intake"
    similar = explorer.band["expected"].tolist()
    explorer.method_buttons.value = "regression"
    assert explorer.band["method"].eq("regression").all()
    assert explorer.band["expected"].tolist() != similar


def test_an_unknown_client_gets_a_plain_message():
    history = al.simulate(al.Scenario(n_clients=400, n_therapists=20, seed=33))
    with pytest.raises(ValueError, match="client_id 99999 is not a client of the clinic"):
        al.progress_explorer(history, history=history, client_id=99_999)


def test_the_static_grid_is_the_kernels_explorer(explorer):
    static = explorer.static_explorer()
    clients = list(static.grid["client"].values())
    assert list(static.grid["client"]) == [f"client {c}" for c in clients]  # the menu's words
    assert clients[0] == explorer.client_menu.value and len(clients) == 3
    red = explorer.statuses("similar intake").query("status == 'not on track'")["client"]
    assert set(clients[1:]) <= set(red)  # two clients who get a red alert
    case = dataclasses.replace(static.scenario, client=clients[1], session=4, rule="either")
    rows, band = explorer._case(clients[1], case.method)
    kernel = expected_response_chart(band, trajectory=rows, upto=4).to_dict()
    assert static._view(case).to_dict() == kernel
    m, _ = explorer._score(case.method, "either", case.truth)
    assert static._sentence(case).endswith(
        f"{m.ppv:.0%} of the clients it alerts for really have it."
    )
    assert static._sentence(case).startswith(explorer._flag(rows, 4)[1])
    # these clinics are not notebook 07's: a static page keeps the widget
    with alt.renderers.enable("html"):
        assert "data-explorable" not in str(explorer._repr_mimebundle_())
