"""A Bordin profile: the three parts of the working alliance, and the one that limits it."""

import dataclasses
import json
import math

__all__ = ["BordinProfile"]

PARTS = ("goal", "task", "bond")
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

        Examples
        --------
        >>> BordinProfile(goal=4.5, task=2.0, bond=4.0).describe()[:60]
        'Goals 4.5, tasks 2.0, bond 4.0 (average 3.5). Agreement on t'
        """
        head = (
            f"Goals {self.goal:.1f}, tasks {self.task:.1f}, bond {self.bond:.1f} "
            f"(average {self.mean:.1f}). "
        )
        values = [getattr(self, part) for part in PARTS]
        if max(values) - min(values) < 0.5:
            return head + "The three parts are in balance; no single part holds the work back."
        weakest = self.weakest
        return head + (
            f"{_WORDS[weakest].capitalize()} is the weakest part, "
            f"{max(values) - getattr(self, weakest):.1f} points below the strongest: "
            "that is where the alliance is limited, whatever the average says."
        )
