"""A simulation scenario: every setting of the simulated clinic, in plain words.

A :class:`Scenario` is a frozen dataclass. Each field carries, in its metadata, a
plain-language description (``doc``), the source of its default (``source``) and
the range it may take (``low``, ``high``). ``Scenario.describe()`` lists them as a
table. Changing a setting makes a new scenario (``dataclasses.replace``), which is
checked again, so an impossible clinic can never be simulated.
"""

import dataclasses
import json
import math
from dataclasses import dataclass, field, fields

import pandas as pd

__all__ = ["PATTERNS", "Scenario"]

#: Trajectory patterns, in the order used everywhere (shares, colours, tables).
PATTERNS = (
    "stable high",
    "stable low",
    "linear growth",
    "early decline",
    "rupture and repair",
    "unresolved rupture",
    "high-low-high",
)

_TEACH = "teaching choice (round number; not an estimate from a study)"
_TUNED = "tuned so the default clinic reproduces the calibration targets (see calibration_report)"


def _setting(default, doc, source, low, high, *, integer=False):
    meta = {"doc": doc, "source": source, "low": low, "high": high, "integer": integer}
    return field(default=default, metadata=meta)


def _share(default, name, source):
    return _setting(
        default, f"Share of clients whose alliance follows the {name} pattern.", source, 0.0, 1.0
    )


@dataclass(frozen=True)
class Scenario:
    """Every setting of a simulated clinic; defaults reproduce the published evidence.

    Alliance strength is simulated on a latent scale in standard-deviation units.
    It is the sum of a therapist part, a client's trait-like part and a
    session-to-session state-like part (their variance shares add up to one), plus
    the client's trajectory pattern. See :mod:`alliance_lab.simulation.engine` for
    the model. ``Scenario.describe()`` gives every setting with its default, range
    and the source of the default.

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
    ValueError: planned_sessions (planned number of sessions per client) must be a whole number from 3 to 60; got 1.
    """  # noqa: E501

    # --- the clinic ---------------------------------------------------------------
    n_clients: int = _setting(
        500, "Number of clients in the clinic.", _TEACH, 1, 1_000_000, integer=True
    )
    n_therapists: int = _setting(
        100,
        "Number of therapists; clients are shared out evenly among them.",
        "teaching choice near Baldwin, Wampold & Imel (2007): about 4 patients per therapist",
        1,
        100_000,
        integer=True,
    )
    planned_sessions: int = _setting(
        12,
        "planned number of sessions per client",
        "Hansen, Lambert & Forman (2002): clinical trials average 12.7 sessions",
        3,
        60,
        integer=True,
    )
    seed: int = _setting(
        2024,
        "Seed of the random numbers: same seed, same clinic.",
        _TEACH,
        0,
        2**32 - 1,
        integer=True,
    )
    # --- where alliance differences come from -------------------------------------
    therapist_share: float = _setting(
        0.10,
        "Share of alliance differences due to the therapist (some therapists build "
        "stronger alliances with all their clients).",
        "Baldwin, Wampold & Imel (2007); teaching value within the range reported",
        0.0,
        1.0,
    )
    client_trait_share: float = _setting(
        0.60,
        "Share of alliance differences due to the client's stable, trait-like tendency.",
        "Zilcha-Mano (2017); with the therapist share, a single session reflects the "
        "client's level with reliability about .70 (Crits-Christoph et al. 2011)",
        0.0,
        1.0,
    )
    session_state_share: float = _setting(
        0.30,
        "Share of alliance differences that are state-like: they change from session to session.",
        "Zilcha-Mano (2017); Crits-Christoph et al. (2011)",
        0.0,
        1.0,
    )
    session_autocorrelation: float = _setting(
        0.50,
        "How much of one session's state-like alliance carries over to the next (AR(1)).",
        _TEACH,
        0.0,
        0.95,
    )
    component_correlation: float = _setting(
        0.80,
        "Correlation between goal, task and bond in the same session.",
        "teaching choice: the three parts of Bordin's alliance move together, not in lockstep",
        0.0,
        1.0,
    )
    # --- trajectory patterns ------------------------------------------------------
    share_stable_high: float = _share(0.22, "stable high", "Kivlighan & Shaughnessy (2000)")
    share_stable_low: float = _share(0.08, "stable low", "Kivlighan & Shaughnessy (2000)")
    share_linear_growth: float = _share(
        0.18, "linear growth", "Kivlighan & Shaughnessy (2000); Stevens et al. (2007)"
    )
    share_early_decline: float = _share(0.07, "early decline", _TEACH)
    share_rupture_repair: float = _share(
        0.22,
        "V-shaped rupture and repair",
        "Stevens et al. (2007): rupture-repair sequences in about half of cases",
    )
    share_unresolved_rupture: float = _share(
        0.12, "unresolved rupture", "Eubanks, Muran & Safran (2018)"
    )
    share_high_low_high: float = _share(
        0.11, "high-low-high", "Kivlighan & Shaughnessy (2000): the quadratic pattern"
    )
    pattern_strength: float = _setting(
        0.6,
        "How far the patterns move the alliance (in standard deviations of alliance).",
        _TEACH,
        0.0,
        3.0,
    )
    rupture_depth: float = _setting(
        1.5,
        "How far the alliance falls in a rupture session (standard deviations).",
        _TEACH,
        0.0,
        5.0,
    )
    repair_gain: float = _setting(
        0.4,
        "How much stronger the alliance is after a repaired rupture than before it.",
        "Safran, Muran & Eubanks-Carter (2011); " + _TUNED,
        0.0,
        3.0,
    )
    # --- measurement --------------------------------------------------------------
    instrument: str = field(
        default="bordin-teaching",
        metadata={
            "doc": "Questionnaire that measures the alliance (an id from al.list_instruments()).",
            "source": "the project's original 12-item teaching questionnaire",
            "low": None,
            "high": None,
            "integer": False,
        },
    )
    ceiling: float = _setting(
        0.75,
        "Where the typical answer sits on the questionnaire's scale: 0 bottom, 1 top. "
        "Alliance ratings pile up near the top.",
        "Mallinckrodt & Tekie (Rasch analysis of the WAI); " + _TEACH,
        0.0,
        1.0,
    )
    session_rating_ceiling: float = _setting(
        0.94,
        "Where the typical line of the four-line session rating form sits: 0 bottom, 1 top.",
        "ACORN reports of routine care; " + _TUNED,
        0.0,
        1.0,
    )
    answer_noise: float = _setting(
        0.8,
        "Random noise in each answer (standard deviations of alliance); more noise, "
        "less reliable scores.",
        "teaching choice giving a total-score alpha near .90 (Hanson et al. 2002)",
        0.0,
        5.0,
    )
    # --- outcome ------------------------------------------------------------------
    expected_improvement: float = _setting(
        1.0,
        "Symptom improvement of an average client over a long therapy "
        "(standard deviations of intake symptoms).",
        _TEACH,
        -3.0,
        5.0,
    )
    improvement_spread: float = _setting(
        0.6,
        "How much clients differ in how much they would improve, whatever the alliance.",
        _TEACH,
        0.0,
        5.0,
    )
    session_gain_fade: float = _setting(
        0.93,
        "Each session adds this fraction of the previous session's gain (early sessions "
        "help most).",
        "dose-effect curve: Howard, Kopta, Krause & Orlinsky (1986)",
        0.0,
        0.99,
    )
    symptom_noise: float = _setting(
        0.35,
        "Random noise in each symptom measurement (standard deviations of intake symptoms).",
        _TEACH,
        0.0,
        5.0,
    )
    alliance_outcome_link: float = _setting(
        0.5,
        "How much a stronger alliance helps symptom improvement; 0 means no effect.",
        "Fluckiger et al. (2018): r = .278; " + _TUNED,
        -3.0,
        3.0,
    )
    client_part_weight: float = _setting(
        0.7,
        "How much the client's own part of the alliance counts for outcome and dropout, "
        "relative to the therapist's part (0: only the therapist's part counts).",
        "teaching value between Baldwin, Wampold & Imel (2007), who found the client's part "
        "near 0, and equal weight (1)",
        0.0,
        2.0,
    )
    rupture_setback: float = _setting(
        0.3,
        "How far symptoms slip back while a rupture is not repaired (standard deviations "
        "of intake symptoms); a repair restores the lost ground.",
        "Eubanks, Muran & Safran (2018): r = .29 for repair and outcome; " + _TUNED,
        0.0,
        3.0,
    )
    improvement_alliance_path: float = _setting(
        0.15,
        "How much symptom improvement so far strengthens the next session's alliance.",
        "Falkenstrom, Granstrom & Holmqvist (2013); " + _TEACH,
        0.0,
        2.0,
    )
    # --- dropout ------------------------------------------------------------------
    dropout_risk: float = _setting(
        0.07,
        "Chance of leaving after the first session for a client with an average alliance.",
        "Swift & Greenberg (2012): 19.7% drop out; " + _TUNED,
        0.0,
        0.5,
    )
    dropout_risk_fade: float = _setting(
        0.5,
        "Each session, the chance of leaving (at an average alliance) is this fraction of "
        "the previous session's: most clients who drop out leave after the first few "
        "sessions.",
        _TEACH + "; also keeps the early-alliance sample (3+ sessions) from being "
        "dominated by later dropouts",
        0.0,
        1.0,
    )
    alliance_dropout_link: float = _setting(
        0.78,
        "How much a weaker alliance raises the chance of dropping out (log-odds per "
        "standard deviation); 0 means no effect.",
        "Sharf, Primavera & Diener (2010): d = .55; " + _TUNED,
        -3.0,
        3.0,
    )
    rupture_dropout_link: float = _setting(
        0.0,
        "After an unresolved rupture the chance of leaving goes back to the first-session "
        "level, raised by this much (log-odds).",
        "Eubanks, Muran & Safran (2018); " + _TEACH,
        -3.0,
        5.0,
    )
    # --- markers of strain --------------------------------------------------------
    strain_link: float = _setting(
        0.6,
        "How much a weaker alliance raises the chance of each marker of strain (log-odds).",
        "Eubanks, Muran & Safran (2018): withdrawal and confrontation markers; " + _TEACH,
        0.0,
        3.0,
    )
    missed_rate: float = _setting(
        0.08,
        "Chance of a missed appointment before a session, at an average alliance.",
        _TEACH,
        0.0,
        0.9,
    )
    late_cancel_rate: float = _setting(
        0.05,
        "Chance of a late-cancelled appointment before a session, at an average alliance.",
        _TEACH,
        0.0,
        0.9,
    )
    disengagement_rate: float = _setting(
        0.10,
        "Chance that the client withdraws in a session (disengagement).",
        _TEACH,
        0.0,
        0.9,
    )
    confrontation_rate: float = _setting(
        0.04,
        "Chance that the client confronts the therapist in a session.",
        _TEACH,
        0.0,
        0.9,
    )

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            meta = f.metadata
            label = f.name if meta["doc"][0].isupper() else f"{f.name} ({meta['doc']})"
            if f.name == "instrument":
                _check_instrument(value)
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{label} must be a number; got {value!r}.")
            if meta["integer"] and value != int(value):
                raise ValueError(
                    f"{label} must be a whole number from {meta['low']} to {meta['high']}; "
                    f"got {value!r}."
                )
            if not (math.isfinite(value) and meta["low"] <= value <= meta["high"]):
                kind = "a whole number" if meta["integer"] else "a number"
                raise ValueError(
                    f"{label} must be {kind} from {meta['low']} to {meta['high']}; got {value!r}."
                )
        for name in ("n_clients", "n_therapists", "planned_sessions", "seed"):
            object.__setattr__(self, name, int(getattr(self, name)))
        variance = self.therapist_share + self.client_trait_share + self.session_state_share
        if abs(variance - 1) > 1e-6:
            raise ValueError(
                "therapist_share, client_trait_share and session_state_share must add up to 1; "
                f"they add up to {variance:.3f}."
            )
        total = sum(self.pattern_shares().values())
        if abs(total - 1) > 1e-6:
            raise ValueError(
                f"The pattern shares (share_stable_high ... share_high_low_high) must add up "
                f"to 1; they add up to {total:.3f}."
            )
        if self.n_therapists > self.n_clients:
            raise ValueError(
                f"n_therapists ({self.n_therapists}) cannot be larger than n_clients "
                f"({self.n_clients}): every therapist needs at least one client. Set both, "
                f"for example Scenario(n_clients={self.n_clients}, "
                f"n_therapists={max(1, self.n_clients // 5)})."
            )

    # -- helpers ---------------------------------------------------------------------
    def pattern_shares(self):
        """Pattern name -> share of clients, in the order of ``PATTERNS``."""
        names = [f.name for f in fields(self) if f.name.startswith("share_")]
        return dict(zip(PATTERNS, (getattr(self, n) for n in names), strict=True))

    def to_json(self):
        """The scenario as JSON text (load it with :meth:`Scenario.from_json`)."""
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text):
        """Read a scenario written by :meth:`to_json`; missing settings take their default."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"The scenario text is not valid JSON: {error}.") from None
        if not isinstance(data, dict):
            raise ValueError("The scenario JSON must be an object of setting: value pairs.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(
                f"Unknown scenario settings {unknown}; known settings: {sorted(known)}."
            )
        return cls(**data)

    @classmethod
    def preset(cls, name="default", **changes):
        """A named teaching scenario, optionally with some settings changed.

        ``"default"`` reproduces the published figures; ``"baldwin"``: only the
        therapist's part of the alliance drives outcome and dropout (Baldwin,
        Wampold & Imel 2007); ``"no_outcome_link"``: the alliance does not
        influence outcome; ``"no_dropout_link"``: the alliance does not influence
        dropout; ``"classroom"``: 300 clients for quick redraws;
        ``"session_rating"``: measured with the four-line session rating form.

        Examples
        --------
        >>> Scenario.preset("baldwin").client_part_weight
        0.0
        >>> Scenario.preset("nonsense")
        Traceback (most recent call last):
        ...
        ValueError: Unknown preset 'nonsense'; choose one of ['baldwin', 'classroom', 'default', 'no_dropout_link', 'no_outcome_link', 'session_rating'].
        """  # noqa: E501
        if name not in PRESETS:
            raise ValueError(f"Unknown preset {name!r}; choose one of {sorted(PRESETS)}.")
        return cls(**{**PRESETS[name], **changes})

    @classmethod
    def describe(cls):
        """Table of every setting: name, default, allowed range, meaning and source."""
        rows = [
            {
                "setting": f.name,
                "default": str(f.default),
                "allowed": "an id from al.list_instruments()"
                if f.metadata["low"] is None
                else f"{_plain(f.metadata['low'])} to {_plain(f.metadata['high'])}",
                "meaning": f.metadata["doc"][0].upper() + f.metadata["doc"][1:],
                "source of default": f.metadata["source"],
            }
            for f in fields(cls)
        ]
        return pd.DataFrame(rows)


def _plain(value):
    """A number as a student would write it: 100,000 and 0.1, not 1e+05 and 0.100000."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def _check_instrument(value):
    from ..instruments.definition import load_instrument

    if not isinstance(value, str):
        raise ValueError(
            f"instrument must be an instrument id such as 'bordin-teaching'; got {value!r}."
        )
    try:
        inst = load_instrument(value)
    except ValueError as error:
        raise ValueError(f"instrument: {error}") from None
    if inst.items is None or len(inst.items) == 0:
        raise ValueError(f"instrument {value!r} has no items to simulate answers for.")


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
    "session_rating": {"instrument": "session-rating-teaching"},
}
