"""The simulated clinic: therapists, their clients, and the sessions they attend.

The model, step by step (all settings are fields of :class:`Scenario`):

1. **Nesting.** Clients are shared out evenly among therapists. A client's latent
   alliance in a session is the sum of the therapist's part (some therapists
   build stronger alliances with everyone), the client's trait-like part and a
   state-like part that changes from session to session and carries over from one
   session to the next (an AR(1) process). Their variance shares are settings
   (Baldwin, Wampold & Imel 2007; Zilcha-Mano 2017; Crits-Christoph et al. 2011).
2. **Pattern.** Each client follows one of seven trajectory patterns, which shifts
   the alliance over the sessions (see :mod:`.patterns`; Kivlighan & Shaughnessy
   2000; Stevens et al. 2007; Eubanks, Muran & Safran 2018).
3. **Improvement feeds back.** Symptom improvement so far, above or below what was
   expected by now (in standard deviations of all clients' improvement so far),
   strengthens or weakens the next session's alliance (Falkenstrom, Granstrom &
   Holmqvist 2013). **A common cause** (off by default): a client's readiness for
   change, which nobody measures, can raise both the alliance and the improvement
   (``readiness_link``).
4. **Three components.** Goal, task and bond are the session's alliance plus a
   part of their own, so that they correlate ``component_correlation``.
5. **Outcome.** Each session improves symptoms by a share of the client's
   expected improvement; the share shrinks session by session (a dose-effect
   curve, Howard et al. 1986) and a stronger alliance adds to it
   (``alliance_outcome_link``; Fluckiger et al. 2018). ``outcome`` is the
   measured symptom improvement from intake to the last attended session.
6. **Dropout.** After each session a client may leave (a discrete-time hazard).
   The risk is highest after the first session and shrinks session by session
   (``dropout_risk``, ``dropout_risk_fade``); it rises as the alliance falls
   (``alliance_dropout_link``; Sharf, Primavera & Diener 2010); after an
   unresolved rupture it jumps back to the first-session level and higher
   (``rupture_dropout_link``). The overall rate is near 19.7 % (Swift &
   Greenberg 2012). While a rupture is not repaired, symptoms are set back by
   ``rupture_setback``; a repair restores the lost ground (Eubanks, Muran &
   Safran 2018; unrepaired ruptures went with worse outcomes).
7. **Markers of strain.** Missed and late-cancelled appointments, disengagement
   and confrontation become more likely as the alliance weakens and in a rupture
   session (Eubanks, Muran & Safran 2018); how much more in a rupture session is
   set by the ``*_rupture_boost`` settings (teaching choices).
8. **Measurement.** Item answers come from the latent components through the
   chosen instrument (see :mod:`.measurement`); ``alliance`` is the instrument's
   total and ``session_rating`` the total of the session rating form, the one built-in
   form whose definition says ``session_rating: true``: the Session Rating Scale (Duncan,
   Miller et al. 2003), simulated from its published structure (four 0-10 lines, total
   0-40), so that its published cutoff and the alert rules built on it apply.
   A share of clients (``masked_share``) marks the top of every line of the
   session rating form whatever the session was like (masking). Every session the
   client also fills in the outcome teaching form (``outcome_rating``) about the past
   week: their symptom level turned round plus the week's swing
   (``weekly_fluctuation``: a good or a bad week), with the form's measurement error.
9. **The truth.** A session is a real alliance ``problem`` when its true alliance
   (the mean of latent goal, task and bond) lies below ``problem_threshold``: a
   fixed definition that only a simulation can apply.

In the outcome and dropout steps the client's own part of the alliance (trait,
state, pattern) is weighted by ``client_part_weight``; at 0 only the therapist's
part matters, as Baldwin, Wampold & Imel (2007) found.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..instruments.definition import load_instrument, session_rating_form
from .measurement import simulate_answers, total_score
from .outcome_rating import OUTCOME_FORM, reliable_improvement, simulate_outcome_lines
from .patterns import PATTERNS, REPAIR, UNRESOLVED, pattern_shapes, rupture_onsets
from .scenario import Scenario
from .truth import real_problem

__all__ = ["SimulationResult", "simulate"]

MARKERS = ("missed", "late_cancel", "disengagement", "confrontation")


@dataclass(frozen=True)
class SimulationResult:
    """What :func:`simulate` returns: three tidy tables and the scenario that made them."""

    clients: pd.DataFrame
    sessions: pd.DataFrame
    responses: pd.DataFrame
    scenario: Scenario

    def __repr__(self):
        return (
            f"SimulationResult({len(self.clients)} clients, {len(self.sessions)} sessions, "
            f"{len(self.responses)} responses; instrument {self.scenario.instrument!r})"
        )


def _logit(p):
    p = min(max(p, 1e-9), 1 - 1e-9)
    return np.log(p / (1 - p))


def _dynamics(s, rng):
    """Latent alliance, symptom improvement and dropout for every planned session."""
    n, t_max = s.n_clients, s.planned_sessions
    therapist = np.arange(n) % s.n_therapists
    therapist_part = (rng.standard_normal(s.n_therapists) * np.sqrt(s.therapist_share))[therapist]
    trait = rng.standard_normal(n) * np.sqrt(s.client_trait_share)
    shares = np.array(list(s.pattern_shares().values()))
    pattern = rng.choice(len(PATTERNS), size=n, p=shares / shares.sum())
    onset = rupture_onsets(n, t_max, rng)
    shape = pattern_shapes(
        pattern,
        onset,
        t_max,
        strength=s.pattern_strength,
        depth=s.rupture_depth,
        repair_gain=s.repair_gain,
    )
    innovations = rng.standard_normal((n, t_max))
    gain = s.expected_improvement + s.improvement_spread * rng.standard_normal(n)
    leave_draw = rng.random((n, t_max))
    # draws added later come from a child generator, so that they leave every draw
    # above (and the clinic a seed gives) unchanged
    extra = rng.spawn(1)[0]
    readiness = extra.standard_normal(n)
    masked = extra.random(n) < s.masked_share
    trait = trait + s.readiness_link * readiness
    gain = gain + s.readiness_link * readiness

    dose = (1 - s.session_gain_fade) * s.session_gain_fade ** np.arange(t_max)
    expected_so_far = s.expected_improvement * np.concatenate([[0.0], np.cumsum(dose)])
    phi, state_sd = s.session_autocorrelation, np.sqrt(s.session_state_share)
    base_logit = [_logit(s.dropout_risk * s.dropout_risk_fade**t) for t in range(t_max)]

    alliance = np.empty((n, t_max))
    improved = np.empty((n, t_max))
    leaves = np.zeros((n, t_max), dtype=bool)
    state = innovations[:, 0] * state_sd
    so_far = np.zeros(n)
    now = np.zeros(n)  # improvement so far, after any setback
    rupture_pattern = (pattern == UNRESOLVED) | (pattern == REPAIR)
    for t in range(t_max):
        if t:
            state = phi * state + np.sqrt(1 - phi**2) * state_sd * innovations[:, t]
        ahead = now - expected_so_far[t]
        spread = ahead.std()
        ahead = ahead / spread if spread > 1e-12 else np.zeros(n)
        client_part = trait + state + shape[:, t] + s.improvement_alliance_path * ahead
        alliance[:, t] = therapist_part + client_part
        drive = therapist_part + s.client_part_weight * client_part
        so_far = so_far + dose[t] * (gain + s.alliance_outcome_link * drive)
        unrepaired = rupture_pattern & (t + 1 >= onset)
        unrepaired &= (pattern == UNRESOLVED) | (t + 1 < onset + 2)
        now = so_far - s.rupture_setback * unrepaired
        improved[:, t] = now
        if t < t_max - 1:
            unresolved = (pattern == UNRESOLVED) & (t + 1 >= onset)
            # after an unresolved rupture the risk is back at the first-session level,
            # raised further by rupture_dropout_link
            base = np.where(unresolved, base_logit[0] + s.rupture_dropout_link, base_logit[t])
            logit = base - s.alliance_dropout_link * drive
            leaves[:, t] = leave_draw[:, t] < 1 / (1 + np.exp(-logit))
    attended = np.where(leaves.any(axis=1), leaves.argmax(axis=1) + 1, t_max)
    return therapist, pattern, onset, alliance, improved, attended, masked


def _markers(s, alliance, ruptured_now, rng):
    rates = [s.missed_rate, s.late_cancel_rate, s.disengagement_rate, s.confrontation_rate]
    boosts = [getattr(s, f"{name}_rupture_boost") for name in MARKERS]
    draws = rng.random((len(MARKERS), alliance.shape[0]))
    out = {}
    for k, name in enumerate(MARKERS):
        logit = _logit(rates[k]) - s.strain_link * alliance + boosts[k] * ruptured_now
        out[name] = draws[k] < 1 / (1 + np.exp(-logit))
    return out


def _mask(answers, instrument, masked):
    """Masking clients mark every line at the top, whatever the session was like."""
    top = instrument.scale.max
    reverse = np.array([bool(item.reverse) for item in instrument.items])
    answers = answers.copy()
    answers[np.ix_(masked, ~reverse)] = top
    answers[np.ix_(masked, reverse)] = instrument.scale.min
    return answers


def simulate(scenario=None):
    """Simulate a clinic: clients, their sessions and every questionnaire answer.

    Parameters
    ----------
    scenario : Scenario, optional
        All settings; ``Scenario()`` (the default clinic) when omitted.

    Returns
    -------
    SimulationResult
        ``.clients``: one row per client (client, therapist, pattern,
        sessions_attended, dropped_out, rupture, rupture_session, repaired,
        intake_symptoms, final_symptoms, outcome, early_alliance).
        ``.sessions``: one row per attended session (client, therapist, session,
        goal, task, bond [latent, standard-deviation units], alliance [instrument
        total], session_rating [0-40], problem [true alliance below
        ``problem_threshold``], symptoms, missed, late_cancel, disengagement,
        confrontation).
        ``.responses``: one row per answer (client, session, item, response), the
        long format ``al.score`` reads.

    Examples
    --------
    >>> result = simulate(Scenario(n_clients=40, n_therapists=4, seed=1))
    >>> len(result.clients), result.sessions["alliance"].between(12, 60).all()
    (40, np.True_)
    >>> (result.responses.groupby(["client", "session"]).size() == 12).all()
    np.True_
    """
    s = Scenario() if scenario is None else scenario
    if not isinstance(s, Scenario):
        raise ValueError(f"scenario must be an al.Scenario; got {type(s).__name__}.")
    rng = np.random.default_rng(s.seed)
    therapist, pattern, onset, latent, improved, attended, masked = _dynamics(s, rng)
    n, t_max = latent.shape

    rows_client, rows_t = np.nonzero(np.arange(t_max)[None, :] < attended[:, None])
    a = latent[rows_client, rows_t]
    rho = s.component_correlation
    unique_sd = np.sqrt((1 - rho) / max(rho, 1e-3))
    components = rng.standard_normal((len(a), 3), dtype=np.float32) * np.float32(unique_sd)
    components += a.astype(np.float32)[:, None]

    instrument = load_instrument(s.instrument)
    # the session rating form's lines sit at its own ceiling also when it is the chosen form
    # (the "session_rating" preset), so that its ratings pile up as the column's do
    ceiling = s.session_rating_ceiling if instrument.session_rating else s.ceiling
    answers = simulate_answers(
        components, instrument, ceiling=ceiling, noise=s.answer_noise, rng=rng
    )
    if instrument.session_rating:
        answers = _mask(answers, instrument, masked[rows_client])
    alliance = total_score(answers, instrument)
    if instrument.session_rating:
        session_rating = alliance
    else:
        session_form = session_rating_form()
        lines = simulate_answers(
            components,
            session_form,
            ceiling=s.session_rating_ceiling,
            noise=s.answer_noise,
            rng=rng,
        )
        session_rating = total_score(_mask(lines, session_form, masked[rows_client]), session_form)
    ruptured_now = np.isin(pattern[rows_client], (REPAIR, UNRESOLVED)) & (
        rows_t + 1 == onset[rows_client]
    )
    markers = _markers(s, a, ruptured_now, rng)

    intake = rng.standard_normal(n)
    intake_obs = intake + rng.standard_normal(n) * s.symptom_noise
    true_symptoms = intake[rows_client] - improved[rows_client, rows_t]
    symptoms = true_symptoms + rng.standard_normal(len(a)) * s.symptom_noise
    last = np.cumsum(attended) - 1
    # the outcome form's answers come from a child generator of their own, so that adding
    # them left every other column (and the calibration) as it was; the week's swing comes
    # from a second one, so that at 0 the ratings are those of the clinic without it
    lines_rng, week_rng = rng.spawn(1)[0], rng.spawn(1)[0]
    week = s.weekly_fluctuation * week_rng.standard_normal(len(a))
    outcome_rating = simulate_outcome_lines(
        week - true_symptoms, rng=lines_rng, fluctuation=s.weekly_fluctuation
    )
    problem = real_problem(components, s.problem_threshold)
    # true improvement between the first and the last attended session, the span the
    # outcome ratings can see (the first rating is the client's intake score)
    true_improvement = improved[np.arange(n), attended - 1] - improved[:, 0]

    client_ids = np.arange(1, n + 1)
    sessions = pd.DataFrame(
        {
            "client": client_ids[rows_client],
            "therapist": therapist[rows_client] + 1,
            "session": rows_t + 1,
            "goal": components[:, 0].astype(np.float64),
            "task": components[:, 1].astype(np.float64),
            "bond": components[:, 2].astype(np.float64),
            "alliance": alliance,
            "session_rating": session_rating,
            "problem": problem,
            "symptoms": symptoms,
            "outcome_rating": outcome_rating,
            **markers,
        }
    )
    first3 = rows_t < 3
    early = np.bincount(rows_client[first3], weights=alliance[first3], minlength=n)
    early = early / np.minimum(attended, 3)
    ruptured = np.isin(pattern, (REPAIR, UNRESOLVED)) & (attended >= onset)
    repaired = (pattern == REPAIR) & (attended >= onset + 2)
    clients = pd.DataFrame(
        {
            "client": client_ids,
            "therapist": therapist + 1,
            "pattern": pd.Categorical.from_codes(pattern, categories=list(PATTERNS)),
            "sessions_attended": attended,
            "dropped_out": attended < t_max,
            "rupture": ruptured,
            "rupture_session": pd.array(np.where(ruptured, onset, 0), dtype="Int64"),
            "repaired": repaired,
            "intake_symptoms": intake_obs,
            "final_symptoms": symptoms[last],
            "outcome": intake_obs - symptoms[last],
            "early_alliance": early,
            "true_improvement": true_improvement,
            "poor_outcome": true_improvement < reliable_improvement(load_instrument(OUTCOME_FORM)),
            "alliance_problem": np.bincount(rows_client, weights=problem, minlength=n) > 0,
        }
    )
    clients.loc[~ruptured, "rupture_session"] = pd.NA
    n_items = answers.shape[1]
    responses = pd.DataFrame(
        {
            "client": np.repeat(client_ids[rows_client].astype(np.int32), n_items),
            "session": np.repeat((rows_t + 1).astype(np.int16), n_items),
            "item": np.tile(
                np.array([item.number for item in instrument.items], dtype=np.int16), len(a)
            ),
            "response": answers.reshape(-1),
        }
    )
    return SimulationResult(clients, sessions, responses, s)
