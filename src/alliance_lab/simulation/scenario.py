"""A simulation scenario: every setting of the simulated clinic, in plain words.

A :class:`Scenario` is a frozen dataclass. Each field carries, in its metadata, a
plain-language description (``doc``), the source of its default (``source``) and
the range it may take (``low``, ``high``). ``Scenario.describe()`` lists them as a
table. Changing a setting makes a new scenario (``dataclasses.replace``), which is
checked again, so an impossible clinic can never be simulated.
"""

import dataclasses
import json
import os
from dataclasses import dataclass, field, fields

import pandas as pd

from .._validation import (
    UnknownSettingError,
    check_choice,
    check_keywords,
    check_number,
    fail,
    plain,
)
from .patterns import PATTERNS, REGISTRY

__all__ = ["PATTERNS", "Scenario"]

TEACHING = "teaching choice"
PUBLISHED = "published"
KINDS = (PUBLISHED, TEACHING)
_ROUND = "round number; not an estimate from a study"


def _setting(default, doc, basis, low, high, *, integer=False, published="", kind=TEACHING):
    """A scenario field with its documentation.

    ``basis`` says why the default has its value; ``published`` names the published
    figure it is set near or tuned to (citation and the paper's value), or is empty;
    ``kind`` is ``"published"`` when the default *is* that figure, otherwise
    ``"teaching choice"``.
    """
    meta = {
        "doc": doc,
        "source": basis,
        "published": published,
        "kind": kind,
        "low": low,
        "high": high,
        "integer": integer,
    }
    return field(default=default, metadata=meta)


_ROUTINE_CARE = (
    "Hansen, Lambert & Forman (2002): about one client in three reliably improved or "
    "recovered in routine care; Lambert's reviews: about 5-10 % deteriorate (both unconfirmed)"
)

_PATTERNS_BASIS = (
    "the seven patterns and their shares are teaching choices; Kivlighan & Shaughnessy (2000) "
    "found three clusters of alliance development (stable, linear growth, quadratic "
    "high-low-high), not seven patterns with shares"
)


def _share(default, name, published=""):
    return _setting(
        default,
        f"Share of clients whose alliance follows the {name} pattern.",
        _PATTERNS_BASIS,
        0.0,
        1.0,
        published=published,
    )


def _boost(default, marker):
    return _setting(
        default,
        f"Extra log-odds of {marker} in a rupture session.",
        "teaching choice: withdrawal and confrontation are the two faces of a rupture "
        "(Eubanks, Muran & Safran 2018), so those two markers get the larger boosts; "
        "which marker's gap is widest before dropout follows from these values",
        0.0,
        5.0,
    )


@dataclass(frozen=True)
class Scenario:
    """Every setting of a simulated clinic; defaults reproduce four published figures.

    Alliance strength is simulated on a latent scale in standard-deviation units.
    It is the sum of a therapist part, a client's trait-like part and a
    session-to-session state-like part (their variance shares add up to one), plus
    the client's trajectory pattern. See :mod:`alliance_lab.simulation.engine` for
    the model. ``Scenario.describe()`` gives every setting with its default, range,
    whether the default is a published figure or a teaching choice, and the
    published figure it relates to.

    Examples
    --------
    >>> s = Scenario(n_clients=200)
    >>> s.n_clients, s.instrument
    (200, 'bordin-teaching')
    >>> Scenario.from_json(s.to_json()) == s
    True
    >>> Scenario(planned_sessions=1)
    Traceback (most recent call last):
    ...
    alliance_lab._validation.InputError: planned_sessions (planned number of sessions per client) must be a whole number from 3 to 60; got 1. Give a whole number in that range.
    """  # noqa: E501

    # --- the clinic ---------------------------------------------------------------
    n_clients: int = _setting(
        500, "Number of clients in the clinic.", _ROUND, 1, 1_000_000, integer=True
    )
    n_therapists: int = _setting(
        100,
        "Number of therapists; clients are shared out evenly among them.",
        "round number giving 5 clients per therapist in the default clinic",
        1,
        100_000,
        integer=True,
        published="Baldwin, Wampold & Imel (2007): 331 patients of 80 therapists, about 4 each",
    )
    planned_sessions: int = _setting(
        12,
        "planned number of sessions per client",
        "round number near the trial average",
        3,
        60,
        integer=True,
        published="Hansen, Lambert & Forman (2002): trials average 12.7 sessions, "
        "routine care fewer than 5",
    )
    seed: int = _setting(
        2024,
        "Seed of the random numbers: same seed, same clinic.",
        "any number; no seed is picked to make a figure look right",
        0,
        2**32 - 1,
        integer=True,
    )
    # --- where alliance differences come from -------------------------------------
    therapist_share: float = _setting(
        0.10,
        "Share of alliance differences due to the therapist (some therapists build "
        "stronger alliances with all their clients).",
        "round number; Baldwin, Wampold & Imel (2007) showed that the therapist's part "
        "carries the alliance-outcome link, not how large the share is",
        0.0,
        1.0,
    )
    client_trait_share: float = _setting(
        0.60,
        "Share of alliance differences due to the client's stable, trait-like tendency.",
        "round number (trait-like versus state-like alliance: Zilcha-Mano 2017); with the "
        "other shares one session's questionnaire total has a reliability of about .69 "
        "over the first four sessions (intraclass correlation), a little below the "
        "published figure",
        0.0,
        1.0,
        published="Crits-Christoph et al. (2011): single-session reliability about .77",
    )
    session_state_share: float = _setting(
        0.30,
        "Share of alliance differences that are state-like: they change from session to session.",
        "round number (Zilcha-Mano 2017); see client_trait_share",
        0.0,
        1.0,
        published="Crits-Christoph et al. (2011): two sessions reach .80, four .90",
    )
    session_autocorrelation: float = _setting(
        0.50,
        "How much of one session's state-like alliance carries over to the next (AR(1)).",
        _ROUND,
        0.0,
        0.95,
    )
    component_correlation: float = _setting(
        0.80,
        "Correlation between goal, task and bond in the same session.",
        "round number: the three parts move together, not in lockstep; in real data they "
        "correlate highly",
        0.0,
        1.0,
    )
    # --- trajectory patterns ------------------------------------------------------
    share_stable_high: float = _share(0.22, "stable high")
    share_stable_low: float = _share(0.08, "stable low")
    share_linear_growth: float = _share(0.18, "linear growth")
    share_early_decline: float = _share(0.07, "early decline")
    share_rupture_repair: float = _share(
        0.22,
        "V-shaped rupture and repair",
        "Stevens et al. (2007): rupture-repair sequences in 50 % of 44 cases",
    )
    share_unresolved_rupture: float = _share(0.12, "unresolved rupture")
    share_high_low_high: float = _share(0.11, "high-low-high")
    pattern_strength: float = _setting(
        0.6,
        "How far the patterns move the alliance (in standard deviations of alliance).",
        _ROUND,
        0.0,
        3.0,
    )
    rupture_depth: float = _setting(
        1.5,
        "How far the alliance falls in a rupture session (standard deviations).",
        _ROUND,
        0.0,
        5.0,
    )
    repair_gain: float = _setting(
        0.4,
        "How much stronger the alliance is after a repaired rupture than before it.",
        "round number (Safran, Muran & Eubanks-Carter 2011 describe repair as strengthening "
        "the alliance; no study gives its size)",
        0.0,
        3.0,
    )
    # --- measurement --------------------------------------------------------------
    instrument: str = field(
        default="bordin-teaching",
        metadata={
            "doc": "Questionnaire that measures the alliance (an id from al.list_instruments()).",
            "source": "the project's original 12-item teaching questionnaire",
            "published": "",
            "kind": TEACHING,
            "low": None,
            "high": None,
            "integer": False,
        },
    )
    ceiling: float = _setting(
        0.75,
        "Where the typical answer sits on the questionnaire's scale: 0 bottom, 1 top. "
        "Alliance ratings pile up near the top.",
        "round number; Mallinckrodt & Tekie (2016) describe the pile-up at the top of the WAI",
        0.0,
        1.0,
    )
    session_rating_ceiling: float = _setting(
        0.96,
        "Where the typical line of the session rating scale sits: 0 bottom, 1 top.",
        "tuned with masked_share so that about half of first-session ratings are perfect",
        0.0,
        1.0,
        published="ACORN reports: 54 % of clients gave a perfect alliance score, on ACORN's "
        "own form (a different instrument from this four-line form)",
    )
    masked_share: float = _setting(
        0.43,
        "Share of clients who mark the top of every line of the session rating form "
        "whatever the session was like (masking: politeness, gratitude, not wanting to "
        "criticise the therapist to their face).",
        "teaching choice: no study gives this share; with session_rating_ceiling it "
        "reproduces the ACORN share of perfect scores",
        0.0,
        1.0,
        published="ACORN reports: 54 % perfect alliance scores (ACORN's own form)",
    )
    problem_threshold: float = _setting(
        -1.0,
        "A session counts as a real alliance problem when its true alliance (the mean of "
        "latent goal, task and bond) lies below this value (standard deviations; 0 is "
        "the average).",
        "round number: about one session in five counts as a real problem",
        -5.0,
        5.0,
    )
    answer_noise: float = _setting(
        0.8,
        "Random noise in each answer (standard deviations of alliance); more noise, "
        "less reliable scores.",
        "round number giving a total-score alpha near .90",
        0.0,
        5.0,
        published="Hanson, Curry & Bandalos (2002): WAI alphas .79 to .97, most near .92",
    )
    # --- outcome ------------------------------------------------------------------
    expected_improvement: float = _setting(
        1.5,
        "Symptom improvement of an average client over a long therapy "
        "(standard deviations of intake symptoms).",
        "teaching choice, set with weekly_fluctuation so that the outcome ratings of the "
        "default clinic give routine-care shares of reliable change (at 1.0 only one client "
        "in five was reliably improved or recovered); the calibrated correlations hardly "
        "move with it",
        -3.0,
        5.0,
        published=_ROUTINE_CARE,
    )
    improvement_spread: float = _setting(
        0.6,
        "How much clients differ in how much they would improve, whatever the alliance.",
        _ROUND,
        0.0,
        5.0,
    )
    session_gain_fade: float = _setting(
        0.93,
        "Each session adds this fraction of the previous session's gain (early sessions "
        "help most).",
        "round number; the shape (early sessions help most) follows the dose-effect curve "
        "of Howard, Kopta, Krause & Orlinsky (1986)",
        0.0,
        0.99,
    )
    weekly_fluctuation: float = _setting(
        0.7,
        "How much a client's week swings around their symptom level from one session to the "
        "next (a good or a bad week: life events, sleep, work), in standard deviations of "
        "intake symptoms. The outcome rating, which asks about the past week, carries the "
        "swing; the symptom measure and the simulated truth do not.",
        "teaching choice, set with expected_improvement so that, judged with the outcome "
        "form's internal-consistency reliability (.90), the default clinic's shares of "
        "reliably improved or recovered and of deteriorated clients fall in the routine-care "
        "ranges; at 0 the form's ratings follow the symptom trajectory alone and about 1 % "
        "deteriorate",
        0.0,
        3.0,
        published=_ROUTINE_CARE,
    )
    symptom_noise: float = _setting(
        0.35,
        "Random noise in each symptom measurement (standard deviations of intake symptoms).",
        _ROUND,
        0.0,
        5.0,
    )
    alliance_outcome_link: float = _setting(
        0.45,
        "How much a stronger alliance helps symptom improvement; 0 means no effect.",
        "tuned so that the default clinic reproduces the published correlation",
        -3.0,
        3.0,
        published="Fluckiger et al. (2018): r = .278 across 295 studies",
    )
    client_part_weight: float = _setting(
        0.7,
        "How much the client's own part of the alliance counts for outcome and dropout, "
        "relative to the therapist's part (0: only the therapist's part counts).",
        "value between the client's part near 0 that Baldwin, Wampold & Imel (2007) found "
        "and equal weight (1)",
        0.0,
        2.0,
    )
    readiness_link: float = _setting(
        0.0,
        "A common cause: how much a client's readiness for change (which nobody measures) "
        "raises both their alliance (standard deviations of alliance) and their improvement "
        "(standard deviations of intake symptoms); 0 means readiness plays no part.",
        "teaching choice, off by default; the common_cause preset switches it on",
        0.0,
        3.0,
    )
    rupture_setback: float = _setting(
        0.3,
        "How far symptoms slip back while a rupture is not repaired (standard deviations "
        "of intake symptoms); a repair restores the lost ground.",
        "tuned so that the default clinic reproduces the published repair-outcome correlation",
        0.0,
        3.0,
        published="Eubanks, Muran & Safran (2018): r = .29 for repair and outcome",
    )
    improvement_alliance_path: float = _setting(
        0.1,
        "How much the next session's alliance rises (standard deviations of alliance) for "
        "each standard deviation by which a client's improvement so far is ahead of what "
        "was expected by now.",
        "round number; Falkenstrom, Granstrom & Holmqvist (2013) found that earlier "
        "improvement strengthens the next alliance, not how strongly in these units",
        0.0,
        2.0,
    )
    # --- dropout ------------------------------------------------------------------
    dropout_risk: float = _setting(
        0.07,
        "Chance of leaving after the first session for a client with an average alliance.",
        "tuned so that the default clinic reproduces the published dropout rate",
        0.0,
        0.5,
        published="Swift & Greenberg (2012): 19.7 % drop out (669 studies)",
    )
    dropout_risk_fade: float = _setting(
        0.5,
        "Each session, the chance of leaving (at an average alliance) is this fraction of "
        "the previous session's: most clients who drop out leave after the first few "
        "sessions.",
        _ROUND + "; also keeps the early-alliance sample (3+ sessions) from being "
        "dominated by later dropouts",
        0.0,
        1.0,
    )
    alliance_dropout_link: float = _setting(
        0.78,
        "How much a weaker alliance raises the chance of dropping out (log-odds per "
        "standard deviation); 0 means no effect.",
        "tuned so that the default clinic reproduces the published effect size",
        -3.0,
        3.0,
        published="Sharf, Primavera & Diener (2010): d = .55 (11 studies)",
    )
    rupture_dropout_link: float = _setting(
        0.0,
        "After an unresolved rupture the chance of leaving goes back to the first-session "
        "level, raised by this much (log-odds).",
        "round number (Eubanks, Muran & Safran 2018 link unrepaired ruptures with worse "
        "outcomes; no study gives this size)",
        -3.0,
        5.0,
    )
    # --- markers of strain --------------------------------------------------------
    strain_link: float = _setting(
        0.6,
        "How much a weaker alliance raises the chance of each marker of strain (log-odds).",
        "round number (Eubanks, Muran & Safran 2018 describe withdrawal and confrontation "
        "markers, not their size)",
        0.0,
        3.0,
    )
    missed_rate: float = _setting(
        0.08,
        "Chance of a missed appointment before a session, at an average alliance.",
        _ROUND,
        0.0,
        0.9,
    )
    late_cancel_rate: float = _setting(
        0.05,
        "Chance of a late-cancelled appointment before a session, at an average alliance.",
        _ROUND,
        0.0,
        0.9,
    )
    disengagement_rate: float = _setting(
        0.10,
        "Chance that the client withdraws in a session (disengagement).",
        _ROUND,
        0.0,
        0.9,
    )
    confrontation_rate: float = _setting(
        0.04,
        "Chance that the client confronts the therapist in a session.",
        _ROUND,
        0.0,
        0.9,
    )
    missed_rupture_boost: float = _boost(0.5, "a missed appointment")
    late_cancel_rupture_boost: float = _boost(0.5, "a late cancellation")
    disengagement_rupture_boost: float = _boost(2.0, "disengagement")
    confrontation_rupture_boost: float = _boost(1.5, "confrontation")

    def __new__(cls, *args, **changes):
        # Runs before the generated __init__: a misspelt setting gets a plain message
        # with the nearest name, not Python's "unexpected keyword argument".
        check_keywords(cls, changes, what="Scenario.describe() lists them")
        if len(args) > 0:
            raise UnknownSettingError(
                "Scenario settings",
                allowed="given by name, for example Scenario(n_clients=200)",
                given=f"{len(args)} value(s) without a name",
                fix="Write each setting as name=value.",
            )
        return super().__new__(cls)

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            meta = f.metadata
            label = f.name if meta["doc"][0].isupper() else f"{f.name} ({meta['doc']})"
            if f.name == "instrument":
                _check_instrument(value)
                continue
            value = check_number(
                value, label, low=meta["low"], high=meta["high"], integer=meta["integer"]
            )
            object.__setattr__(self, f.name, value)
        for name in ("n_clients", "n_therapists", "planned_sessions", "seed"):
            object.__setattr__(self, name, int(getattr(self, name)))
        variance = self.therapist_share + self.client_trait_share + self.session_state_share
        if abs(variance - 1) > 1e-6:
            fail(
                "therapist_share + client_trait_share + session_state_share",
                allowed="1 (together they make up all alliance differences)",
                given=f"{variance:.3f}",
                fix="Lower one share when you raise another, for example "
                "Scenario(therapist_share=0.2, client_trait_share=0.5).",
            )
        total = sum(self.pattern_shares().values())
        if abs(total - 1) > 1e-6:
            fail(
                "the sum of the pattern shares (share_stable_high ... share_high_low_high)",
                allowed="1 (every client follows one pattern)",
                given=f"{total:.3f}",
                fix="Lower one share when you raise another.",
            )
        _check_memory(self)
        if self.n_therapists > self.n_clients:
            fail(
                "n_therapists",
                allowed=f"at most n_clients ({plain(self.n_clients)}): every therapist needs at "
                "least one client",
                given=plain(self.n_therapists),
                fix=f"Set both, for example Scenario(n_clients={self.n_clients}, "
                f"n_therapists={max(1, self.n_clients // 5)}).",
            )

    # -- helpers ---------------------------------------------------------------------
    def pattern_shares(self):
        """Pattern name -> share of clients, in the order of ``PATTERNS``."""
        return {p.name: getattr(self, p.share) for p in REGISTRY}

    def to_json(self):
        """The scenario as JSON text (load it with :meth:`Scenario.from_json`)."""
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text, **changes):
        """Read a scenario written by :meth:`to_json`; missing settings take their default.

        ``changes`` replace settings of the file before anything is checked, so a file
        for a large clinic can be run smaller: ``Scenario.from_json(text, n_clients=100)``.
        """
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as error:
            fail(
                "the scenario text",
                allowed="JSON of setting: value pairs, as Scenario.to_json() writes it",
                given=f"text that is not valid JSON ({error})",
                fix="Save the scenario again with Scenario.to_json(), or correct the file.",
            )
        if not isinstance(data, dict):
            fail(
                "the scenario JSON",
                allowed='an object of setting: value pairs, such as {"n_clients": 200}',
                given=f"a JSON {type(data).__name__}",
                fix="Save the scenario again with Scenario.to_json().",
            )
        check_keywords(cls, data, what="Scenario.describe() lists them")
        return cls(**{**data, **changes})

    @classmethod
    def preset(cls, name="default", **changes):
        """A named teaching scenario, optionally with some settings changed.

        ``"default"`` reproduces the published figures; ``"baldwin"``: only the
        therapist's part of the alliance drives outcome and dropout (Baldwin,
        Wampold & Imel 2007); ``"classroom"``: 300 clients for quick redraws;
        ``"session_rating"``: measured with the session rating scale (SRS structure);
        ``"no_dropout_link"``: the alliance does not influence dropout.

        Four presets tell the stories behind a correlation (see ``STORIES``). In
        each the alliance has no direct effect on outcome:
        ``"common_cause"`` (readiness for change raises both the alliance and the
        improvement), ``"reverse_causation"`` (early improvement raises the later
        alliance), ``"dropout_path"`` (a weak alliance makes clients leave early, so
        they get fewer sessions and improve less: an indirect causal path) and
        ``"no_link"`` (every path switched off). ``"no_outcome_link"`` is the
        default clinic with only the direct link switched off.

        Examples
        --------
        >>> Scenario.preset("baldwin").client_part_weight
        0.0
        >>> Scenario.preset("common_cause").alliance_outcome_link
        0.0
        >>> Scenario.preset("nonsense")
        Traceback (most recent call last):
        ...
        alliance_lab._validation.InputError: preset must be one of 'baldwin', 'classroom', 'common_cause', 'default', 'dropout_path', 'no_dropout_link', 'no_link', 'no_outcome_link', 'reverse_causation', 'session_rating'; got 'nonsense'. Choose one of these.
        """  # noqa: E501
        check_choice(name, "preset", sorted(PRESETS))
        return cls(**{**PRESETS[name], **changes})

    @classmethod
    def describe(cls):
        """Table of every setting: its default, range and meaning, and where the default comes from.

        ``kind`` is ``"published"`` when the default is a figure a study reports and
        ``"teaching choice"`` otherwise; ``source of default`` says why the default
        has its value, and ``published figure`` names the study figure the default
        is set near or tuned to, with the value the paper reports (empty if none).

        Examples
        --------
        >>> table = Scenario.describe().set_index("setting")
        >>> table.loc["alliance_outcome_link", "kind"]
        'teaching choice'
        >>> table.loc["alliance_outcome_link", "published figure"]
        'Fluckiger et al. (2018): r = .278 across 295 studies'
        """
        rows = [
            {
                "setting": f.name,
                "default": str(f.default),
                "allowed": "an id from al.list_instruments()"
                if f.metadata["low"] is None
                else f"{_plain(f.metadata['low'])} to {_plain(f.metadata['high'])}",
                "meaning": f.metadata["doc"][0].upper() + f.metadata["doc"][1:],
                "kind": f.metadata["kind"],
                "source of default": f.metadata["source"],
                "published figure": f.metadata["published"],
            }
            for f in fields(cls)
        ]
        return pd.DataFrame(rows)


def _plain(value):
    """A number as a student would write it: 100,000 and 0.1, not 1e+05 and 0.100000."""
    return f"{value:,}" if isinstance(value, int) else str(value)


#: Bytes a simulation needs per stored answer and per session: the measured peak (about 16
#: and 226 bytes, numpy arrays traced with tracemalloc) with a quarter of headroom; see
#: tests/test_scenario.py::test_memory_estimate_covers_the_measured_peak.
_BYTES_PER_ANSWER = 20
_BYTES_PER_SESSION = 300


def memory_needed(scenario):
    """Bytes ``simulate(scenario)`` needs at most (if every client attended every session).

    >>> from alliance_lab.simulation.scenario import memory_needed
    >>> memory_needed(Scenario(n_clients=20_000)) // 2**20  # megabytes
    123
    """
    from ..instruments.definition import load_instrument

    items = len(load_instrument(scenario.instrument).items)
    sessions = scenario.n_clients * scenario.planned_sessions
    return sessions * (items * _BYTES_PER_ANSWER + _BYTES_PER_SESSION)


def _memory_limit():
    """Bytes a simulation may use: half of this computer's memory."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux/macOS
        total = 8 * 2**30
    return total // 2


def _check_memory(scenario):
    from ..instruments.definition import load_instrument

    needed, limit = memory_needed(scenario), _memory_limit()
    if needed <= limit:
        return
    fit = int(limit // (needed / scenario.n_clients))
    fit = fit // 1000 * 1000 if fit > 1000 else max(1, fit)
    fail(
        "the size of the simulated clinic",
        allowed=f"what fits in half of this computer's memory (about {_gb(limit)})",
        given=f"{plain(scenario.n_clients)} clients x {scenario.planned_sessions} sessions x "
        f"{len(load_instrument(scenario.instrument).items)} items, which needs about "
        f"{_gb(needed)}",
        fix=f"Use fewer clients (at most about {plain(fit)} with these settings) or fewer "
        "sessions; 20,000 clients already give stable figures.",
    )


def _gb(n_bytes):
    return f"{n_bytes / 2**30:.1f} GB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:.0f} MB"


def _check_instrument(value):
    from ..instruments.definition import load_instrument

    if not isinstance(value, str):
        fail(
            "instrument",
            allowed="an instrument id such as 'bordin-teaching'",
            given=repr(value),
            fix="al.list_instruments() lists them.",
        )
    inst = load_instrument(value)
    if inst.items is None or len(inst.items) == 0:
        fail(
            "instrument",
            allowed="a questionnaire with items to simulate answers for",
            given=f"{value!r}, which has none",
            fix="Choose another, for example 'bordin-teaching'.",
        )
    if inst.measures != "alliance":
        fail(
            "instrument",
            allowed="a questionnaire that measures the alliance",
            given=f"{value!r}, which measures {inst.measures}",
            fix="The clinic writes its outcome ratings by itself (the outcome_rating column); "
            "choose an alliance form here, for example 'bordin-teaching'.",
        )


#: Settings that switch off every path between early alliance and outcome except the
#: one a story is about (see ``STORIES`` in :mod:`alliance_lab.simulation.stories`).
NO_PATHS = {
    "alliance_outcome_link": 0.0,
    "alliance_dropout_link": 0.0,
    "improvement_alliance_path": 0.0,
    "readiness_link": 0.0,
}

PRESETS = {
    "default": {},
    "baldwin": {
        "client_part_weight": 0.0,
        "improvement_alliance_path": 0.0,
        "therapist_share": 0.20,
        "client_trait_share": 0.50,
        "alliance_outcome_link": 0.9,
    },
    "no_outcome_link": {"alliance_outcome_link": 0.0},
    "no_dropout_link": {"alliance_dropout_link": 0.0},
    "classroom": {"n_clients": 300, "n_therapists": 30},
    "session_rating": {"instrument": "srs"},
    "common_cause": {**NO_PATHS, "readiness_link": 0.6},
    "reverse_causation": {**NO_PATHS, "improvement_alliance_path": 0.8},
    # 1.5, not 2.0, since expected_improvement went from 1.0 to 1.5: sessions missed through
    # dropout cost more improvement, and the story keeps the r it had (about .14)
    "dropout_path": {**NO_PATHS, "alliance_dropout_link": 1.5, "dropout_risk": 0.05},
    "no_link": dict(NO_PATHS),
}
