"""Alert rules that combine outcome and alliance monitoring, scored against the simulated truth.

Feedback-informed treatment watches two things each session: progress (is the client's
outcome rating below the band of clients who started in the same place: **not on track**) and
the alliance (is the session rating below a cutoff, or did it drop: an **alliance** alert).
A clinic can alert on either one, on **both** in the same session, or on **either**.

On a simulated clinic the truth is known, so every rule can be scored like a screening test,
one row per client: did the rule alert at least once, and will the client really end
unchanged or deteriorated (``poor_outcome``), or did they have a real alliance problem
(``alliance_problem``)? Both truths come from the simulation's latent quantities, which no
clinic can see.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_choice, check_table
from .alert_rules import flag_alerts
from .screening import AlertMetrics

__all__ = ["RULES", "TRUTHS", "AlertScore", "apply_rule", "compare_rules", "score_rule"]

RULES = ("not on track", "alliance", "both", "either")
#: Truths a rule can be scored against: client columns of ``al.simulate(...).clients``.
TRUTHS = {
    "poor outcome": ("poor_outcome",),
    "alliance problem": ("alliance_problem",),
    "either": ("poor_outcome", "alliance_problem"),
}


def apply_rule(
    data,
    *,
    rule="either",
    cutoff=36,
    comparison="<",
    drop=1,
    alliance="session_rating",
    client="client",
    session="session",
):
    """Mark the sessions at which a rule alerts.

    Parameters
    ----------
    data : DataFrame
        Sessions with a ``status`` column (from :func:`alliance_lab.track_status`) and the
        session rating (column ``alliance``).
    rule : {"not on track", "alliance", "both", "either"}
        Alert when the client is not on track, when the alliance alert fires, when both fire
        in the same session, or when either does.
    alliance : str
        Column with the session rating the alliance alert reads.
    cutoff, comparison, drop :
        The alliance alert (see :func:`alliance_lab.flag_alerts`): a rating below ``cutoff``
        (``comparison`` ``"<"`` or ``"<="``) or a drop of ``drop`` points or more since the
        last session; ``None`` switches a part off. The defaults are the published OpenFIT
        rule (below 36, or a drop of one point or more).

    Returns
    -------
    DataFrame
        A copy sorted by client and session with ``outcome_alert``, ``alliance_alert`` and
        ``alert`` (True/False).

    Examples
    --------
    >>> data = pd.DataFrame({"client": 1, "session": [1, 2, 3],
    ...                      "status": ["too early", "not on track", "at risk"],
    ...                      "session_rating": [38, 38, 35]})
    >>> apply_rule(data, rule="either")["alert"].tolist()
    [False, True, True]
    >>> apply_rule(data, rule="both")["alert"].tolist()
    [False, False, False]
    """
    check_table(data, "data", columns=[client, session, "status", alliance])
    rule = check_choice(rule, "rule", RULES)
    out = flag_alerts(
        data,
        cutoff=cutoff,
        comparison=comparison,
        drop=drop,
        combine="or",
        score=alliance,
        client=client,
        session=session,
    ).drop(columns=["below_cutoff", "fell"])
    out = out.rename(columns={"alert": "alliance_alert"})
    out["outcome_alert"] = (out["status"] == "not on track").to_numpy(bool)
    pick = {
        "not on track": out["outcome_alert"],
        "alliance": out["alliance_alert"],
        "both": out["outcome_alert"] & out["alliance_alert"],
        "either": out["outcome_alert"] | out["alliance_alert"],
    }
    out["alert"] = pick[rule].to_numpy(bool)
    out.attrs["rule"] = rule
    return out


@dataclass(frozen=True)
class AlertScore:
    """How a rule did against the truth, one row per client (see :func:`score_rule`).

    ``metrics``: counts and ratios (clients alerted at least once against the truth, and
    alerts per therapist per week); ``clients``: one row per client with ``alerted`` and
    ``truth``; ``lead``: one row per alert with ``sessions_before_end`` (how many of the
    client's sessions were still to come when it fired).
    """

    rule: str
    truth: str
    metrics: AlertMetrics
    clients: pd.DataFrame
    lead: pd.DataFrame

    def to_frame(self):
        """One row: the rule, the truth and every metric."""
        row = {"rule": self.rule, "truth": self.truth}
        row.update(dict(self.metrics.to_frame().itertuples(index=False)))
        row["median_sessions_before_end"] = float(self.lead["sessions_before_end"].median())
        return pd.DataFrame([row])


def score_rule(
    data,
    *,
    clients,
    truth="poor outcome",
    min_sessions=2,
    client="client",
    therapist="therapist",
    session="session",
):
    """Score an alert rule against the simulated truth, one row per client.

    Parameters
    ----------
    data : DataFrame
        Sessions with an ``alert`` column (from :func:`apply_rule`) and ``therapist``.
    clients : DataFrame
        One row per client with the truth columns (``al.simulate(...).clients``).
    truth : {"poor outcome", "alliance problem", "either"}
        The client will end unchanged or deteriorated; had at least one session with a real
        alliance problem; or either of the two.
    min_sessions : int
        Only clients with at least this many sessions are scored (with one rating there is
        nothing a rule on progress could see).

    Returns
    -------
    AlertScore
        Alerts per therapist per week: alert sessions over therapist-weeks, counting each
        (therapist, session number) pair as one week, as clients are seen weekly.

    Examples
    --------
    >>> flags = pd.DataFrame({"client": [1, 1, 2, 2, 3, 3], "therapist": 1,
    ...                       "session": [1, 2] * 3,
    ...                       "alert": [False, True, False, False, True, True]})
    >>> truth = pd.DataFrame({"client": [1, 2, 3], "poor_outcome": [True, True, False]})
    >>> s = score_rule(flags, clients=truth)
    >>> (s.metrics.tp, s.metrics.fp, s.metrics.fn, s.metrics.tn)
    (1, 1, 1, 0)
    >>> s.metrics.alerts_per_therapist_week, s.lead["sessions_before_end"].tolist()
    (1.5, [0, 1, 0])
    """
    truth = check_choice(truth, "truth", sorted(TRUTHS))
    check_table(data, "data", columns=[client, therapist, session, "alert"])
    columns = TRUTHS[truth]
    check_table(clients, "clients", columns=[client, *columns])
    counts = data.groupby(client)[session].transform("size")
    kept = data[counts >= min_sessions]
    last = kept.groupby(client)[session].transform("max")
    per_client = kept.groupby(client)["alert"].any().rename("alerted").to_frame()
    real = clients.set_index(client)[list(columns)].any(axis=1)
    per_client["truth"] = real.reindex(per_client.index).astype(bool)
    alerted = per_client["alerted"].to_numpy(bool)
    real = per_client["truth"].to_numpy(bool)
    weeks = len(kept[[therapist, session]].drop_duplicates())
    metrics = AlertMetrics(
        tp=int(np.sum(alerted & real)),
        fp=int(np.sum(alerted & ~real)),
        fn=int(np.sum(~alerted & real)),
        tn=int(np.sum(~alerted & ~real)),
        alerts_per_therapist_week=float(kept["alert"].sum() / weeks) if weeks else np.nan,
    )
    fired = kept["alert"].to_numpy(bool)
    lead = pd.DataFrame(
        {
            client: kept.loc[fired, client].to_numpy(),
            session: kept.loc[fired, session].to_numpy(),
            "sessions_before_end": (last - kept[session]).to_numpy()[fired],
        }
    )
    rule = data.attrs.get("rule", "")
    return AlertScore(rule=rule, truth=truth, metrics=metrics, clients=per_client, lead=lead)


def compare_rules(data, *, clients, truths=("poor outcome", "alliance problem"), **settings):
    """Every rule scored against every truth: one row per rule and truth.

    ``data`` holds the sessions with their ``status``; ``settings`` passes the alliance
    alert's settings (``cutoff``, ``comparison``, ``drop``, ``alliance``) to :func:`apply_rule`.

    Returns
    -------
    DataFrame
        ``rule``, ``truth``, sensitivity, specificity, ppv, npv, base_rate, alert_rate (share
        of clients alerted at least once), alerts_per_therapist_week and
        median_sessions_before_end.
    """
    rows = []
    for rule in RULES:
        flags = apply_rule(data, rule=rule, **settings)
        for truth in truths:
            rows.append(score_rule(flags, clients=clients, truth=truth).to_frame())
    return pd.concat(rows, ignore_index=True)
