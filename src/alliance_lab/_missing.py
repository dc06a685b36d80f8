"""What ``import alliance_lab`` offers when a dependency is missing: a plain message."""

__all__ = ["missing_dependency"]


def missing_dependency(error):
    """A function of a public name that raises a plain ImportError explaining ``error``."""
    missing = getattr(error, "name", None) or "a package it needs"

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(
            f"alliance_lab cannot provide {name!r}: {missing!r} is not installed or is broken "
            f"({error}). Run al.check_setup() in a cell, or `alliance-lab check-setup` in a "
            "terminal, to see everything that is missing and what to do; usually `make lab` "
            "(or `pip install alliance_lab` again) fixes it."
        )

    return __getattr__
