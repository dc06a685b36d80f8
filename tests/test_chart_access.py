"""How charts reach a screen reader: one image named by its description, no action menu."""

import altair as alt
import pandas as pd

import alliance_lab as al
from alliance_lab.theme import EMBED_OPTIONS


def test_theme_hides_marks_and_guides_from_screen_readers():
    al.setup_notebook()
    spec = alt.Chart(pd.DataFrame({"x": [1.123456789]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["aria"] is False
    assert spec["config"]["mark"]["aria"] is False


def test_setup_notebook_draws_svg_without_the_action_menu():
    al.setup_notebook(static=True)
    html = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")._repr_mimebundle_()
    html = (html[0] if isinstance(html, tuple) else html)["text/html"]
    assert '"actions": false' in html and '"renderer": "svg"' in html
    al.setup_notebook()
    assert alt.renderers.options["embed_options"] == EMBED_OPTIONS


def test_explorer_and_live_demo_charts_use_the_same_options():
    demo = al.live_demo(al.simulate(al.Scenario.preset("classroom")).sessions)
    assert demo.chart_view.embed_options == EMBED_OPTIONS
