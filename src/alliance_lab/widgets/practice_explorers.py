"""Explorers for notebooks 06-08: the rupture rule, feedback alerts, split alliances.

Each is the shared :class:`~alliance_lab.widgets.explorer.Explorer` with its settings,
views and sentence: the simulated clinic is made once, and the sliders move the rule
applied to it (ruptures, feedback) or the couple clinic itself (split alliance).
"""

from dataclasses import replace

from .._renames import renamed_keywords
from ..analysis.alliance_monitoring import FeedbackSettings, monitor
from ..analysis.ruptures import RuptureRule, detect_ruptures, rupture_groups
from ..analysis.split import split_alliance, split_dropout
from ..plots.feedback import monitoring_chart
from ..plots.split import rupture_groups_chart, split_chart
from ..simulation.couples import CoupleScenario, simulate_couples
from ._unchanged import LastShown, same_table
from .explorer import Explorer
from .explorer_states import data_stamp

__all__ = ["RUPTURE_SETTINGS", "feedback_explorer", "rupture_explorer", "split_explorer"]


def _pct(x):
    return "an undefined share" if x != x else f"{x:.0%}"


def _count(n, noun):
    """``1 session``, ``3 sessions``."""
    return f"{n:g} {noun}" + ("" if n == 1 else "s")


#: The rupture explorer's sliders: drop, running level and repair window.
RUPTURE_SETTINGS = {"drop": (1, 15, 1), "window": (1, 6, 1), "repair_within": (1, 6, 1)}


def _same_chart_note(field, low, high):
    """Why a range of one setting leaves the rupture chart as it is (the others fixed)."""
    start = "With the other settings as they are, "
    if field == "drop":
        return (
            f"{start}any drop from {low:g} to {high:g} points gives this same chart, because "
            f"no rating in this clinic that falls between {low:g} and {high:g} points below "
            "its running level starts or ends a client's first rupture."
        )
    what = (
        f"a running level over {low:g} to {high:g} previous sessions"
        if field == "window"
        else f"any repair window from {low:g} to {high:g} sessions"
    )
    return (
        f"{start}{what} gives this same chart, because the change does not move any "
        "client's first rupture or its repair."
    )


def rupture_explorer(result, *, rule=None):
    """Explore the rupture rule on a simulated clinic: who is flagged, repaired, unresolved.

    On the static site (no kernel) the explorer moves through precomputed states of
    the clinic of notebook 06 (``Scenario(n_clients=300, n_therapists=30, seed=6)``):
    every rule of the sliders, drop 1 to 15 points, running level over 1 to 6 sessions,
    repair within 1 to 6 sessions (540 states, the kernel's own steps). A state's
    sentence does not speak of the previous step; where neighbouring rules give the
    same chart, it says over which range of a setting, and why.

    Parameters
    ----------
    result : SimulationResult
        ``al.simulate(scenario)``: its ``.sessions`` and ``.clients`` are used.
    rule : RuptureRule, optional
        The starting rule.
    """
    last = LastShown(lambda out: out[1])  # the groups table: all the chart shows
    shown = {}  # rule -> the groups table it shows (for the precomputed states' sentence)

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

    def groups(r):
        if r not in shown:
            shown[r] = run(r)[1]
        return shown[r]

    def state_sentence(out):
        """The sentence of one precomputed state: the same for every path to it."""
        text = _rupture_sentence(out)
        if "no client has a rupture" in text:
            return text  # which already says why a larger drop changes nothing
        r, table = out[0], out[1]
        notes = []
        for field, (low, high, step) in RUPTURE_SETTINGS.items():
            same = [getattr(r, field)]
            for direction in (-step, step):
                value = same[0] + direction
                while low <= value <= high and same_table(
                    groups(replace(r, **{field: value})), table
                ):
                    same.append(value)
                    value += direction
            if len(same) > 1:
                notes.append(_same_chart_note(field, min(same), max(same)))
        return " ".join([text, *notes])

    return Explorer(
        rule or RuptureRule(),
        settings=RUPTURE_SETTINGS,
        labels={
            "drop": "Drop (points below running level)",
            "window": "Running level: previous sessions",
            "repair_within": "Repair within (sessions)",
        },
        simulate=run,
        view=lambda out: rupture_groups_chart(out[1]),
        sentence=sentence,
        title="Rupture rule explorer",
        name="rupture",
        source=data_stamp(result.sessions, result.clients),
        state_sentence=state_sentence,
    )


@renamed_keywords(sessions="data")
def feedback_explorer(data, *, settings=None):
    """Explore alert rules for routine monitoring against the simulated truth.

    On the static site (no kernel) the explorer moves through precomputed states of
    the sessions of notebook 07's clinic (``Scenario(n_clients=300, n_therapists=30,
    seed=7)``) on a coarser grid than the kernel's: cutoff 20 to 40 in steps of 2
    (30, 36 and 38 are on it), both comparisons, every drop rule, the base rate at
    5, 20, 35 and 50 %, and the parts always combined with "or" (OpenFIT's rule; the
    "Alert when" control is not shown there): 440 states.

    Parameters
    ----------
    data : pandas.DataFrame
        Simulated sessions (``al.simulate(scenario).sessions``).
    settings : FeedbackSettings, optional
        The starting rule and base rate.
    """

    def view(run):
        return monitoring_chart(run.metrics, rule=run.settings.describe())

    memo = {}

    def counts(settings):
        """What the chart shows for ``settings``: its confusion table and weekly alerts."""
        if settings not in memo:
            m = monitor(data, settings).metrics
            memo[settings] = (m.tp, m.fp, m.fn, m.tn, m.alerts_per_therapist_week)
        return memo[settings]

    def state_sentence(run):
        """The sentence of one precomputed state (the same for every path to it): where
        neighbouring rules on the page's grid draw the same chart, it says so and why."""
        now, notes = run.settings, []
        shown = counts(now)
        for field, values in grid_values.items():
            k = values.index(getattr(now, field))
            same = [k]
            for direction in (-1, 1):
                j = k + direction
                while 0 <= j < len(values) and (
                    counts(replace(now, **{field: values[j]})) == shown
                ):
                    same.append(j)
                    j += direction
            if len(same) > 1:
                low, high = values[min(same)], values[max(same)]
                notes.append(_same_feedback_note(field, low, high, now, shown))
        return " ".join([sentence(run), *notes])

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

    grid_values = {
        "cutoff": list(range(20, 41, 2)),
        "comparison": ["<", "<="],
        "drop": [0, 1, 2, 3, 5],
        "problem_share": [0.05, 0.2, 0.35, 0.5],
    }
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
        name="feedback",
        grid={"cutoff": (20, 40, 2), "combine": None, "problem_share": (0.05, 0.5, 0.15)},
        source=data_stamp(data),
        state_sentence=state_sentence,
    )


def _same_feedback_note(field, low, high, settings, shown):
    """Why a range of one setting leaves the feedback charts as they are."""
    start = "With the other settings as they are, "
    if field == "cutoff":
        why = (
            "no session in this clinic is rated that low"
            + ("" if not settings.drop else " and none fell that far")
            if shown[0] + shown[1] == 0  # no alert at all
            else "these cutoffs flag the same sessions in this clinic"
        )
        return f"{start}any cutoff from {low:g} to {high:g} gives this same chart, because {why}."
    if field == "comparison":
        c = settings.cutoff
        why = (
            f"no session in this clinic is rated exactly {c:g}"
            if not settings.drop
            else f"the sessions rated exactly {c:g} are flagged either way"
        )
        return f"{start}'below' and 'at or below' give this same chart, because {why}."
    if field == "drop":
        lowest = "off" if not low else _count(low, "point")
        return (
            f"{start}every drop rule from {lowest} to {_count(high, 'point')} gives this same "
            "chart, because these drop rules flag the same sessions in this clinic."
        )
    return (
        f"{start}base rates from {low:.0%} to {high:.0%} give this same chart, because the "
        "rule flags the same sessions in each."
    )


def split_explorer(scenario=None):
    """Explore how often partners' alliances split and how the split relates to dropout.

    On the static site (no kernel) the explorer moves through precomputed states of the
    default couple clinic (``CoupleScenario()``, 300 couples, seed 2024) on a coarser grid
    than the kernel's: how far the partners differ at 0 to 1.5 in steps of 0.25 (7
    values, kernel 0.1) and how much a split raises dropout at 0 to 3 in steps of 0.75
    (5 values, kernel 0.25); the defaults 0.5 and 0.75 are on it: 35 states, each with
    every couple (the scatter shows all 300, as in the kernel).
    """

    LINK = (0.0, 3.0, 0.25)  # the link's slider: low, high, step

    def run(s):
        result = simulate_couples(s)
        return result, split_dropout(result.couples)

    def view(out):
        result, bands = out
        return split_chart(result.couples, bands)

    def band(row, first):
        n, words = int(row["n"]), f"a split of {row['band']}"
        if n == 0:
            return f"{'N' if first else 'n'}o couple has {words}, so that band has no dropout rate"
        return (
            f"{'Of' if first else 'of'} the {_count(n, 'couple')} with {words}, "
            f"{_pct(row['dropout_rate'])} dropped out"
        )

    def sentence(out):
        result, bands = out
        c = split_alliance(result.partners, threshold=1.0)
        text = (
            f"In this clinic the two partners' alliances differ by {c['split'].mean():.2f} "
            f"points on average (1 to 7 scale), and {_pct(c['is_split'].mean())} of couples "
            f"have a split of 1 point or more. {band(bands.iloc[0], True)}; "
            f"{band(bands.iloc[-1], False)}."
        )
        if not (c["split"] > 0).any():
            return text + (
                " Here the partners' alliances never differ, so how much a split raises "
                "dropout changes no one's chance of dropping out: the chart stays the same "
                "whatever that setting."
            )
        same = same_chart_links(result)
        if len(same) > 1:
            low, high, step = LINK
            if round((same[-1] - same[0]) / step) == len(same) - 1:  # neighbouring steps
                which = f"any setting from {same[0]:g} to {same[-1]:g}"
            else:
                which = "the settings " + ", ".join(f"{v:g}" for v in same[:-1])
                which += f" and {same[-1]:g}"
            text += (
                f" With partners this far apart, {which} of how much a split raises dropout "
                f"give this same chart: in a clinic of {_count(len(result.couples), 'couple')}"
                " such a change moves no couple across the line between staying and leaving."
            )
        return text

    def same_chart_links(result):
        """The link's values on the slider that make the same couples drop out as this
        one does (the spread fixed); computed from the state alone, not from the step
        before, so the kernel and the static page say the same."""
        s, dropped = result.scenario, result.couples["dropped_out"]
        low, high, step = LINK
        same = []
        for k in range(round((high - low) / step) + 1):
            value = round(low + k * step, 10)
            if value == s.split_link or simulate_couples(replace(s, split_link=value)).couples[
                "dropped_out"
            ].equals(dropped):
                same.append(value)
        return sorted({*same, s.split_link})

    return Explorer(
        scenario or CoupleScenario(),
        settings={"split_spread": (0.0, 1.5, 0.1), "split_link": LINK},
        labels={
            "split_spread": "How far partners' alliances differ",
            "split_link": "How much a split raises dropout (teaching choice)",
        },
        simulate=run,
        view=view,
        sentence=sentence,
        title="Split alliance explorer",
        name="split",
        grid={"split_spread": (0.0, 1.5, 0.25), "split_link": (0.0, 3.0, 0.75)},
    )
