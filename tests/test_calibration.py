"""The default clinic reproduces the published figures; each setting moves them the right way.

Calibration runs use 20,000 clients (the size the targets refer to); the direction
checks use smaller clinics with one setting changed at a time.
"""

import dataclasses

import numpy as np
import pingouin
import pytest
from scipy import stats

import alliance_lab as al
from alliance_lab.analysis.calibration import TARGETS

N = 20_000


@pytest.fixture(scope="module")
def default():
    return al.simulate(al.Scenario(n_clients=N))


@pytest.fixture(scope="module")
def report(default):
    return al.calibration_report(default).set_index("target")


TARGET = {t.key: t for t in TARGETS}


def test_every_target_of_the_default_clinic_is_within_tolerance(report):
    assert report["within"].all(), report.loc[~report["within"], ["expected", "simulated"]]
    assert list(report.index) == [t.target for t in TARGETS]


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.key)
def test_each_figure_lies_in_the_range_the_targets_accept(report, target):
    row = report.loc[target.target]
    assert target.lower <= row["simulated"] <= target.upper
    assert (row["lower"], row["upper"]) == (target.lower, target.upper)
    assert row["source"] == target.source


def test_session_ratings_pile_up_at_the_top(default, report):
    totals = default.sessions["session_rating"]
    first = default.sessions.loc[default.sessions["session"] == 1, "session_rating"]
    # ACORN reports: about half of clients gave a perfect score (on ACORN's own form)
    perfect = TARGET["first_rating_perfect"]
    assert (first == 40).mean() == pytest.approx(perfect.expected, abs=perfect.tolerance)
    row = report.loc[perfect.target]
    assert row["simulated"] == pytest.approx((first == 40).mean())
    assert stats.skew(totals) < -0.5
    assert totals.between(0, 40).all()


def test_report_numbers_match_independent_computations(default, report):
    c = default.clients
    three = c[c["sessions_attended"] >= 3]
    r = stats.pearsonr(three["early_alliance"], three["outcome"])
    row = report.iloc[0]
    assert row["simulated"] == pytest.approx(r.statistic)
    ci = r.confidence_interval()
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high), abs=1e-6)
    d = pingouin.compute_effsize(
        c.loc[~c["dropped_out"], "early_alliance"], c.loc[c["dropped_out"], "early_alliance"]
    )
    assert report.iloc[2]["simulated"] == pytest.approx(d)
    assert report.iloc[1]["simulated"] == pytest.approx(c["dropped_out"].mean())


def test_between_therapist_slope_exceeds_within(default):
    slopes = al.therapist_slopes(default)
    assert slopes.loc["between minus within", "ci_low"] > 0
    assert 0.1 < slopes.loc["within", "slope"] < slopes.loc["between", "slope"]


def test_slopes_match_a_plain_ols_fit(default):
    import statsmodels.formula.api as smf

    c = default.clients[default.clients["sessions_attended"] >= 3].copy()
    c["x"] = (c["early_alliance"] - c["early_alliance"].mean()) / c["early_alliance"].std()
    c["y"] = (c["outcome"] - c["outcome"].mean()) / c["outcome"].std()
    c["between"] = c.groupby("therapist")["x"].transform("mean")
    c["within"] = c["x"] - c["between"]
    fit = smf.ols("y ~ between + within", data=c).fit()
    slopes = al.therapist_slopes(default)["slope"]
    assert slopes[["between", "within"]].to_numpy() == pytest.approx(
        fit.params[["between", "within"]].to_numpy()
    )


def test_baldwin_preset_only_the_therapist_part_matters():
    slopes = al.therapist_slopes(al.simulate(al.Scenario.preset("baldwin", n_clients=N)))
    assert slopes.loc["within", "slope"] == pytest.approx(0, abs=0.05)
    assert slopes.loc["between", "slope"] > 0.3


def test_without_the_outcome_link_most_of_the_correlation_goes(report):
    # what is left flows through the reverse path and dropout (see test_stories.py)
    rep = al.calibration_report(al.simulate(al.Scenario.preset("no_outcome_link", n_clients=N)))
    assert rep.loc[0, "simulated"] < report.iloc[0]["simulated"] - 0.15
    assert rep.loc[0, "simulated"] > 0


def test_without_the_dropout_link_early_alliance_does_not_predict_dropout():
    rep = al.calibration_report(al.simulate(al.Scenario.preset("no_dropout_link", n_clients=N)))
    assert rep.loc[2, "simulated"] == pytest.approx(0, abs=0.08)


# --- every setting moves the results the way the literature says -----------------------

BASE = al.Scenario(n_clients=6000, n_therapists=100, seed=5)


def _run(**changes):
    return al.simulate(dataclasses.replace(BASE, **changes))


def _figure(result, row):
    return al.calibration_report(result).loc[row, "simulated"]


def test_stronger_outcome_link_gives_larger_r():
    weak, strong = _figure(_run(alliance_outcome_link=0.2), 0), _figure(_run(), 0)
    assert strong > weak + 0.08


def test_stronger_dropout_link_gives_more_dropout_and_larger_d():
    weak, strong = _run(alliance_dropout_link=0.2), _run(alliance_dropout_link=1.2)
    assert _figure(strong, 2) > _figure(weak, 2) + 0.2
    assert strong.clients["dropped_out"].mean() > weak.clients["dropped_out"].mean()


def test_higher_dropout_risk_gives_more_dropout():
    assert (
        _run(dropout_risk=0.2).clients["dropped_out"].mean()
        > _run().clients["dropped_out"].mean() + 0.05
    )


def _therapist_share_of_variance(result):
    early = result.clients.groupby("therapist")["early_alliance"].mean()
    return early.var() / result.clients["early_alliance"].var()


def test_more_therapist_variance_shows_in_therapist_means():
    low = _run(therapist_share=0.02, client_trait_share=0.68)
    high = _run(therapist_share=0.30, client_trait_share=0.40)
    assert _therapist_share_of_variance(high) > 2 * _therapist_share_of_variance(low)


def _lag1(result):
    s = result.sessions.sort_values(["client", "session"])
    dev = s["alliance"] - s.groupby("client")["alliance"].transform("mean")
    prev = dev.groupby(s["client"]).shift()
    return np.corrcoef(dev[prev.notna()], prev[prev.notna()])[0, 1]


def test_autocorrelation_carries_the_alliance_from_session_to_session():
    assert _lag1(_run(session_autocorrelation=0.9)) > _lag1(_run(session_autocorrelation=0.0)) + 0.2


def test_higher_ceiling_puts_more_answers_at_the_top():
    top = [(_run(ceiling=c).responses["response"] == 5).mean() for c in (0.6, 0.75, 0.9)]
    assert top[0] < top[1] < top[2]


def test_more_answer_noise_weakens_the_alliance_outcome_relation():
    assert _figure(_run(answer_noise=5.0), 0) < _figure(_run(), 0) - 0.04


def test_rupture_settings():
    plain, strong = _run(), _run(rupture_setback=1.0)
    assert _figure(strong, 3) > _figure(plain, 3) + 0.1
    none, high = _run(rupture_dropout_link=0.0), _run(rupture_dropout_link=3.0)
    unresolved = [
        r.clients.loc[r.clients["pattern"] == "unresolved rupture", "dropped_out"].mean()
        for r in (none, high)
    ]
    assert unresolved[1] > unresolved[0] + 0.1


def test_more_unresolved_ruptures_more_dropout():
    more = _run(share_unresolved_rupture=0.40, share_stable_high=0.00, share_linear_growth=0.12)
    assert more.clients["dropped_out"].mean() > _run().clients["dropped_out"].mean() + 0.02


def test_improvement_feeds_the_next_sessions_alliance():
    # without the alliance -> outcome link, only the improvement -> alliance path can
    # make improvement by session 5 go with a stronger alliance in session 6
    def relation(path):
        result = _run(improvement_alliance_path=path, alliance_outcome_link=0.0)
        s = result.sessions.set_index("client")
        intake = result.clients.set_index("client")["intake_symptoms"]
        at5 = s.loc[s["session"] == 5, "symptoms"]
        improved = intake.loc[at5.index] - at5
        alliance6 = s.loc[s["session"] == 6, "alliance"].reindex(at5.index)
        keep = alliance6.notna()
        return np.corrcoef(improved[keep], alliance6[keep])[0, 1]

    assert relation(0.0) == pytest.approx(0, abs=0.04)
    assert relation(1.5) > relation(0.0) + 0.05


def test_strain_link_separates_weak_and_strong_sessions():
    def ratio(result):
        s = result.sessions
        weak = s["alliance"] < s["alliance"].median()
        return s.loc[weak, "disengagement"].mean() / s.loc[~weak, "disengagement"].mean()

    assert ratio(_run(strain_link=1.5)) > ratio(_run(strain_link=0.0)) + 1


def test_more_planned_sessions_more_attended_and_more_improvement():
    short, long = _run(planned_sessions=6), _run(planned_sessions=20)
    assert long.clients["sessions_attended"].mean() > short.clients["sessions_attended"].mean() + 5
    assert long.clients["outcome"].mean() > short.clients["outcome"].mean()


def test_calibration_report_columns():
    rep = al.calibration_report(_run())
    assert list(rep.columns) == [
        "target",
        "source",
        "expected",
        "tolerance",
        "lower",
        "upper",
        "accepted",
        "simulated",
        "ci_low",
        "ci_high",
        "within",
    ]
    assert rep.loc[0, "accepted"] == "0.248 to 0.308"
    assert rep.loc[4, "accepted"] == "above 0"
