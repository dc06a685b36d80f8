"""Say so when a step of an explorer changes nothing on screen.

A slider step can leave every chart exactly as it was: in a simulated clinic of a few
hundred clients a small change moves no one across a line. Without a word the reader
thinks the explorer is broken. :class:`LastShown` remembers what an explorer showed
last, so its sentence can say that nothing changed, and why.
"""

import pandas as pd

__all__ = ["LastShown", "same_table"]


def same_table(a, b):
    """Whether two things an explorer shows (tables or values) look the same."""
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.shape == b.shape and a.reset_index(drop=True).equals(b.reset_index(drop=True))
    return a == b


class LastShown:
    """What an explorer showed last, compared with what it is about to show.

    Parameters
    ----------
    shown : callable
        ``shown(out)`` -> what the reader sees for an explorer's result (the chart's data
        table, for example); two results with equal ``shown`` look the same.

    Examples
    --------
    >>> last = LastShown(lambda out: out["rate"])
    >>> last.update({"rate": 0.2}, "link 0.5"), last.update({"rate": 0.2}, "link 0.6")
    (None, 'link 0.5')
    >>> last.update({"rate": 0.3}, "link 0.7") is None
    True
    """

    def __init__(self, shown):
        self._shown = shown
        self._last = None

    def update(self, out, setting):
        """Remember ``out``; return the setting shown before if it looked the same, else None."""
        shown = self._shown(out)
        before = self._last
        self._last = (shown, setting)
        if before is None or before[1] == setting or not same_table(before[0], shown):
            return None
        return before[1]
