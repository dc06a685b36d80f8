"""al.slider_chart: named sliders bound to a chart function, the chart changed in place."""

import pytest

import alliance_lab as al
from alliance_lab.widgets.controls import Slider


def _view():
    return al.slider_chart(
        al.bordin_profile_chart,
        goal=(1.0, 5.0, 0.5),
        task=(1.0, 5.0, 0.5),
        bond=(1.0, 5.0, 0.5),
        low=1,
    )


def test_one_named_slider_per_range_starting_at_the_function_default():
    view = _view()
    assert list(view.controls) == ["goal", "task", "bond"]
    assert all(isinstance(c, Slider) for c in view.controls.values())
    assert [c.label for c in view.controls.values()] == ["goal", "task", "bond"]
    assert view.values == {"goal": 3.0, "task": 3.0, "bond": 3.0, "low": 1}


def test_a_move_sends_the_new_chart_to_the_same_view():
    view = _view()
    chart_view = view.chart_view
    view.controls["task"].value = 1.0
    assert view.chart_view is chart_view  # the same widget on the page: no new output
    spec = chart_view.spec
    assert spec["title"]["text"] == "Bordin profile: task is the weakest part"
    rows = spec["datasets"][spec["data"]["name"]]
    assert [row["score"] for row in rows] == [3.0, 1.0, 3.0]


def test_a_refused_combination_is_explained_and_the_chart_kept():
    view = al.slider_chart(al.bordin_profile_chart, goal=(1, 5, 1), high=4)
    before = view.chart_view.spec
    view.controls["goal"].value = 5
    assert "goal must lie between 1 and 4; got 5" in view.message.value
    assert view.chart_view.spec == before
    view.controls["goal"].value = 2
    assert view.message.value == ""


def test_start_in_the_middle_without_a_default():
    def chart(x):
        return al.bordin_profile_chart(goal=x)

    view = al.slider_chart(chart, x=(1.0, 4.0, 0.5), labels={"x": "Agreement on goals"})
    assert view.controls["x"].value == 2.5 and view.controls["x"].label == "Agreement on goals"


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"goal": (1, 5)}, r"goal=\(1, 5\) is not a slider: give \(low, high, step\)"),
        ({"goal": (5, 1, 1)}, r"low must be below high"),
        ({"mood": (1, 5, 1)}, r"has no argument mood; it takes goal, task, bond, low, high"),
        ({"low": 1}, r"needs at least one slider"),
    ],
)
def test_bad_input_says_what_to_give(arguments, message):
    with pytest.raises(ValueError, match=message):
        al.slider_chart(al.bordin_profile_chart, **arguments)


def test_not_a_function():
    with pytest.raises(ValueError, match="needs a function that returns a chart"):
        al.slider_chart("bordin", goal=(1, 5, 1))


def test_a_page_without_a_kernel_shows_the_chart_and_says_where_the_sliders_move():
    import altair as alt

    view = _view()
    view.controls["bond"].value = 4.5
    with alt.renderers.enable("html"):
        bundle = view._repr_mimebundle_()
    page = bundle["text/html"]
    assert "vega" in page  # the chart as drawn now
    assert page.endswith("</em></p>")
    assert "they move in JupyterLab or on Binder" in page
    assert "goal 3, task 3, bond 4.5." in page
