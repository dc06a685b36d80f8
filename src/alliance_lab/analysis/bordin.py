"""A Bordin profile: the three parts of the working alliance, and the one that limits it."""

import dataclasses
import json
import math

__all__ = ["BordinProfile"]

PARTS = ("goal", "task", "bond")

#: Reliability and standard deviation assumed for one part's score (the mean of its
#: items on the 1-5 scale) when the profile sentence judges a gap. Both are teaching
#: choices in the range alliance questionnaires report (Hanson, Curry & Bandalos 2002
#: give alphas of .79 to .97 for WAI versions, mostly for the total).
PART_RELIABILITY = 0.85
PART_SD = 0.8
#: Smallest gap between two parts that measurement error alone produces less than one
#: time in twenty: 1.96 x the standard error of a difference of two scores,
#: sqrt(2) x PART_SD x sqrt(1 - PART_RELIABILITY). About 0.86 points.
GAP_BEYOND_ERROR = 1.96 * math.sqrt(2) * PART_SD * math.sqrt(1 - PART_RELIABILITY)
_WORDS = {"goal": "agreement on goals", "task": "agreement on tasks", "bond": "the bond"}


@dataclasses.dataclass(frozen=True)
class BordinProfile:
    """Mean scores of goal, task and bond on a 1 (low) to 5 (high) scale (Bordin 1979).

    A profile is only as strong as its weakest part: ``weakest`` names it.

    Examples
    --------
    >>> p = BordinProfile(goal=4.5, task=2.0, bond=4.0)
    >>> p.weakest, round(p.mean, 2)
    ('task', 3.5)
    >>> BordinProfile(goal=7)
    Traceback (most recent call last):
    ...
    ValueError: goal must be a number from 1 to 5; got 7.
    """

    goal: float = 3.5
    task: float = 3.5
    bond: float = 3.5

    def __post_init__(self):
        for part in PARTS:
            value = getattr(self, part)
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if not (ok and math.isfinite(value) and 1 <= value <= 5):
                raise ValueError(f"{part} must be a number from 1 to 5; got {value!r}.")

    @property
    def mean(self):
        """The average of the three parts (what a total score shows)."""
        return (self.goal + self.task + self.bond) / 3

    @property
    def weakest(self):
        """The part with the lowest score (the first in goal, task, bond order on ties)."""
        return min(PARTS, key=lambda part: getattr(self, part))

    def to_json(self):
        """The profile as JSON text."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text):
        """Read a profile written by :meth:`to_json`; missing parts take their default."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"The profile text is not valid JSON: {error}.") from None
        if not isinstance(data, dict) or set(data) - set(PARTS):
            raise ValueError(f"A profile is JSON with the keys goal, task, bond; got {text!r}.")
        return cls(**data)

    def describe(self):
        """One plain-language sentence about the profile.

        A part is named as the limit only when its gap to the strongest part is larger
        than measurement error alone would produce (``GAP_BEYOND_ERROR``, about 0.86
        points); smaller gaps may be chance.

        Examples
        --------
        >>> BordinProfile(goal=4.5, task=2.0, bond=4.0).describe()[:60]
        'Goals 4.5, tasks 2.0, bond 4.0 (average 3.5). Agreement on t'
        >>> "measurement error" in BordinProfile(goal=4.5, task=4.0, bond=4.0).describe()
        True
        """
        head = (
            f"Goals {self.goal:.1f}, tasks {self.task:.1f}, bond {self.bond:.1f} "
            f"(average {self.mean:.1f}). "
        )
        values = [getattr(self, part) for part in PARTS]
        gap = max(values) - min(values)
        if gap == 0:
            return head + "The three parts are in balance; no single part holds the work back."
        if gap < GAP_BEYOND_ERROR:
            return head + (
                f"The parts differ by at most {gap:.1f} points, within what measurement error "
                f"alone can produce (up to about {GAP_BEYOND_ERROR:.1f} points when each part's "
                f"score has reliability {PART_RELIABILITY:.2f}): the three parts are in balance "
                "as far as these scores can tell."
            )
        weakest = self.weakest
        return head + (
            f"{_WORDS[weakest].capitalize()} is the weakest part, "
            f"{gap:.1f} points below the strongest, more than measurement error alone "
            f"would produce (about {GAP_BEYOND_ERROR:.1f} points): that is where the alliance "
            "is limited, whatever the average says. In real data the three parts correlate "
            "highly, so a gap this large is worth asking about."
        )
