"""Renamed keywords: the old spelling keeps working for one release, with a warning.

Version 0.2 gave the public functions one vocabulary (``docs/vocabulary.md``); every
keyword it renamed still works until :data:`REMOVED_IN`, and ``CHANGELOG.md`` lists them.

The warning is a ``FutureWarning``, not a ``DeprecationWarning``: Python shows a
``FutureWarning`` everywhere by default, while a ``DeprecationWarning`` is hidden unless
it is raised by code typed straight into ``__main__``. A lecturer who calls
``al.detect_ruptures`` from a helper module of their own course must still see it; the
Python documentation calls ``FutureWarning`` the category for deprecations "intended for
end users", which our students and lecturers are.
"""

import functools
import warnings

from ._validation import UnknownSettingError

__all__ = ["REMOVED_IN", "renamed_keywords", "warn_renamed"]

REMOVED_IN = "0.3"


def warn_renamed(where, old, new, *, stacklevel=3):
    """Warn that ``old=`` of ``where`` is now ``new=`` (``stacklevel`` points at the caller)."""
    warnings.warn(
        f"{where}: the keyword {old}= is now called {new}=; {old}= still works but "
        f"stops working in alliance_lab {REMOVED_IN}. Write {new}= instead.",
        FutureWarning,
        stacklevel=stacklevel,
    )


def renamed_keywords(**old_to_new):
    """Let a function accept its old keyword names, warning with the new name.

    >>> import warnings
    >>> @renamed_keywords(sessions="data")
    ... def count(data):
    ...     return len(data)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     count(sessions=[1, 2])
    2
    >>> str(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    'count: the keyword sessions= is now called data=; sessions= still works but stops
    working in alliance_lab 0.3. Write data= instead.'
    >>> count(sessions=[1], data=[2])
    Traceback (most recent call last):
    ...
    alliance_lab._validation.UnknownSettingError: sessions must be given only once, as data= (its new name); got both sessions= and data=. Keep only data=.
    """  # noqa: E501

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise UnknownSettingError(
                            old,
                            allowed=f"given only once, as {new}= (its new name)",
                            given=f"both {old}= and {new}=",
                            fix=f"Keep only {new}=.",
                        )
                    warn_renamed(func.__qualname__, old, new)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.renamed_keywords = dict(old_to_new)
        return wrapper

    return decorate
