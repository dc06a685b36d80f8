"""The lecturer's live view and the results download, against the real class service."""

import time

import altair as alt
import httpx
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.classroom import serve_in_background
from alliance_lab.widgets.class_view import _LiveChart

KEY = "view-test-key-0123456789abcdef"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    handle = serve_in_background(data_dir=folder, lecturer_key=KEY)
    yield handle
    handle.stop()


def _api(server):
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {KEY}"})


def _session(server, *, mode="triads", students=30, groups=10, seed=1):
    with _api(server) as api:
        reply = api.post("/api/sessions", json={"instrument": "bordin-teaching", "mode": mode})
        code = reply.json()["code"]
        api.post(f"/api/sessions/{code}/rounds")
        body = {"round": 1, "n_students": students, "groups": groups, "seed": seed}
        assert api.post(f"/api/sessions/{code}/rehearse", json=body).status_code == 200
    return code


def _rehearse_more(server, code, *, students, groups, seed):
    with _api(server) as api:
        body = {"round": 1, "n_students": students, "groups": groups, "seed": seed}
        reply = api.post(f"/api/sessions/{code}/rehearse", json=body)
        assert reply.status_code == 200, reply.text


def _all_text(view):
    """Every text value of every widget in the view (what could reach the screen)."""
    texts, todo = [], [view.widget]
    while todo:
        w = todo.pop()
        texts += [str(getattr(w, name, "")) for name in ("value", "description", "options")]
        todo += list(getattr(w, "children", ()))
    return "\n".join(texts)


def test_view_shows_forms_agreement_and_a_sentence(server):
    code = _session(server)
    view = al.class_view(server.url, code=code, key=KEY, refresh=60)
    try:
        assert 'data-forms="30"' in view.status.value
        assert "30 forms so far (10 clients, 10 therapists, 10 observers)" in view.sentence.value
        assert "Across 10 triads, ICC(1) is" in view.sentence.value
        assert view.agreement.value.count("<tr><td>triad") == 10
        assert code in view.header.value
        assert KEY not in _all_text(view) and KEY not in repr(view)
        # the numbers in the agreement table are the analysis functions' numbers
        answers = view.answers
        agree = al.rater_agreement(
            answers[["round", "group", "perspective", "respondent", "item", "response"]],
            "bordin-teaching",
        )
        first = agree[(agree["group"] == 1) & (agree["scale"] == "total")].iloc[0]
        assert f"<td>triad 1</td><td>3</td><td>{first['mean']:.1f}</td>" in view.agreement.value
    finally:
        view.stop()


def test_new_forms_are_swapped_into_the_drawn_charts(server):
    code = _session(server, students=9, groups=3)
    view = al.class_view(server.url, code=code, key=KEY, refresh=60)
    try:
        before = [live.widget.spec for live in view.charts]
        _rehearse_more(server, code, students=6, groups=2, seed=2)
        assert view.refresh()
        assert 'data-forms="15"' in view.status.value
        # the drawn spec stays; the new rows went to the drawn chart's named data set
        assert [live.widget.spec for live in view.charts] == before
        update = view.charts[0].widget._py_to_js_updates
        assert update[0]["name"] in before[0]["datasets"]
        assert len(update[0]["value"]) == 15  # one dot per form
    finally:
        view.stop()


def test_view_refreshes_on_its_own(server):
    code = _session(server, students=6, groups=2)
    view = al.class_view(server.url, code=code, key=KEY, refresh=0.5)
    try:
        _rehearse_more(server, code, students=3, groups=1, seed=5)
        deadline = time.monotonic() + 20
        while 'data-forms="9"' not in view.status.value and time.monotonic() < deadline:
            time.sleep(0.05)  # polling for the event, with a deadline
        assert 'data-forms="9"' in view.status.value
    finally:
        view.stop()
    assert not view._thread.is_alive()


def test_wrong_key_unreachable_service_and_unknown_code_say_so(server, monkeypatch):
    code = _session(server, students=3, groups=1)
    wrong = al.class_view(server.url, code=code, key="not-the-key")
    assert "refused the lecturer key" in wrong.status.value
    assert "not-the-key" not in _all_text(wrong)
    gone = al.class_view("http://127.0.0.1:9", code=code, key=KEY)
    assert "Cannot reach the class service" in gone.status.value
    assert "phone hotspot" in gone.status.value
    unknown = al.class_view(server.url, code="QQQQQ", key=KEY)
    assert "QQQQQ" in unknown.status.value
    monkeypatch.delenv("ALLIANCE_LAB_CLASS_KEY", raising=False)
    nokey = al.class_view(server.url, code=code)
    assert "ALLIANCE_LAB_CLASS_KEY" in nokey.status.value
    monkeypatch.setenv("ALLIANCE_LAB_CLASS_KEY", KEY)
    from_env = al.class_view(server.url, code=code, refresh=60)
    from_env.stop()
    assert 'data-forms="3"' in from_env.status.value
    with pytest.raises(ValueError, match="refresh must be a number of seconds"):
        al.class_view(server.url, code=code, key=KEY, refresh=0)


def test_results_download_scores_and_alpha(server, tmp_path):
    code = _session(server, mode="hall", students=40, groups=None, seed=4)
    data = al.class_results(server.url, code=code, key=KEY, path=tmp_path / "class.csv")
    assert (tmp_path / "class.csv").is_file()
    assert {"round", "group", "perspective", "respondent", "item", "response"} <= set(data.columns)
    assert len(data) == 40 * 12 and data["group"].isna().all()
    scores = al.score(data, "bordin-teaching")
    assert len(scores) == 40 * 4
    alpha = al.cronbach_alpha(data, "bordin-teaching")
    assert alpha.set_index("scale").loc["total", "n_respondents"] == 40
    # the same answers as the JSON interface gives
    with _api(server) as api:
        rows = pd.DataFrame(api.get(f"/api/sessions/{code}/answers").json()["answers"])
    assert sorted(data["response"]) == sorted(rows["response"])
    with pytest.raises(ValueError, match="refused the lecturer key"):
        al.class_results(server.url, code=code, key="nope")


def test_live_chart_swaps_data_or_redraws():
    one = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    live = _LiveChart(one)
    name = next(iter(live.widget.spec["datasets"]))
    two = alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_point().encode(x="x:Q")
    assert live.update(two) == "swapped"
    assert live.widget._py_to_js_updates == [
        {"namespace": "data", "name": name, "scope": [], "value": [{"x": 1}, {"x": 2}, {"x": 3}]}
    ]
    assert live.update(two) == "same"
    bars = alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_bar().encode(x="x:Q")
    assert live.update(bars) == "redrawn"
    assert live.widget.spec["mark"]["type"] == "bar"


def test_lecturer_helpers_open_a_session_a_round_and_rehearse(server, monkeypatch):
    monkeypatch.setenv("ALLIANCE_LAB_CLASS_KEY", KEY)
    session = al.start_class_session(server.url, mode="triads", title="Rehearsal")
    assert session["mode"] == "triads" and session["join_url"].endswith(session["code"])
    assert al.open_class_round(server.url, code=session["code"]) == 1
    n = al.rehearse_class_round(server.url, code=session["code"], n_students=12, n_groups=4, seed=1)
    assert n == 12
    assert al.open_class_round(server.url, code=session["code"]) == 2
    data = al.class_results(server.url, code=session["code"])
    assert data["submission"].nunique() == 12 and set(data["round"]) == {1}
    with pytest.raises(ValueError, match="groups"):
        al.rehearse_class_round(server.url, code=session["code"], n_students=12)
    with pytest.raises(ValueError, match="refused the lecturer key"):
        al.start_class_session(server.url, key="wrong")
