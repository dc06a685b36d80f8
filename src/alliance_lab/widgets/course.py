"""The explorers of the course notebooks, each one call: Bordin's parts, dropout, outcome.

Each function returns an :class:`~alliance_lab.widgets.explorer.Explorer`; its
``view`` and ``sentence`` are the module-level functions below, so tests can check
the sentence against the data it describes.
"""

from ..analysis.bordin import BordinProfile
from ..analysis.dropout import (
    dropout_by_group,
    dropout_effect_size,
    dropout_rate,
    retention_curves,
)
from ..analysis.outcome import correlation_ci
from ..plots.dropout import pattern_dropout_chart, pattern_dropout_data, pattern_dropout_numbers
from ..plots.outcome import outcome_numbers, outcome_scatter
from ..plots.profile import bordin_summary_chart as bordin_view
from ..simulation import Scenario
from ..simulation.patterns import REGISTRY
from ._unchanged import LastShown
from .explorer import Explorer

__all__ = [
    "PATTERN_MIXES",
    "bordin_explorer",
    "bordin_sentence",
    "bordin_view",
    "dropout_explorer",
    "dropout_sentence",
    "dropout_view",
    "outcome_explorer",
    "outcome_sentence",
]


_SHARES = [p.share for p in REGISTRY]


def _mix(**shares):
    return {name: shares[name] for name in _SHARES}


_DEFAULT = {name: getattr(Scenario(), name) for name in _SHARES}

#: Named mixes of alliance patterns for the dropout explorer. All are teaching choices,
#: the default mix too: Kivlighan & Shaughnessy (2000) found three clusters of alliance
#: development, not seven patterns with shares.
PATTERN_MIXES = {
    "default mix (a teaching choice)": _DEFAULT,
    "mostly stable and strong": _mix(
        share_stable_high=0.60, share_stable_low=0.05, share_linear_growth=0.15,
        share_early_decline=0.05, share_rupture_repair=0.10, share_unresolved_rupture=0.02,
        share_high_low_high=0.03),
    "many unrepaired ruptures": _mix(
        share_stable_high=0.15, share_stable_low=0.10, share_linear_growth=0.10,
        share_early_decline=0.10, share_rupture_repair=0.10, share_unresolved_rupture=0.40,
        share_high_low_high=0.05),
    "ruptures, mostly repaired": _mix(
        share_stable_high=0.15, share_stable_low=0.05, share_linear_growth=0.10,
        share_early_decline=0.05, share_rupture_repair=0.50, share_unresolved_rupture=0.05,
        share_high_low_high=0.10),
}  # fmt: skip


# -- 01: Bordin's three parts ----------------------------------------------------------
def bordin_sentence(profile):
    return profile.describe()


def bordin_explorer(profile=None):
    """Set goal, task and bond; see the profile and which part limits the alliance."""
    return Explorer(
        profile or BordinProfile(goal=4.5, task=2.5, bond=4.0),
        settings={part: (1.0, 5.0, 0.5) for part in ("goal", "task", "bond")},
        labels={"goal": "Agreement on goals", "task": "Agreement on tasks", "bond": "Bond"},
        simulate=lambda profile: profile,
        view=bordin_view,
        sentence=bordin_sentence,
        title="Bordin's three parts",
        name="bordin",
    )


# -- 04: alliance and dropout ----------------------------------------------------------
def _dropout_frame(result):
    """Both views' data in one long table (one data set keeps the redraw cheap)."""
    clients = result.clients
    return pattern_dropout_data(
        retention_curves(clients, by="pattern"), dropout_by_group(clients, by="pattern")
    )


def dropout_view(result):
    """Retention by pattern linked to dropout rates by pattern: pick one in the legend."""
    return pattern_dropout_chart(_dropout_frame(result))


class _SwapData:
    """Build the chart once; afterwards only swap its data (building an Altair chart
    validates every piece and costs more than the whole simulation). ``numbers(chart,
    data)`` attaches the new data's numbers table (the template's would be stale)."""

    def __init__(self, build, frame, *, numbers):
        self._build, self._frame, self._numbers, self._template = build, frame, numbers, None

    def __call__(self, result):
        data = self._frame(result)
        if self._template is None:
            self._template = self._build(data)
            return self._template
        chart = self._template.copy(deep=False)
        chart.data = data
        return self._numbers(chart, data)


def _mix_name(scenario):
    shares = {name: getattr(scenario, name) for name in _SHARES}
    return next((label for label, mix in PATTERN_MIXES.items() if mix == shares), None)


def dropout_sentence(result):
    clients = result.clients
    n, left = len(clients), int(clients["dropped_out"].sum())
    rate = dropout_rate(clients)
    effect = dropout_effect_size(clients)
    worst = clients.groupby("pattern", observed=True)["dropped_out"].mean().idxmax()
    return (
        f"{left} of {n} clients ({left / n:.0%}) dropped out (95% interval "
        f"{rate['ci_low']:.0%} to {rate['ci_high']:.0%}); Swift & Greenberg (2012) found "
        f"19.7%. Clients with the {worst} pattern left most often. Those who stayed had a "
        f"stronger early alliance than those who left: d = {effect['d']:.2f} (95% interval "
        f"{effect['ci_low']:.2f} to {effect['ci_high']:.2f}; Sharf et al. 2010 found d = .55). "
        f"With {n} clients, chance alone moves both figures this much."
    )


def _unchanged_dropout(before, result):
    """The sentence's last words when a step left both charts exactly as they were."""
    n = len(result.clients)
    return (
        f" Both charts are the same as with the link at {before:.2f}: the same clients dropped "
        f"out after the same sessions. In a clinic of {n} clients a small change in the link "
        "moves no one across the line; a larger step shows the trend."
    )


def dropout_explorer(scenario=None, *, simulate=None):
    """Explore how the alliance-dropout link and the mix of alliance patterns shape dropout.

    The link's slider moves in steps of 0.06, a grid that holds the classroom preset's
    0.78, so the slider starts on its own grid and can come back to where it started.
    """
    last = LastShown(_dropout_frame)

    def sentence(result):
        text = dropout_sentence(result)
        s = result.scenario
        before = last.update(result, (s.alliance_dropout_link, _mix_name(s)))
        if before is None or before[1] != _mix_name(s):
            return text
        return text + _unchanged_dropout(before[0], result)

    return Explorer(
        scenario or Scenario.preset("classroom"),
        settings={"alliance_dropout_link": (0.0, 1.5, 0.06), "pattern_mix": PATTERN_MIXES},
        labels={
            "alliance_dropout_link": "Alliance → dropout link",
            "pattern_mix": "Mix of alliance patterns",
        },
        view=_SwapData(pattern_dropout_chart, _dropout_frame, numbers=pattern_dropout_numbers),
        sentence=sentence,
        simulate=simulate,
        title="Alliance and dropout",
        name="dropout",
        grid={"alliance_dropout_link": (0.0, 1.5, 0.06)},  # 0.78, the classroom's, is on it
    )


# -- 05: alliance and outcome ----------------------------------------------------------
def outcome_sentence(result):
    clients = result.clients
    r = correlation_ci(clients["early_alliance"], clients["outcome"])
    return (
        f"With {len(clients)} clients, early alliance and improvement correlate "
        f"r = {r['r']:.2f} (95% interval {r['ci_low']:.2f} to {r['ci_high']:.2f}). "
        f"The average over 295 studies was r = .28 (Flückiger et al. 2018)."
    )


def _outcome_frame(result):
    clients = result.clients[["client", "early_alliance", "outcome"]]
    return clients.rename(columns={"early_alliance": "alliance"})


def outcome_explorer(scenario=None, *, simulate=None):
    """Explore the alliance-outcome link, the sample size and the measurement noise."""
    return Explorer(
        scenario or Scenario.preset("classroom"),
        settings={
            "alliance_outcome_link": (0.0, 1.5, 0.05),
            "n_clients": (30, 600, 30),
            "answer_noise": (0.0, 5.0, 0.2),  # a grid that holds the preset's 0.8
        },
        labels={
            "alliance_outcome_link": "Alliance → outcome link",
            "n_clients": "Clients in the study",
            "answer_noise": "Answer noise (less reliable)",
        },
        view=_SwapData(
            lambda frame: outcome_scatter(frame, alliance="alliance"),
            _outcome_frame,
            numbers=outcome_numbers,
        ),
        sentence=outcome_sentence,
        simulate=simulate,
        title="Alliance and outcome",
        name="outcome",
        # the classroom's 0.45, 300 clients and noise 0.8 are on it
        grid={
            "alliance_outcome_link": (0.0, 1.5, 0.15),
            "n_clients": (60, 540, 240),
            "answer_noise": (0.0, 3.2, 0.8),
        },
    )
