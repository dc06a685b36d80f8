"""Alert rules and their accuracy, checked against a confusion table worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from alliance_lab.analysis.feedback import (
    FeedbackSettings,
    alert_metrics,
    flag_alerts,
    mark_problems,
    monitor,
    predictive_values,
    set_base_rate,
)

# Two therapists, two clients each, three weekly sessions. `problem` is the truth.
#   client  therapist  ratings       problem
#   a       T1         38 36 30      F F T
#   b       T1         40 39 39      F T F
#   c       T2         35 37 36      T F F
#   d       T2         39 40 34      F F T
RATINGS = {"a": [38, 36, 30], "b": [40, 39, 39], "c": [35, 37, 36], "d": [39, 40, 34]}
PROBLEM = {"a": [0, 0, 1], "b": [0, 1, 0], "c": [1, 0, 0], "d": [0, 0, 1]}
THERAPIST = {"a": "T1", "b": "T1", "c": "T2", "d": "T2"}


@pytest.fixture
def sessions():
    rows = [
        {
            "client": c,
            "therapist": THERAPIST[c],
            "session": s + 1,
            "session_rating": RATINGS[c][s],
            "problem": bool(PROBLEM[c][s]),
        }
        for c in RATINGS
        for s in range(3)
    ]
    return pd.DataFrame(rows)


def test_cutoff_rule_strict(sessions):
    flags = flag_alerts(sessions, cutoff=36, comparison="<")
    # Below 36: a3 (30), c1 (35), d3 (34).
    assert flags.loc[flags["alert"], ["client", "session"]].values.tolist() == [
        ["a", 3],
        ["c", 1],
        ["d", 3],
    ]


def test_cutoff_rule_inclusive_adds_the_36s(sessions):
    flags = flag_alerts(sessions, cutoff=36, comparison="<=")
    # Also a2 (36) and c3 (36).
    assert int(flags["alert"].sum()) == 5
    assert set(map(tuple, flags.loc[flags["alert"], ["client", "session"]].values)) == {
        ("a", 2),
        ("a", 3),
        ("c", 1),
        ("c", 3),
        ("d", 3),
    }


def test_drop_rule(sessions):
    flags = flag_alerts(sessions, cutoff=None, drop=1)
    # Drops of >= 1 point since last session: a2 (-2), a3 (-6), b2 (-1), c3 (-1), d3 (-6).
    assert set(map(tuple, flags.loc[flags["alert"], ["client", "session"]].values)) == {
        ("a", 2),
        ("a", 3),
        ("b", 2),
        ("c", 3),
        ("d", 3),
    }
    flags = flag_alerts(sessions, cutoff=None, drop=2)
    assert int(flags["alert"].sum()) == 3


def test_confusion_table_by_hand_for_cutoff_or_drop(sessions):
    # Rule: below 36 OR a drop of >= 1. Alerts: a2 a3 b2 c1 c3 d3 (6 sessions).
    # Problems: a3 b2 c1 d3 (4 sessions), all alerted -> TP 4, FN 0.
    # False alarms: a2, c3 -> FP 2.  The other 6 sessions -> TN 6.
    flags = flag_alerts(sessions, cutoff=36, comparison="<", drop=1, combine="or")
    m = alert_metrics(flags, truth="problem")
    assert (m.tp, m.fp, m.fn, m.tn) == (4, 2, 0, 6)
    assert m.sensitivity == 1.0
    assert m.specificity == pytest.approx(6 / 8)
    assert m.ppv == pytest.approx(4 / 6)
    assert m.npv == 1.0
    assert m.base_rate == pytest.approx(4 / 12)
    assert m.alert_rate == pytest.approx(6 / 12)
    # 2 therapists x 3 weeks = 6 therapist-weeks, 6 alerts -> 1 per therapist per week.
    assert m.alerts_per_therapist_week == pytest.approx(1.0)
    table = m.table
    assert table.loc["alert", "problem"] == 4 and table.loc["total", "total"] == 12
    assert table.loc["total", "problem"] == 4 and table.loc["alert", "total"] == 6


def test_confusion_table_by_hand_for_cutoff_and_drop(sessions):
    # Both parts: a3 (30, -6), d3 (34, -6). c1 is low but has no previous session.
    flags = flag_alerts(sessions, cutoff=36, drop=1, combine="and")
    m = alert_metrics(flags, truth="problem")
    assert (m.tp, m.fp, m.fn, m.tn) == (2, 0, 2, 8)
    assert m.sensitivity == 0.5 and m.ppv == 1.0 and m.specificity == 1.0
    assert m.npv == pytest.approx(0.8)


def test_caseload_version_of_alerts_per_week(sessions):
    flags = flag_alerts(sessions, cutoff=36)
    m = alert_metrics(flags, truth="problem", sessions_per_week=20)
    # 3 alerts in 12 sessions = 0.25 per session; 20 sessions a week -> 5 alerts.
    assert m.alerts_per_therapist_week == pytest.approx(5.0)


def test_metrics_agree_with_plain_pandas_crosstab():
    rng = np.random.default_rng(7)
    data = pd.DataFrame(
        {
            "therapist": rng.integers(0, 5, 500),
            "session": rng.integers(1, 11, 500),
            "alert": rng.random(500) < 0.3,
            "problem": rng.random(500) < 0.2,
        }
    )
    m = alert_metrics(data, truth="problem")
    cross = pd.crosstab(data["alert"], data["problem"])
    assert m.tp == cross.loc[True, True] and m.tn == cross.loc[False, False]
    assert m.sensitivity == pytest.approx(cross.loc[True, True] / cross[True].sum())
    assert m.ppv == pytest.approx(cross.loc[True, True] / cross.loc[True].sum())


def test_undefined_ratios_are_nan():
    data = pd.DataFrame(
        {"therapist": 1, "session": [1, 2], "alert": [False, False], "problem": [False, False]}
    )
    m = alert_metrics(data, truth="problem")
    assert math.isnan(m.sensitivity) and math.isnan(m.ppv)
    assert m.specificity == 1.0
    assert set(m.to_frame()["metric"]) >= {"sensitivity", "ppv", "alerts_per_therapist_week"}


def test_missing_rating_never_alerts_and_is_skipped_for_drops():
    data = pd.DataFrame({"client": 1, "session": [1, 2, 3], "session_rating": [38, np.nan, 37]})
    flags = flag_alerts(data, cutoff=36, drop=1)
    assert flags["alert"].tolist() == [False, False, True]


def test_input_not_changed(sessions):
    before = sessions.copy()
    flag_alerts(sessions.iloc[::-1], drop=1)
    pd.testing.assert_frame_equal(sessions, before)


def test_predictive_values_follow_bayes_by_hand():
    # sens .8, spec .9, base rate .2: PPV = .16 / (.16 + .08) = 2/3; NPV = .72 / (.72 + .04)
    row = predictive_values(0.8, 0.9, 0.2).iloc[0]
    assert row["ppv"] == pytest.approx(2 / 3)
    assert row["npv"] == pytest.approx(0.72 / 0.76)
    curve = predictive_values(0.8, 0.9, np.linspace(0.05, 0.95, 19))
    assert curve["ppv"].is_monotonic_increasing and curve["npv"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"comparison": "="}, "comparison must be"),
        ({"combine": "xor"}, "combine must be"),
        ({"cutoff": None}, "Set cutoff=, drop= or both"),
        ({"drop": 0}, "drop must be a positive"),
        ({"score": "srs"}, "missing 'srs'"),
    ],
)
def test_bad_rule_settings_explain_themselves(sessions, options, message):
    with pytest.raises(ValueError, match=message):
        flag_alerts(sessions, **options)


def test_truth_must_be_boolean(sessions):
    with pytest.raises(ValueError, match="True/False"):
        alert_metrics(flag_alerts(sessions), truth="session_rating")


def test_mark_problems_uses_a_fixed_threshold_on_the_true_alliance():
    data = pd.DataFrame({"goal": range(-5, 15), "task": range(-5, 15), "bond": range(-5, 15)})
    marked = mark_problems(data, threshold=-1.5)
    assert marked.loc[marked["problem"], "goal"].tolist() == [-5, -4, -3, -2]
    # the definition does not depend on the other sessions
    assert mark_problems(data.iloc[:6], threshold=-1.5)["problem"].sum() == 4


def test_set_base_rate_by_hand():
    # 4 problems among 20 sessions (20 %)
    data = pd.DataFrame({"problem": [True] * 4 + [False] * 16, "n": range(20)})
    rarer = set_base_rate(data, share=0.1)
    # keep all 16 fine sessions and 16 * .1 / .9 = 1.78 -> 2 problems: 2 / 18
    assert len(rarer) == 18 and rarer["problem"].sum() == 2
    assert rarer["n"].is_monotonic_increasing
    commoner = set_base_rate(data, share=0.5)
    # keep all 4 problems and 4 fine sessions
    assert len(commoner) == 8 and commoner["problem"].sum() == 4
    with pytest.raises(ValueError, match="with and without"):
        set_base_rate(data.iloc[4:], share=0.2)


def test_monitor_equals_flagging_then_scoring(sessions):
    # `sessions` carries its own truth column `problem`, which monitor uses as it is
    run = monitor(sessions, FeedbackSettings(cutoff=36, drop=1, problem_share=1 / 3))
    by_hand = alert_metrics(
        flag_alerts(sessions, cutoff=36, drop=1), truth="problem", sessions_per_week=2
    )
    # 4 of 12 sessions are problems, so a base rate of 1/3 keeps every session
    assert len(run.scored) == 12
    assert run.metrics == by_hand


@pytest.mark.parametrize(
    "options",
    [{"comparison": "=="}, {"cutoff": 0, "drop": 0}, {"problem_share": 1.0}, {"cutoff": 50}],
)
def test_feedback_settings_refuse_impossible_rules(options):
    with pytest.raises(ValueError):
        FeedbackSettings(**options)


# --- the simulated clinic: ceiling, masking and a real trade-off ------------------------


@pytest.fixture(scope="module", params=[1, 2])
def big_clinic(request):
    import alliance_lab as al

    return al.simulate(al.Scenario(n_clients=20_000, seed=request.param)).sessions


def test_default_rule_faces_a_real_trade_off(big_clinic):
    m = monitor(big_clinic).metrics
    assert 0.30 < m.sensitivity < 0.95
    assert 0.30 < m.specificity < 0.95


def test_cutoff_trades_missed_problems_against_false_alarms(big_clinic):
    low, high = monitor(big_clinic, cutoff=32).metrics, monitor(big_clinic, cutoff=38).metrics
    assert low.sensitivity < high.sensitivity - 0.1
    assert low.specificity > high.specificity + 0.1
    with_drop = monitor(big_clinic, drop=1).metrics
    assert with_drop.alert_rate > monitor(big_clinic).metrics.alert_rate


def test_masking_clients_are_never_flagged_by_the_cutoff(big_clinic):
    import alliance_lab as al

    masked = al.simulate(al.Scenario(n_clients=2000, seed=3, masked_share=1.0)).sessions
    assert (masked["session_rating"] == 40).all()
    none = al.simulate(al.Scenario(n_clients=2000, seed=3, masked_share=0.0)).sessions
    assert (none["session_rating"] == 40).mean() < (big_clinic["session_rating"] == 40).mean()


def test_base_rate_changes_how_common_problems_are_not_what_they_are(big_clinic):
    rare = monitor(big_clinic, problem_share=0.05)
    common = monitor(big_clinic, problem_share=0.40)
    # the truth of every session is the simulation's, whatever the base rate
    for run in (rare, common):
        assert run.flags["problem"].sum() == big_clinic["problem"].sum()
        merged = run.scored.merge(big_clinic, on=["client", "session"], suffixes=("", "_sim"))
        assert len(merged) == len(run.scored)
        assert (merged["problem"] == merged["problem_sim"]).all()
    assert rare.metrics.base_rate == pytest.approx(0.05, abs=0.001)
    assert common.metrics.base_rate == pytest.approx(0.40, abs=0.001)
    # sensitivity and specificity stay (apart from chance); the predictive value moves
    assert rare.metrics.sensitivity == pytest.approx(common.metrics.sensitivity, abs=0.05)
    assert rare.metrics.specificity == pytest.approx(common.metrics.specificity, abs=0.02)
    assert rare.metrics.ppv < common.metrics.ppv - 0.3


def test_problem_column_is_the_true_alliance_below_the_threshold(big_clinic):
    true = big_clinic[["goal", "task", "bond"]].mean(axis=1)
    assert (big_clinic["problem"] == (true < -1.0)).all()
