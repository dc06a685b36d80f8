"""Precompute the explorers' states for the static site (the data is committed).

``python -m alliance_lab.app.explorables`` runs every registered explorer over its grid
with the explorer's own functions and writes ``alliance_lab/data/explorables/NAME.json``,
stamped with the scenario and the package version that made it. The static-site build
only reads these files; ``tests/test_explorer_states.py`` regenerates a sample of states
and compares them with the committed data.

Run ``python -m alliance_lab.app.explorables [NAME ...] [--out DIR]``.
"""

import argparse
import json
import sys
import time
from pathlib import Path

__all__ = [
    "EXPLORABLES",
    "MAX_ROWS",
    "STEPPERS",
    "build_states",
    "main",
    "state_sentence",
    "states_dir",
]


def _bordin():
    from ..widgets.course import bordin_explorer

    return bordin_explorer()


def _dropout():
    from ..widgets.course import dropout_explorer

    return dropout_explorer()


def _outcome():
    from ..widgets.course import outcome_explorer

    return outcome_explorer()


def _live_demo():
    from ..simulation import Scenario, simulate
    from ..widgets.live_demo import live_demo

    # the case of notebook 06 (its states are used only for this client and these ratings)
    clinic = simulate(Scenario(n_clients=300, n_therapists=30, seed=6))
    return live_demo(clinic.sessions, drop=5, window=3, start=3).static_explorer()


def _progress():
    from ..simulation import Scenario, simulate
    from ..widgets.progress_explorer import progress_explorer

    # the clinics of notebook 07 (its states are used only for these clinics)
    history = simulate(Scenario(n_clients=4_000, n_therapists=200, seed=15))
    monitored = simulate(Scenario(n_clients=800, n_therapists=40, seed=16))
    return progress_explorer(monitored, history=history).static_explorer()


def _split_alliance():
    from ..widgets.practice_explorers import split_explorer

    return split_explorer()


def _caseload():
    from ..widgets.caseload import caseload_explorer

    return caseload_explorer()


def _rupture():
    from ..simulation import Scenario, simulate
    from ..widgets.practice_explorers import rupture_explorer

    # the clinic of notebook 06 (its states are used only for this clinic: see source)
    return rupture_explorer(simulate(Scenario(n_clients=300, n_therapists=30, seed=6)))


def _feedback():
    from ..simulation import Scenario, simulate
    from ..widgets.practice_explorers import feedback_explorer

    # the sessions of notebook 07's clinic (its states are used only for these sessions)
    return feedback_explorer(simulate(Scenario(n_clients=300, n_therapists=30, seed=7)).sessions)


#: Explorer name -> a function that makes the explorer as the notebook shows it.
EXPLORABLES = {"bordin": _bordin, "dropout": _dropout, "outcome": _outcome}
EXPLORABLES["live_demo"] = _live_demo
EXPLORABLES["progress"] = _progress
EXPLORABLES["split"] = _split_alliance
EXPLORABLES["caseload"] = _caseload
EXPLORABLES["rupture"] = _rupture
EXPLORABLES["feedback"] = _feedback
#: Rows of one table in one state beyond which a fixed sample is kept (dots of clients,
#: points of a curve).
MAX_ROWS = {"outcome": 100}
MAX_ROWS["split"] = 1000  # above its clinic's 300 couples: no sample, the scatter is the kernel's
#: Explorers that step through sessions: the control the page's Previous / Next move.
STEPPERS = {"live_demo": "session", "progress": "session"}
MAX_ROWS["feedback"] = 25  # the base-rate curve: 25 of its 60 points (the page budget)


def state_sentence(name):
    """The sentence function of a precomputed state: the explorer's own, except where it
    also speaks of the previous step (the dropout explorer's "same as with the link at")."""
    if name == "dropout":
        from ..widgets.course import dropout_sentence

        return dropout_sentence
    return None


def states_dir():
    """The package folder that holds the committed states."""
    return Path(__file__).parents[1] / "data" / "explorables"


def build_states(name, *, out_dir=None):
    """Compute every state of explorer ``name`` and write ``NAME.json``; returns the path."""
    from .. import __version__
    from ..theme import register_theme
    from ..widgets.explorer_states import grid_states

    if name not in EXPLORABLES:
        raise ValueError(
            f"There is no explorer called {name!r} with precomputed states; "
            f"choose from {sorted(EXPLORABLES)}."
        )
    register_theme()  # the charts as the notebooks draw them (setup_notebook does the same)
    explorer = EXPLORABLES[name]()
    states = grid_states(explorer, max_rows=MAX_ROWS.get(name, 150), sentence=state_sentence(name))
    states = {"made_by": f"alliance_lab {__version__}", **states}
    if name in STEPPERS:
        states["stepper"] = STEPPERS[name]
    out = Path(out_dir or states_dir())
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(states, separators=(",", ":"), ensure_ascii=False) + "\n")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m alliance_lab.app.explorables",
        description="Precompute the explorers' states for the static site.",
    )
    parser.add_argument("names", nargs="*", help=f"explorers (default: all of {list(EXPLORABLES)})")
    parser.add_argument("--out", default=None, help="folder (default: the package data folder)")
    args = parser.parse_args(argv)
    for name in args.names or list(EXPLORABLES):
        start = time.perf_counter()
        try:
            path = build_states(name, out_dir=args.out)
        except ValueError as error:
            print(f"alliance-lab: {error}", file=sys.stderr)
            return 2
        states = json.loads(path.read_text())
        print(
            f"{name:<10} {states['states']:>4} states  {path.stat().st_size / 1e3:7.1f} kB  "
            f"{time.perf_counter() - start:5.1f} s  {path}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
