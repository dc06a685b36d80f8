"""What acting on alerts can and cannot do: a simulated trial of feedback.

Clients of a simulated clinic are randomly given to two arms. In the **feedback** arm the
therapist sees the alerts and acts on them; in **usual care** nobody looks. Acting on a red
alert (not on track) raises the client's ratings from the next session on by
``FeedbackEffect.not_on_track``; clients who are never not on track gain
``FeedbackEffect.on_track`` from their second session on (therapists who see the ratings
also do a little better with the others). Both are in standard deviations of the intake
scores, and both defaults are tuned so that a trial of 20,000 clients reproduces the
meta-analytic effects of feedback (Rognstad et al. 2023): d = 0.14 overall and 0.29 for
clients not on track. That meta-analysis pooled systems that mostly monitor outcome; the
figures say nothing about alliance alerts alone.

The effect is simply added to the ratings: the simulation does not say *how* acting on an
alert helps, and an alert in the last session comes too late to help at all.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_number, check_table
from .change import reliable_change

__all__ = ["FeedbackEffect", "FeedbackTrial", "feedback_trial"]

#: Rognstad et al. (2023): effect of feedback on outcome, overall and for not-on-track clients.
ROGNSTAD_2023 = {"all clients": 0.14, "not on track": 0.29}


@dataclass(frozen=True)
class FeedbackEffect:
    """How much acting on feedback adds to the ratings (standard deviations of intake scores).

    Defaults: tuned so that 20,000 simulated clients reproduce Rognstad et al. (2023),
    d = 0.14 overall and 0.29 for clients not on track (teaching choices tuned to published
    figures, not figures themselves).
    """

    not_on_track: float = 0.325
    on_track: float = 0.08

    def __post_init__(self):
        for name in ("not_on_track", "on_track"):
            value = check_number(
                getattr(self, name),
                name,
                low=-2,
                high=2,
                fix="Give an effect in standard deviations, for example 0.3; 0 means acting "
                "on alerts does not help.",
            )
            object.__setattr__(self, name, float(value))


@dataclass(frozen=True)
class FeedbackTrial:
    """Output of :func:`feedback_trial`.

    ``sessions``: every session with ``arm`` and ``trial_score`` (the rating the client gives
    in the trial); ``clients``: one row per client with ``arm``, ``not_on_track`` (ever),
    ``first_red`` (session of the first red alert), ``end`` (last trial score) and
    ``category`` (reliable change from intake to end); ``effects``: Cohen's d of the end
    score, feedback minus usual care, for all clients, those not on track and those on track,
    next to the published figure.
    """

    sessions: pd.DataFrame
    clients: pd.DataFrame
    effects: pd.DataFrame
    effect: FeedbackEffect

    def categories(self):
        """Share of clients in each outcome category, by arm and group (all / not on track)."""
        rows = []
        for group, part in (
            ("all clients", self.clients),
            ("not on track", self.clients[self.clients["not_on_track"]]),
        ):
            shares = pd.crosstab(part["arm"], part["category"], normalize="index")
            shares = shares.reindex(columns=part["category"].cat.categories, fill_value=0.0)
            rows.append(shares.assign(group=group).reset_index())
        return pd.concat(rows, ignore_index=True)[["group", "arm", *shares.columns]]


def _d(a, b):
    n1, n2 = len(a), len(b)
    if n1 < 2 or n2 < 2:
        return float("nan")
    pooled = np.sqrt(((n1 - 1) * np.var(a, ddof=1) + (n2 - 1) * np.var(b, ddof=1)) / (n1 + n2 - 2))
    return float((np.mean(a) - np.mean(b)) / pooled)


def feedback_trial(
    data,
    *,
    effect=None,
    reliability=0.9,
    cutoff=36,
    seed=2024,
    score="outcome_rating",
    client="client",
    session="session",
):
    """Randomise clients to feedback or usual care and compare how they end.

    Parameters
    ----------
    data : DataFrame
        Sessions with the outcome ``score`` and a ``status`` column (from
        :func:`alliance_lab.track_status`); the statuses are those the ratings would have
        without feedback, so both arms have the same share of clients not on track.
    effect : FeedbackEffect, optional
        What acting on alerts adds (default ``FeedbackEffect()``).
    reliability, cutoff : float
        For the outcome categories (see :func:`alliance_lab.reliable_change`); the defaults
        are those of the outcome teaching form (a teaching choice).
    seed : int or None
        Seed of the random allocation (the same seed, the same arms); ``None`` draws afresh.

    Returns
    -------
    FeedbackTrial

    Examples
    --------
    >>> data = pd.DataFrame({"client": [1, 1, 2, 2], "session": [1, 2, 1, 2],
    ...                      "outcome_rating": [20.0, 22, 30, 25],
    ...                      "status": ["too early", "on track", "too early", "not on track"]})
    >>> trial = feedback_trial(data, seed=1)
    >>> trial.clients[["client", "not_on_track", "first_red"]].values.tolist()
    [[1, False, nan], [2, True, 2.0]]
    """
    check_table(data, "data", columns=[client, session, score, "status"])
    effect = FeedbackEffect() if effect is None else effect
    if not isinstance(effect, FeedbackEffect):
        raise ValueError(
            f"effect must be an al.FeedbackEffect; got {type(effect).__name__}. "
            "Write, for example, effect=al.FeedbackEffect(not_on_track=0.3)."
        )
    rows = data.sort_values([client, session], kind="stable").reset_index(drop=True)
    ids = rows[client].unique()
    rng = np.random.default_rng(seed)
    feedback = pd.Series(rng.random(len(ids)) < 0.5, index=ids)
    red = rows["status"].astype(str) == "not on track"
    first_red = rows.loc[red].groupby(client)[session].min()
    position = rows.groupby(client).cumcount()
    intake = rows.loc[position == 0].set_index(client)[score]
    spread = float(intake.std())
    start = rows[client].map(first_red)
    helped_red = rows[session] > start  # from the session after the first red alert
    helped_other = start.isna() & (position > 0)
    shift = np.where(helped_red, effect.not_on_track, 0.0) + np.where(
        helped_other, effect.on_track, 0.0
    )
    in_feedback = rows[client].map(feedback).to_numpy(bool)
    sessions = rows.assign(
        arm=np.where(in_feedback, "feedback", "usual care"),
        trial_score=rows[score] + np.where(in_feedback, shift * spread, 0.0),
    )
    last = sessions.groupby(client).tail(1).set_index(client)
    clients = pd.DataFrame(
        {
            client: ids,
            "arm": last.loc[ids, "arm"].to_numpy(),
            "not_on_track": first_red.reindex(ids).notna().to_numpy(),
            "first_red": first_red.reindex(ids).to_numpy(float),
            "intake": intake.loc[ids].to_numpy(float),
            "end": last.loc[ids, "trial_score"].to_numpy(float),
        }
    )
    changed = reliable_change(
        clients, before="intake", after="end", sd=spread, reliability=reliability, cutoff=cutoff
    )
    clients["category"] = changed["category"]
    effects = []
    for group, part in (
        ("all clients", clients),
        ("not on track", clients[clients["not_on_track"]]),
        ("on track", clients[~clients["not_on_track"]]),
    ):
        fb = part.loc[part["arm"] == "feedback", "end"].to_numpy()
        usual = part.loc[part["arm"] == "usual care", "end"].to_numpy()
        effects.append(
            {
                "group": group,
                "d": _d(fb, usual),
                "published_d": ROGNSTAD_2023.get(group, np.nan),
                "n_feedback": len(fb),
                "n_usual_care": len(usual),
            }
        )
    return FeedbackTrial(sessions, clients, pd.DataFrame(effects), effect)
