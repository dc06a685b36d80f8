"""Combined alert rules scored against the simulated truth, checked with pandas crosstabs."""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.combined_alerts import RULES, apply_rule, compare_rules, score_rule
from alliance_lab.analysis.expected_response import track_status


@pytest.fixture(scope="module")
def clinic():
    """A monitored clinic of 20,000 clients, its statuses from a past clinic, and its truth."""
    history = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=201))
    now = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=202))
    return track_status(now.sessions, history=history.sessions), now.clients


def test_rules_by_hand():
    data = pd.DataFrame(
        {
            "client": 1,
            "session": [1, 2, 3, 4],
            "status": ["too early", "not on track", "at risk", "not on track"],
            "session_rating": [38, 38, 36.5, 35],
        }
    )
    # alliance: below 36 (session 4) or a drop of 1 or more (session 3: 38 -> 36.5; session 4)
    got = {rule: apply_rule(data, rule=rule)["alert"].tolist() for rule in RULES}
    assert got == {
        "not on track": [False, True, False, True],
        "alliance": [False, False, True, True],
        "both": [False, False, False, True],
        "either": [False, True, True, True],
    }
    assert apply_rule(data, rule="alliance", drop=None)["alert"].tolist() == [0, 0, 0, 1]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("truth", ["poor outcome", "alliance problem", "either"])
def test_metrics_against_a_crosstab(clinic, rule, truth):
    status, clients = clinic
    flags = apply_rule(status, rule=rule)
    scored = score_rule(flags, clients=clients, truth=truth)
    # plain pandas: clients with 2+ sessions; alerted at least once; truth from the clients table
    size = flags.groupby("client")["session"].size()
    kept = size[size >= 2].index
    alerted = flags.groupby("client")["alert"].any().loc[kept]
    table = clients.set_index("client").loc[kept]
    real = {
        "poor outcome": table["poor_outcome"],
        "alliance problem": table["alliance_problem"],
        "either": table["poor_outcome"] | table["alliance_problem"],
    }[truth]
    cross = pd.crosstab(alerted, real)
    m = scored.metrics
    assert (m.tp, m.fp, m.fn, m.tn) == (
        cross.loc[True, True], cross.loc[True, False], cross.loc[False, True],
        cross.loc[False, False],
    )  # fmt: skip
    assert m.sensitivity == pytest.approx(cross.loc[True, True] / cross[True].sum())
    assert m.specificity == pytest.approx(cross.loc[False, False] / cross[False].sum())
    assert m.ppv == pytest.approx(cross.loc[True, True] / cross.loc[True].sum())
    assert m.npv == pytest.approx(cross.loc[False, False] / cross.loc[False].sum())
    rows = flags[flags["client"].isin(kept)]
    weeks = rows.groupby(["therapist", "session"]).ngroups
    assert m.alerts_per_therapist_week == pytest.approx(rows["alert"].sum() / weeks)
    last = rows.groupby("client")["session"].transform("max")
    lead = (last - rows["session"])[rows["alert"]]
    assert scored.lead["sessions_before_end"].tolist() == lead.tolist()


def test_combining_rules_trades_sensitivity_for_specificity(clinic):
    status, clients = clinic
    table = compare_rules(status, clients=clients, truths=("poor outcome",)).set_index("rule")
    # "both" alerts on a subset of each rule's alerts, "either" on their union
    assert table.loc["both", "alert_rate"] <= table[["alert_rate"]].drop("both").min().item()
    assert table.loc["either", "sensitivity"] == table["sensitivity"].max()
    assert table.loc["both", "specificity"] == table["specificity"].max()
    assert np.isfinite(table["median_sessions_before_end"]).all()
    assert set(table.index) == set(RULES)


def test_bad_rule_and_truth_get_plain_messages():
    data = pd.DataFrame({"client": 1, "session": [1], "status": ["too early"],
                         "session_rating": [38]})  # fmt: skip
    with pytest.raises(ValueError, match="rule must be one of 'not on track'"):
        apply_rule(data, rule="outcome")
    flags = apply_rule(data).assign(therapist=1)
    with pytest.raises(ValueError, match="truth must be one of"):
        score_rule(flags, clients=pd.DataFrame({"client": [1]}), truth="dropout")
