"""Explorers for notebooks 06-08: the rupture rule, feedback alerts, split alliances.

Each is the shared :class:`~alliance_lab.widgets.explorer.Explorer` with its settings,
views and sentence: the simulated clinic is made once, and the sliders move the rule
applied to it (ruptures, feedback) or the couple clinic itself (split alliance).
"""

from .._renames import renamed_keywords
from ..analysis.alliance_monitoring import FeedbackSettings, monitor
from ..analysis.ruptures import RuptureRule, detect_ruptures, rupture_groups
from ..analysis.split import split_alliance, split_dropout
from ..plots.feedback import monitoring_chart
from ..plots.split import rupture_groups_chart, split_chart
from ..simulation.couples import CoupleScenario, simulate_couples
from ._unchanged import LastShown
from .explorer import Explorer

__all__ = ["feedback_explorer", "rupture_explorer", "split_explorer"]


def _pct(x):
    return "an undefined share" if x != x else f"{x:.0%}"


def _count(n, noun):
    """``1 session``, ``3 sessions``."""
    return f"{n:g} {noun}" + ("" if n == 1 else "s")


def rupture_explorer(result, *, rule=None):
    """Explore the rupture rule on a simulated clinic: who is flagged, repaired, unresolved.

    Parameters
    ----------
    result : SimulationResult
        ``al.simulate(scenario)``: its ``.sessions`` and ``.clients`` are used.
    rule : RuptureRule, optional
        The starting rule.
    """
    last = LastShown(lambda out: out[1])  # the groups table: all the chart shows

    def run(r):
        detection = detect_ruptures(
            result.sessions, drop=r.drop, window=r.window, repair_within=r.repair_within
        )
        largest = float(detection.sessions["shortfall"].max())  # NaN: no running level yet
        return r, rupture_groups(detection, result.clients), largest

    def sentence(out):
        text = _rupture_sentence(out)
        before = last.update(out, out[0])
        if before is None or "no client has a rupture" in text:
            return text
        r = out[0]
        if (before.window, before.repair_within) == (r.window, r.repair_within):
            low, high = sorted((before.drop, r.drop))
            why = (
                f"no rating in this clinic that falls between {low:g} and {high:g} points below "
                "its running level starts or ends a client's first rupture"
            )
        else:
            why = "the change does not move any client's first rupture or its repair"
        return (
            f"{text} The chart is the same as with the rule before ({before.describe()}): "
            f"every client falls in the same group, because {why}."
        )

    def _rupture_sentence(out):
        r, groups, largest = out
        g = groups.set_index("group")
        repaired, unresolved = int(g.loc["repaired", "n"]), int(g.loc["unresolved", "n"])
        left = int(g.loc["left before repair could be seen", "n"])
        judged = repaired + unresolved
        flagged, total = judged + left, int(g["n"].sum())
        start = f"With this rule ({r.describe()}), "
        if flagged == 0:
            why = (
                f"the largest drop below a running level in this clinic is {largest:.1f} points"
                if largest == largest
                else f"no client has {_count(r.window, 'earlier rating')} to compare with"
            )
            return (
                f"{start}no client has a rupture: {why}. The chart shows only clients "
                "without a rupture, and a larger drop cannot change it; lower the drop "
                "to see ruptures."
            )

        def group(name):
            n, row = g.loc[name, "n"], g.loc[name]
            return f"(n = {n}) improved by {row['mean_outcome']:.2f} on average and " + (
                f"{_pct(row['dropout_rate'])} dropped out"
            )

        seen = (
            f"Of the first ruptures whose repair window could be seen, "
            f"{_pct(repaired / judged)} are repaired within "
            f"{_count(r.repair_within, 'session')}; "
            if judged
            else "No first rupture had its repair window seen; "
        )
        text = (
            f"{start}{_pct(flagged / total)} of clients ({flagged} of {total}) have at least "
            f"one rupture. {seen}{_count(left, 'client')} left before a repair could have "
            "been seen. "
        )
        if repaired and unresolved:
            other = g.loc["unresolved"]
            return (
                f"{text}Clients with a repaired rupture {group('repaired')}; with an "
                f"unresolved rupture (n = {unresolved}), {other['mean_outcome']:.2f} and "
                f"{_pct(other['dropout_rate'])}."
            )
        if not judged:
            return f"{text}Clients who left {group('left before repair could be seen')}."
        if repaired:
            return f"{text}None is left unresolved; clients with one {group('repaired')}."
        return f"{text}None is repaired; clients with an unresolved one {group('unresolved')}."

    return Explorer(
        rule or RuptureRule(),
        settings={"drop": (1, 15, 1), "window": (1, 6, 1), "repair_within": (1, 6, 1)},
        labels={
            "drop": "Drop (points below running level)",
            "window": "Running level: previous sessions",
            "repair_within": "Repair within (sessions)",
        },
        simulate=run,
        view=lambda out: rupture_groups_chart(out[1]),
        sentence=sentence,
        title="Rupture rule explorer",
    )


@renamed_keywords(sessions="data")
def feedback_explorer(data, *, settings=None):
    """Explore alert rules for routine monitoring against the simulated truth.

    Parameters
    ----------
    data : pandas.DataFrame
        Simulated sessions (``al.simulate(scenario).sessions``).
    settings : FeedbackSettings, optional
        The starting rule and base rate.
    """

    def view(run):
        return monitoring_chart(run.metrics, rule=run.settings.describe())

    def sentence(run):
        m = run.metrics
        real = m.alerts_per_therapist_week * (m.ppv if m.ppv == m.ppv else 0)
        return (
            f"If we {run.settings.describe()}, the alerts catch {_pct(m.sensitivity)} of the "
            f"sessions with a real alliance problem and stay quiet in {_pct(m.specificity)} of "
            f"the sessions without one; {_pct(m.ppv)} of alerts point to a real problem, in a "
            f"clinic where {_pct(m.base_rate)} of sessions have one. "
            f"A therapist with this caseload would get {m.alerts_per_therapist_week:.1f} alerts "
            f"a week, of which about {real:.1f} are real."
        )

    return Explorer(
        settings or FeedbackSettings(),
        settings={
            "cutoff": (20, 40, 1),
            "comparison": {"below (<)": "<", "at or below (≤)": "<="},
            "drop": {"off": 0, "1 point": 1, "2 points": 2, "3 points": 3, "5 points": 5},
            "combine": {"either part (or)": "or", "both parts (and)": "and"},
            "problem_share": (0.05, 0.5, 0.05),
        },
        labels={
            "cutoff": "Cutoff",
            "comparison": "Alert when the rating is",
            "drop": "Also alert on a drop of",
            "combine": "Alert when",
            "problem_share": "How common real problems are (base rate)",
        },
        simulate=lambda s: monitor(data, s),
        view=view,
        sentence=sentence,
        title="Feedback alert explorer",
    )


def split_explorer(scenario=None):
    """Explore how often partners' alliances split and how the split relates to dropout."""

    def run(s):
        result = simulate_couples(s)
        return result, split_dropout(result.couples)

    def view(out):
        result, bands = out
        return split_chart(result.couples, bands)

    def sentence(out):
        result, bands = out
        c = split_alliance(result.partners, threshold=1.0)
        low, high = bands.iloc[0], bands.iloc[-1]
        return (
            f"In this clinic the two partners' alliances differ by {c['split'].mean():.2f} "
            f"points on average (1 to 7 scale), and {_pct(c['is_split'].mean())} of couples "
            f"have a split of 1 point or more. Of couples whose split is {low['band']}, "
            f"{_pct(low['dropout_rate'])} dropped out; of those with a split of "
            f"{high['band']}, {_pct(high['dropout_rate'])}."
        )

    return Explorer(
        scenario or CoupleScenario(),
        settings={"split_spread": (0.0, 1.5, 0.1), "split_link": (0.0, 3.0, 0.25)},
        labels={
            "split_spread": "How far partners' alliances differ",
            "split_link": "How much a split raises dropout (teaching choice)",
        },
        simulate=run,
        view=view,
        sentence=sentence,
        title="Split alliance explorer",
    )
