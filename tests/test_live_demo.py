"""The live demo without a browser: buttons change the sessions shown, the chart, the flag."""

import pandas as pd
import pytest

from alliance_lab.widgets.live_demo import live_demo

# Rupture at session 4 (30 -> 22, level 30), repaired at session 6 (31 >= 30).
DATA = pd.DataFrame(
    {
        "client": [7] * 8 + [8] * 4,
        "session": list(range(1, 9)) + list(range(1, 5)),
        "session_rating": [30, 32, 28, 22, 26, 31, 33, 34, 35, 35, 35, 35],
    }
)


def _shown_sessions(demo):
    spec = demo.chart_view.chart.to_dict()
    (rows,) = spec["datasets"].values()  # one data set shared by all layers
    return sorted(row["session"] for row in rows)


def test_next_reveals_one_more_session_and_redraws():
    demo = live_demo(DATA, start=2)
    assert demo.client == 7  # the first client with a repaired rupture
    assert _shown_sessions(demo) == [1, 2]
    demo.next_button.click()
    assert demo.shown == 3 and _shown_sessions(demo) == [1, 2, 3]
    assert "Session 3 of 8: no rupture flagged" == demo.chart.to_dict()["title"]["text"]
    assert 'data-status="none"' in demo.flag.value


def test_flag_fires_at_the_rupture_and_clears_at_the_repair():
    demo = live_demo(DATA, start=3)
    demo.next_button.click()
    assert demo.flagged and demo.status == "rupture"
    assert "Rupture flagged at session 4" in demo.flag.value
    assert "8.0 points below" in demo.flag.value
    assert demo.chart.to_dict()["title"]["text"] == "Session 4 of 8: rupture flagged"
    assert "What would you do now?" in demo.prompt.value
    assert "reveal session 5" in demo.prompt.value
    demo.next_button.click()
    assert demo.status == "open" and not demo.flagged
    demo.next_button.click()
    assert demo.status == "repaired" and "Repaired at session 6" in demo.flag.value
    demo.previous_button.click()
    assert demo.shown == 5


def test_ends_stay_within_the_case():
    demo = live_demo(DATA, start=8)
    assert demo.next_button.disabled
    demo.step(+5)
    assert demo.shown == 8 and "last session" in demo.prompt.value
    demo.step(-20)
    assert demo.shown == 1 and demo.previous_button.disabled


def test_play_stops_when_the_rule_fires():
    demo = live_demo(DATA, start=3)
    demo.play.playing = True
    demo.slider.value = 4  # what the linked Play widget does in the browser
    assert demo.play.playing is False


def test_choose_a_client_and_the_rule():
    demo = live_demo(DATA, client_id=8)
    assert demo.n_sessions == 4 and demo.client_id == 8
    with pytest.raises(ValueError, match="client_id must be a client in the column 'client'"):
        live_demo(DATA, client_id=99)
    strict = live_demo(DATA, client_id=7, drop=10, start=4)
    assert not strict.flagged


def test_client_names_the_column_and_the_old_client_id_still_works():
    renamed = DATA.rename(columns={"client": "id", "session": "visit"})
    demo = live_demo(renamed, client="id", session="visit", client_id=8)
    assert (demo.n_sessions, demo.shown) == (4, live_demo(DATA, client_id=8).shown)
    assert (
        demo.chart.to_dict()["title"]["text"]
        == live_demo(DATA, client_id=8).chart.to_dict()["title"]["text"]
    )
    with pytest.warns(FutureWarning, match="client= is now called client_id=") as caught:
        old = live_demo(DATA, client=8)
    assert caught[0].filename == __file__
    assert old.client_id == 8 and old.n_sessions == 4


def test_a_static_page_moves_through_the_states_of_its_own_case_only():
    import altair as alt

    import alliance_lab as al

    clinic = al.simulate(al.Scenario(n_clients=300, n_therapists=30, seed=6))  # notebook 06
    with alt.renderers.enable("html"):
        demo = live_demo(clinic.sessions, drop=5, window=3, start=3)
        page = demo._repr_mimebundle_()["text/html"]
        assert 'data-explorable="live_demo"' in page and "Next session ▶" in page
        assert demo._sentence(3) in page  # the state shown first is the kernel's
        for other in (
            live_demo(clinic.sessions, drop=6, window=3, start=3),  # another rule
            live_demo(DATA, start=3),  # another case
        ):
            assert "data-explorable" not in str(other._repr_mimebundle_())
