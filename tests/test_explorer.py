"""The explorer mechanism, without a browser, on a tiny fake simulation."""

import dataclasses
import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from alliance_lab.widgets.explorer import Explorer


@dataclasses.dataclass(frozen=True)
class Toy:
    """Stands in for al.Scenario: validates itself like a frozen scenario does."""

    n_clients: int = 100
    link: float = 0.3
    style: str = "calm"
    seed: int = 1

    def __post_init__(self):
        if not 0 <= self.link <= 1:
            raise ValueError(f"link must lie between 0 and 1; got {self.link}.")

    def to_json(self):
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text):
        return cls(**json.loads(text))


def fake_simulate(scenario):
    rng = np.random.default_rng(scenario.seed)
    alliance = rng.normal(size=scenario.n_clients)
    noise = rng.normal(size=scenario.n_clients)
    outcome = scenario.link * alliance + np.sqrt(1 - scenario.link**2) * noise
    return pd.DataFrame({"alliance": alliance, "outcome": outcome})


def fake_view(data):
    brush = alt.selection_interval(encodings=["x"])
    scatter = alt.Chart(data).mark_point().encode(x="alliance:Q", y="outcome:Q").add_params(brush)
    bars = alt.Chart(data).mark_bar().encode(x=alt.X("outcome:Q", bin=True), y="count()")
    return alt.hconcat(scatter, bars.transform_filter(brush))


def fake_sentence(data):
    r = np.corrcoef(data["alliance"], data["outcome"])[0, 1]
    return f"With {len(data)} clients the correlation is r = {r:.2f}."


def make(**kwargs):
    options = dict(
        settings={"link": (0.0, 0.6, 0.05), "n_clients": (20, 500, 20), "style": ["calm", "busy"]},
        view=fake_view,
        sentence=fake_sentence,
        simulate=fake_simulate,
    )
    return Explorer(Toy(), **{**options, **kwargs})


def rows(chart):
    """The one data set behind the chart, as pandas sees it."""
    (values,) = chart.to_dict()["datasets"].values()
    return pd.DataFrame(values)


def numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


def test_controls_are_sliders_and_dropdowns_with_the_scenario_values():
    ex = make()
    assert ex.controls["link"].value == pytest.approx(0.3)
    assert ex.controls["n_clients"].value == 100
    assert type(ex.controls["n_clients"]).__name__ == "Slider"
    assert ex.controls["n_clients"].integer and not ex.controls["link"].integer
    assert ex.controls["link"].label == "Link"  # the slider's name is its visible label
    assert [value for _, value in ex.controls["style"].options] == ["calm", "busy"]


def test_moving_a_slider_changes_scenario_chart_and_sentence():
    ex = make()
    spec_before, sentence_before = ex.chart.to_dict(), ex.sentence
    ex.controls["n_clients"].value = 300
    assert ex.scenario == Toy(n_clients=300)
    spec = ex.chart.to_dict()
    assert spec != spec_before
    assert len(rows(ex.chart)) == 300
    assert ex.chart_view.spec == spec  # the widget in the page got the new chart
    assert ex.sentence != sentence_before
    assert "300 clients" in ex.sentence_view.value
    assert len(ex.redraw_seconds) == 1


def test_sentence_numbers_equal_plain_pandas_recomputation():
    ex = make()
    ex.controls["link"].value = 0.55
    values = rows(ex.chart)
    n, r = numbers(ex.sentence)
    assert n == len(values)
    assert r == round(values["alliance"].corr(values["outcome"]), 2)


def test_dropdown_changes_scenario():
    ex = make()
    ex.controls["style"].value = "busy"
    assert ex.scenario.style == "busy"


@pytest.mark.parametrize(
    "text, words",
    [
        ("{not json", "not valid JSON"),
        ('{"link": 0.9}', "link = 0.9"),  # valid scenario, outside the slider
        ('{"link": 2}', "link must lie between 0 and 1"),  # refused by the scenario itself
        ('{"size": 3}', "Unknown setting 'size'"),
        ("[1, 2]", "Expected JSON"),
        ("", "empty"),
        ("__import__('os').system('echo hi')", "Expected"),
        ("al.Toy(link=__import__('os'))", "plain values"),
    ],
)
def test_bad_scenarios_leave_everything_unchanged_with_a_message(text, words):
    ex = make()
    ex.controls["link"].value = 0.4
    before = (ex.scenario, ex.chart.to_dict(), ex.sentence, ex.controls["link"].value)
    ex.share_text.value = text
    ex.load_button.click()
    assert (ex.scenario, ex.chart.to_dict(), ex.sentence, ex.controls["link"].value) == before
    shown = "".join(o.get("text", "") for o in ex.messages.outputs)
    assert "Nothing was changed" in shown and words in shown


def test_share_and_load_round_trip_in_both_forms():
    ex = make()
    ex.controls["link"].value = 0.5
    ex.controls["n_clients"].value = 240
    shared = ex.share()
    assert json.loads(shared.json) == {"n_clients": 240, "link": 0.5}
    assert shared.python == "al.Toy.from_json('" + shared.json + "')"
    for text in (shared.json, shared.python, "al.Toy(link=0.5, n_clients=240)"):
        other = make()
        assert other.load(text) is True
        assert other.scenario == ex.scenario
        assert other.controls["n_clients"].value == 240
        assert other.sentence == ex.sentence
        assert other.chart.to_dict() == ex.chart.to_dict()


def test_share_button_writes_the_scenario_in_the_box():
    ex = make()
    ex.controls["link"].value = 0.1
    ex.share_button.click()
    assert json.loads(ex.share_text.value) == {"link": 0.1}


def test_a_failing_simulation_is_shown_and_the_slider_goes_back():
    def flaky(scenario):
        if scenario.n_clients > 400:
            raise RuntimeError("simulation broke")
        return fake_simulate(scenario)

    ex = make(simulate=flaky)
    ex.controls["n_clients"].value = 420
    assert ex.scenario.n_clients == 100
    assert ex.controls["n_clients"].value == 100
    shown = "".join(o.get("text", "") for o in ex.messages.outputs)
    assert "RuntimeError: simulation broke" in shown


def test_settings_are_checked():
    with pytest.raises(ValueError, match="does not have"):
        make(settings={"colour": ["red"]})
    with pytest.raises(ValueError, match="outside the slider"):
        make(settings={"link": (0.5, 0.6, 0.05)})


def test_static_rendering_shows_sentence_and_chart():
    ex = make()
    active = alt.renderers.active
    try:
        alt.renderers.enable("html")
        bundle = ex._repr_mimebundle_()
    finally:
        alt.renderers.enable(active)
    assert "correlation is r" in bundle["text/html"] and "vega" in bundle["text/html"]
