"""alliance_lab's own controls (widgets/controls.py) without a browser: values, observers,
what the page is sent, and what the static site writes for them."""

from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest
import traitlets

from alliance_lab.app.site import WIDGET_STATE, WIDGET_VIEW, flatten_widgets
from alliance_lab.widgets import controls
from alliance_lab.widgets.controls import Choice, Player, Slider


def test_slider_keeps_ints_whole_and_floats_on_the_step():
    whole = Slider(value=300, min=30, max=600, step=30, label="Clients")
    whole.value = 210.0  # JSON from the page cannot tell 210 from 210.0
    assert whole.value == 210 and isinstance(whole.value, int)
    link = Slider(value=0.3, min=0.0, max=1.5, step=0.05, label="Link")
    link.value = 0.1 + 0.2  # 0.30000000000000004
    assert link.value == 0.3 and isinstance(link.value, float)
    assert (link.decimals, link.readout) == (2, "0.30")
    assert Slider(value=5.0, min=0, max=10, step=0.1, label="x").readout == "5.0"


def test_slider_refuses_values_off_its_range_with_a_message():
    s = Slider(value=3, min=1, max=5, step=1, label="Bond")
    with pytest.raises(traitlets.TraitError, match="Bond must be between 1 and 5; got 6"):
        s.value = 6
    with pytest.raises(traitlets.TraitError, match="Bond must be a number; got 'x'"):
        s.value = "x"
    assert s.value == 3
    with pytest.raises(ValueError, match="Bond must be between 1 and 5; got 0"):
        Slider(value=0, min=1, max=5, step=1, label="Bond")
    with pytest.raises(ValueError, match="ends must be two words"):
        Slider(value=1, min=1, max=5, step=1, label="Bond", ends=("low",))


def test_slider_value_is_observed_like_an_ipywidget_and_sent_to_the_page():
    s = Slider(value=0.5, min=0.0, max=1.0, step=0.1, label="Share", ends=("none", "all"))
    seen = []
    s.observe(lambda change: seen.append((change["old"], change["new"])), names="value")
    s.value = 0.7
    assert seen == [(0.5, 0.7)]
    state = s.get_state()
    assert state["kind"] == "slider" and state["label"] == "Share"
    assert (state["value"], state["min"], state["max"], state["step"]) == (0.7, 0, 1, 0.1)
    assert state["ends"] == ["none", "all"]


def test_choice_value_and_index_follow_each_other():
    c = Choice(options=[("1 never", 1), ("2 rarely", 2), ("3 often", 3)], label="2. We agree")
    seen = []
    c.observe(lambda change: seen.append(change["new"]), names="value")
    c.index = 2  # a click or an arrow key on the page
    assert c.value == 3 and seen == [3]
    c.value = 1
    assert c.index == 0 and seen == [3, 1]
    with pytest.raises(traitlets.TraitError, match=r"2\. We agree: 9 is not one of the choices"):
        c.value = 9
    state = c.get_state()
    assert state["labels"] == ["1 never", "2 rarely", "3 often"]
    assert state["label"] == "2. We agree" and state["index"] == 0
    plain = Choice(options=["calm", "busy"], label="Style", value="busy")
    assert plain.options == [("calm", "calm"), ("busy", "busy")] and plain.index == 1


def test_player_jslinks_to_a_slider():
    player = Player(value=1, min=1, max=8, interval=500, label="Reveal")
    slider = Slider(value=1, min=1, max=8, step=1, label="Sessions shown")
    link = widgets.jslink((player, "value"), (slider, "value"))
    assert link.source == (player, "value") and link.target == (slider, "value")
    assert player.get_state()["kind"] == "player" and player.get_state()["playing"] is False


def test_the_page_code_and_style_ship_with_the_package():
    js = Path(controls.__file__).with_name("controls.js").read_text()
    css = Path(controls.__file__).with_name("controls.css").read_text()
    for needle in ('"fieldset"', '"legend"', 'type: "range"', '"aria-label", "Play"'):
        assert needle in js, needle
    assert ".alliance-lab-choice" in css
    # the static site writes each control's label and value in its note
    view = {WIDGET_VIEW: {"model_id": "box", "version_major": 2, "version_minor": 0}}
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", view)])
    states = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_c"]}},
        "s": {"model_name": "AnyModel", "state": Slider(
            value=0.3, min=0.0, max=1.5, step=0.05, label="Link").get_state()},
        "c": {"model_name": "AnyModel", "state": Choice(
            options=["calm", "busy"], label="Style").get_state()},
    }  # fmt: skip
    for entry in states.values():
        entry["state"].pop("_esm", None), entry["state"].pop("_css", None)
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": states}}
    note = flatten_widgets(nb).cells[0].outputs[0]["data"]["text/plain"]
    assert note == (
        "Interactive controls (they move in JupyterLab or on Binder): Link 0.30, 1 choice to make"
    )
