"""The rupture rule on hand-built series whose answer is worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from alliance_lab.analysis.ruptures import detect_ruptures


def series(*values, client=1):
    return pd.DataFrame(
        {"client": client, "session": range(1, len(values) + 1), "session_rating": values}
    )


def summary(result, client=1):
    return result.clients.set_index("client").loc[client]


def test_known_rupture_and_repair_by_hand():
    # Levels (mean of the 3 previous): s4 = (30+32+28)/3 = 30, shortfall 30-22 = 8 >= 5: fires.
    # s5: (32+28+22)/3 = 27.33, score 26 -> shortfall 1.33, no; 26 < 30 so still open.
    # s6: score 31 >= 30 (the level the rupture was measured against): repaired at 6.
    result = detect_ruptures(series(30, 32, 28, 22, 26, 31), drop=5, window=3, repair_within=3)
    s = result.sessions
    assert s["level"].iloc[:3].isna().all()
    assert s["level"].iloc[3] == pytest.approx(30.0)
    assert s["level"].iloc[4] == pytest.approx(82 / 3)
    assert s["shortfall"].iloc[3] == pytest.approx(8.0)
    assert s["fires"].tolist() == [False, False, False, True, False, False]
    assert s["rupture_start"].tolist() == [False, False, False, True, False, False]
    assert s["rupture_open"].tolist() == [False, False, False, True, True, False]
    assert s["repair"].tolist() == [False, False, False, False, False, True]
    row = summary(result)
    assert (row["rupture"], row["rupture_session"], row["repaired"], row["repair_session"]) == (
        True,
        4,
        True,
        6,
    )


def test_v_shape_is_a_repaired_rupture():
    result = detect_ruptures(series(30, 30, 30, 20, 30), drop=5, window=3)
    row = summary(result)
    assert row["rupture_session"] == 4
    assert row["repaired"] and row["repair_session"] == 5


def test_unresolved_drop():
    # s4 fires (30 -> 20). s5: level (30+30+20)/3 = 26.67, shortfall 6.67 fires again but
    # belongs to the same open rupture. Nothing returns to 30 within 3 sessions: unresolved.
    result = detect_ruptures(series(30, 30, 30, 20, 20, 20, 20), drop=5, window=3)
    s = result.sessions
    assert s["fires"].tolist() == [False, False, False, True, True, False, False]
    assert s["rupture_start"].sum() == 1
    assert s["rupture_open"].tolist() == [False, False, False, True, True, True, True]
    row = summary(result)
    assert row["n_ruptures"] == 1
    assert not row["repaired"]
    assert pd.isna(row["repair_session"])


def test_return_after_the_repair_window_is_not_a_repair():
    # Back to 30 only at s8, four sessions after the rupture; repair_within=3 allows s5-s7.
    result = detect_ruptures(series(30, 30, 30, 20, 22, 22, 22, 30), drop=5, window=3)
    assert not summary(result)["repaired"]
    result = detect_ruptures(
        series(30, 30, 30, 20, 22, 22, 22, 30), drop=5, window=3, repair_within=4
    )
    assert summary(result)["repair_session"] == 8


def test_series_shorter_than_the_window_never_fires():
    # Only two earlier ratings: no running level with window=3, however big the drop.
    result = detect_ruptures(series(40, 40, 0), drop=5, window=3)
    assert result.sessions["level"].isna().all()
    assert not result.sessions["fires"].any()
    row = summary(result)
    assert not row["rupture"] and pd.isna(row["repaired"]) and pd.isna(row["rupture_session"])


def test_tie_at_the_threshold_fires_and_just_below_does_not():
    assert summary(detect_ruptures(series(30, 30, 30, 25), drop=5))["rupture"]
    assert not summary(detect_ruptures(series(30, 30, 30, 25.5), drop=5))["rupture"]
    # A level that is not a whole number: (31 + 30 + 30) / 3 = 30.333..., minus 5 = 25.333...
    assert summary(detect_ruptures(series(31, 30, 30, 76 / 3), drop=5))["rupture"]


def test_tie_at_the_repair_level_counts_as_repair():
    result = detect_ruptures(series(31, 30, 29, 20, 30), drop=5)
    assert summary(result)["repair_session"] == 5


def test_two_separate_ruptures_are_counted():
    values = (30, 30, 30, 20, 30, 30, 30, 30, 18, 19, 19, 19)
    result = detect_ruptures(series(*values), drop=5, window=3, repair_within=2)
    row = summary(result)
    assert row["n_ruptures"] == 2
    assert row["rupture_session"] == 4 and row["repaired"]
    assert result.sessions.loc[result.sessions["rupture_start"], "session"].tolist() == [4, 9]


def test_missing_ratings_are_skipped_not_counted():
    data = series(30, 30, np.nan, 30, 20)
    result = detect_ruptures(data, drop=5, window=3)
    s = result.sessions
    assert not s["fires"].iloc[2]
    assert s["level"].iloc[4] == pytest.approx(30.0)
    assert s["fires"].iloc[4]


def test_several_clients_unsorted_input_untouched():
    data = pd.concat([series(30, 30, 30, 20, 30, client="a"), series(10, 10, 10, 10, client="b")])
    data = data.sample(frac=1, random_state=3)
    before = data.copy()
    result = detect_ruptures(data)
    pd.testing.assert_frame_equal(data, before)
    assert result.clients["client"].tolist() == ["a", "b"]
    assert result.clients["rupture"].tolist() == [True, False]
    assert result.sessions.groupby("client")["session"].apply(list).to_dict() == {
        "a": [1, 2, 3, 4, 5],
        "b": [1, 2, 3, 4],
    }


def test_other_column_names():
    data = series(5, 5, 5, 3).rename(
        columns={"client": "id", "session": "week", "session_rating": "bond"}
    )
    result = detect_ruptures(data, score="bond", drop=2, client="id", session="week")
    assert result.clients.loc[0, "id"] == 1 and result.clients.loc[0, "rupture_session"] == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"drop": 0}, "drop must be a positive"),
        ({"window": 0}, "window must be a whole number"),
        ({"window": 2.5}, "window must be a whole number"),
        ({"repair_within": -1}, "repair_within"),
        ({"score": "wai"}, "missing 'wai'"),
    ],
)
def test_bad_settings_explain_themselves(options, message):
    with pytest.raises(ValueError, match=message):
        detect_ruptures(series(30, 30, 30, 20), **options)


def test_duplicate_session_is_an_error():
    data = pd.concat([series(30, 30), series(30)])
    with pytest.raises(ValueError, match="session 1 more than once"):
        detect_ruptures(data)


def test_a_client_who_left_before_the_repair_window_ended_is_not_called_unresolved():
    import alliance_lab as al

    # client 1 stops right after the rupture (session 4): a repair could not be seen;
    # client 2 stays three more sessions without coming back: unresolved
    data = pd.DataFrame(
        {
            "client": [1] * 4 + [2] * 7,
            "session": list(range(1, 5)) + list(range(1, 8)),
            "session_rating": [30, 30, 30, 20] + [30, 30, 30, 20, 22, 23, 24],
        }
    )
    found = al.detect_ruptures(data, drop=5, window=3, repair_within=3)
    assert found.clients["repair_seen"].tolist() == [False, True]
    info = pd.DataFrame({"client": [1, 2], "outcome": [0.1, 0.2], "dropped_out": [True, False]})
    groups = al.rupture_groups(found, info).set_index("group")["n"]
    assert groups["left before repair could be seen"] == 1 and groups["unresolved"] == 1
