"""Expected treatment response against a plain-pandas recomputation and hand-made tables."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.expected_response import (
    STATUSES,
    expected_response,
    intake_scores,
    track_status,
)


@pytest.fixture(scope="module")
def clinics():
    """One past clinic (the history) and one clinic being monitored, 20,000 clients each."""
    history = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=101))
    now = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=102))
    return history.sessions, now.sessions


@pytest.mark.parametrize("target", [12.0, 27.5, 41.3])
def test_similar_intake_band_against_plain_pandas(clinics, target):
    history, _ = clinics
    band = expected_response(history, intake=target, window=1.0, boundary=0.1)
    # plain pandas: clients whose first rating lies within one point, then per session
    first = history.sort_values(["client", "session"]).groupby("client")["outcome_rating"].first()
    similar = first[(first >= target - 1) & (first <= target + 1)].index
    rows = history[history["client"].isin(similar)]
    by = rows.groupby("session")["outcome_rating"]
    expected = pd.DataFrame(
        {
            "n_clients": by.size(),
            "expected": by.mean(),
            "lower": by.quantile(0.1),
            "upper": by.quantile(0.9),
        }
    )
    got = band.set_index("session")
    assert got["n_clients"].tolist() == expected["n_clients"].tolist()
    for column in ("expected", "lower", "upper"):
        assert np.allclose(got[column], expected[column]), column
    assert (band["method"] == "similar intake").all()


def test_regression_band_against_a_plain_least_squares_fit(clinics):
    history, _ = clinics
    band = expected_response(history, intake=25, method="regression", boundary=0.2)
    first = history.sort_values(["client", "session"]).groupby("client")["outcome_rating"].first()
    data = history.assign(intake=history["client"].map(first), t=np.log(history["session"]))
    x = np.column_stack([np.ones(len(data)), data["intake"], data["t"], data["intake"] * data["t"]])
    coef = np.linalg.lstsq(x, data["outcome_rating"], rcond=None)[0]
    data["residual"] = data["outcome_rating"] - x @ coef
    sessions = np.arange(1, 13)
    predicted = coef[0] + coef[1] * 25 + (coef[2] + coef[3] * 25) * np.log(sessions)
    q = data.groupby("session")["residual"].quantile([0.2, 0.8]).unstack()
    assert np.allclose(band["expected"], predicted)
    assert np.allclose(band["lower"], predicted + q[0.2].to_numpy())
    assert np.allclose(band["upper"], predicted + q[0.8].to_numpy())
    # the expected curve rises: clients improve on average
    assert band["expected"].is_monotonic_increasing


def test_the_status_of_each_session_by_hand():
    # three past clients who started at 20, 21 and 22; band for an intake of 21 (window 1)
    history = pd.DataFrame(
        {
            "client": [1, 1, 2, 2, 3, 3],
            "session": [1, 2, 1, 2, 1, 2],
            "outcome_rating": [20, 24, 21, 30, 22, 27],
        }
    )
    band = expected_response(history, intake=21, min_clients=3, boundary=0.25)
    # session 2: mean (24 + 30 + 27) / 3 = 27; 25th percentile of 24, 27, 30 = 25.5
    row = band.set_index("session").loc[2]
    assert (row["expected"], row["lower"], row["upper"]) == (27, 25.5, 28.5)
    now = pd.DataFrame(
        {
            "client": [7, 7, 8, 8, 9, 9],
            "session": [1, 2, 1, 2, 1, 2],
            "outcome_rating": [21, 27, 21, 26, 21, 25],
        }
    )
    status = track_status(now, history=history, min_clients=3, boundary=0.25)
    assert status["status"].astype(str).tolist() == [
        "too early", "on track", "too early", "at risk", "too early", "not on track",
    ]  # fmt: skip
    assert list(status["status"].cat.categories) == list(STATUSES)


def test_statuses_of_a_whole_clinic_match_each_client_s_own_band(clinics):
    history, now = clinics
    status = track_status(now, history=history)
    assert len(status) == len(now)
    rng = np.random.default_rng(5)
    for client in rng.choice(status["client"].unique(), 25, replace=False):
        mine = status[status["client"] == client]
        intake = round(float(mine["outcome_rating"].iloc[0]), 1)
        try:
            band = expected_response(history, intake=intake).set_index("session")
        except ValueError:  # too few past clients started there: no band at all
            assert (mine["status"] == "too early").all()
            continue
        for row in mine.iloc[1:].itertuples():
            expected, lower = band.loc[row.session, ["expected", "lower"]]
            want = (
                "on track"
                if row.outcome_rating >= expected
                else "at risk"
                if row.outcome_rating >= lower
                else "not on track"
            )
            assert row.status == want
    # about a tenth of rated sessions fall below a 10th-percentile band
    later = status[status["session"] > 1]
    share = (later["status"] == "not on track").mean()
    assert 0.07 < share < 0.13


def test_intake_scores_skip_missing_ratings():
    data = pd.DataFrame(
        {"client": [1, 1, 2], "session": [1, 2, 1], "outcome_rating": [np.nan, 30, 18]}
    )
    assert intake_scores(data).to_dict() == {1: 30, 2: 18}


@pytest.mark.parametrize(
    ("kwargs", "start"),
    [
        ({"method": "similar"}, "method must be one of 'similar intake', 'regression'"),
        ({"boundary": 0.6}, "boundary must be a number"),
        ({"window": 0}, "window must be a number above 0"),
        ({"intake": 60, "min_clients": 5}, "intake must be a score that at least 5 past"),
    ],
)
def test_bad_input_gets_a_plain_message(kwargs, start):
    history = pd.DataFrame(
        {"client": [1, 1, 2, 2], "session": [1, 2, 1, 2], "outcome_rating": [20, 22, 21, 23]}
    )
    settings = {"intake": 20, "min_clients": 1, **kwargs}
    with pytest.raises(ValueError) as error:
        expected_response(history, **settings)
    assert str(error.value).startswith(start)


def test_the_chart_draws_three_zones_and_the_client_up_to_a_session(clinics):
    history, now = clinics
    status = track_status(now, history=history)
    client = status[status["client"] == status["client"].iloc[0]]
    band = expected_response(history, intake=round(float(client["intake"].iloc[0]), 1))
    spec = al.expected_response_chart(band, trajectory=client, upto=3).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "line", "line", "point"]
    datasets = spec["datasets"]
    zones = next(d for d in datasets.values() if d and "zone" in d[0] and "y2" in d[0])
    assert {row["zone"] for row in zones} == {"on track", "at risk", "not on track"}
    shown = next(d for d in datasets.values() if d and "rating" in d[0])
    assert [row["session"] for row in shown] == [1, 2, 3]
    colours = spec["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(colours["domain"], colours["range"], strict=True))["not on track"] == "#D55E00"
    assert spec["title"]["text"].startswith("Session 3 of ")
    assert "green on track" in spec["description"]
