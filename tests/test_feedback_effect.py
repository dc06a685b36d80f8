"""The simulated feedback trial reproduces Rognstad et al. (2023) and its sums check by hand.

The calibration test needs two monitored clinics of 20,000 clients and a history (about 25 s):
the meta-analytic d values are small, and only large samples pin them down.
"""

import numpy as np
import pandas as pd
import pytest

import alliance_lab as al
from alliance_lab.analysis.feedback_effect import ROGNSTAD_2023


@pytest.fixture(scope="module")
def statuses():
    history = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=301)).sessions
    out = []
    for seed in (302, 303):
        now = al.simulate(al.Scenario(n_clients=20_000, n_therapists=1_000, seed=seed))
        out.append(al.track_status(now.sessions, history=history))
    return out


def test_default_effect_reproduces_rognstad_2023_across_seeds(statuses):
    effects = pd.concat(
        [
            al.feedback_trial(status, seed=seed).effects.set_index("group")["d"]
            for status in statuses
            for seed in (1, 2, 3)
        ],
        axis=1,
    )
    mean = effects.mean(axis=1)
    assert mean["all clients"] == pytest.approx(ROGNSTAD_2023["all clients"], abs=0.025)
    assert mean["not on track"] == pytest.approx(ROGNSTAD_2023["not on track"], abs=0.03)
    # every single trial of 20,000 clients lands near the figures too
    assert effects.loc["all clients"].between(0.09, 0.19).all()
    assert effects.loc["not on track"].between(0.21, 0.37).all()


def test_no_effect_gives_no_difference(statuses):
    trial = al.feedback_trial(statuses[0], effect=al.FeedbackEffect(not_on_track=0, on_track=0))
    d = trial.effects.set_index("group")["d"]
    assert (d.abs() < 0.05).all()
    assert (trial.sessions["trial_score"] == trial.sessions["outcome_rating"]).all()


def test_trial_scores_by_hand():
    data = pd.DataFrame(
        {
            "client": [1, 1, 1, 2, 2, 2],
            "session": [1, 2, 3, 1, 2, 3],
            "outcome_rating": [20.0, 18, 17, 30, 33, 35],
            "status": ["too early", "not on track", "not on track"]
            + ["too early", "on track", "on track"],
        }
    )
    effect = al.FeedbackEffect(not_on_track=0.5, on_track=0.1)
    # intake spread: sd of 20 and 30 = 7.0711; find a seed that puts both in feedback
    for seed in range(50):
        trial = al.feedback_trial(data, effect=effect, seed=seed)
        if (trial.clients["arm"] == "feedback").all():
            break
    sd = np.std([20, 30], ddof=1)
    # client 1: first red alert at session 2, helped from session 3 on; client 2 from session 2
    expected = [20, 18, 17 + 0.5 * sd, 30, 33 + 0.1 * sd, 35 + 0.1 * sd]
    assert np.allclose(trial.sessions["trial_score"], expected)
    assert trial.clients["end"].tolist() == pytest.approx([17 + 0.5 * sd, 35 + 0.1 * sd])


def test_what_feedback_cannot_do(statuses):
    # even with feedback most clients who were not on track do not end reliably improved
    shares = al.feedback_trial(statuses[0], seed=4).categories().set_index(["group", "arm"])
    helped = shares[["recovered", "improved"]].sum(axis=1)
    assert helped[("not on track", "feedback")] > helped[("not on track", "usual care")]
    assert helped[("not on track", "feedback")] < 0.5


def test_support_prompts_cover_the_four_areas():
    table = al.support_prompts()
    assert table["area"].unique().tolist() == [
        "alliance", "motivation", "social support", "life events",
    ]  # fmt: skip
    assert table["prompt"].str.endswith("?").all()
    with pytest.raises(ValueError, match="area must be one of"):
        al.support_prompts(area="sleep")


def test_a_bad_effect_gets_a_plain_message():
    with pytest.raises(ValueError, match="not_on_track must be a number from -2 to 2"):
        al.FeedbackEffect(not_on_track=5)
