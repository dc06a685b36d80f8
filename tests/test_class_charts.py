"""Class charts as specs: title, description, one data table, the numbers they draw."""

import pandas as pd
import pytest

import alliance_lab as al


@pytest.fixture(scope="module")
def triads():
    return al.simulate_raters("bordin-teaching", n_raters=30, n_groups=10, seed=2)


def _rows(spec):
    return [rows for rows in spec["datasets"].values()]


def test_chair_score_chart(triads):
    scores = al.score(triads, "bordin-teaching")
    spec = al.chair_score_chart(scores, "bordin-teaching", scale="bond").to_dict()
    assert spec["title"]["text"] == "Scores by chair: bond"
    assert "client's, the therapist's and the observers' chair" in spec["description"]
    (rows,) = _rows(spec)
    assert len(rows) == 30  # one per student
    expected = scores.query("scale == 'bond'")["score"].sort_values().tolist()
    assert sorted(r["score"] for r in rows) == expected
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [4, 20]


def test_chair_score_chart_refuses_unknown_scale(triads):
    with pytest.raises(ValueError, match="has no scale 'trust'"):
        al.chair_score_chart(al.score(triads, "bordin-teaching"), "bordin-teaching", scale="trust")


def test_chair_gap_chart_in_answer_points(triads):
    gaps = al.chair_gap(triads, "bordin-teaching")
    spec = al.chair_gap_chart(gaps, "bordin-teaching").to_dict()
    assert spec["title"]["text"] == "Client minus therapist, per component"
    assert spec["description"]
    tables = _rows(spec)
    assert len(tables) == 2  # the gaps, and the zero line
    rows = max(tables, key=len)
    got = pd.DataFrame(rows).groupby("scale")["gap"].mean()
    by_hand = gaps.groupby("scale")["gap"].mean() / pd.Series(
        {"goal": 4, "task": 4, "bond": 4, "total": 12}
    )
    assert got.sort_index().tolist() == pytest.approx(by_hand.sort_index().tolist())


def test_submissions_chart_counts_forms_in_time_order():
    answers = pd.DataFrame(
        {
            "submission": [7, 7, 3, 3, 9],
            "perspective": ["observer", "observer", "client", "client", "therapist"],
            "submitted_at": [
                "2026-12-01T10:00:05Z",
                "2026-12-01T10:00:05Z",
                "2026-12-01T10:00:01Z",
                "2026-12-01T10:00:01Z",
                "2026-12-01T10:00:09Z",
            ],
        }
    )
    spec = al.submissions_chart(answers).to_dict()
    assert spec["title"]["text"] == "Forms received"
    (rows,) = _rows(spec)
    assert [(r["perspective"], r["count"]) for r in rows] == [
        ("client", 1),
        ("observer", 2),
        ("therapist", 3),
    ]


def test_empty_class_draws_empty_charts():
    empty = pd.DataFrame(columns=["submission", "submitted_at", "perspective"])
    (rows,) = _rows(al.submissions_chart(empty).to_dict())
    assert rows == []
    scores = pd.DataFrame(columns=["perspective", "scale", "score"])
    (rows,) = _rows(al.chair_score_chart(scores, "bordin-teaching").to_dict())
    assert rows == []


def test_charts_say_what_is_missing():
    with pytest.raises(ValueError, match=r"missing 'submitted_at'\)\. Pass the answers of al"):
        al.submissions_chart(pd.DataFrame({"submission": [1], "perspective": ["client"]}))
