"""The ``alliance-lab`` command.

``alliance-lab simulate --clients N --seed S --out DIR`` writes a simulated clinic
as CSV files plus its scenario JSON. Each task is a subcommand.
"""

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]


def _simulate(args):
    from .._validation import fail
    from ..simulation import Scenario, export_simulation, simulate

    changes = {"n_clients": args.clients, "seed": args.seed, "n_therapists": args.therapists}
    changes = {k: v for k, v in changes.items() if v is not None}
    if args.scenario:
        path = Path(args.scenario)
        if not path.is_file():
            fail(
                "--scenario",
                allowed="an existing scenario.json file",
                given=repr(args.scenario),
                fix="Check the file name; alliance-lab simulate writes one into each --out folder.",
            )
        text = path.read_text(encoding="utf-8")
        try:
            settings = json.loads(text)
        except ValueError:
            settings = None  # Scenario.from_json says what is wrong with it
        therapists = settings.get("n_therapists") if isinstance(settings, dict) else None
        therapists = Scenario.n_therapists if therapists is None else therapists
    else:
        therapists = Scenario.preset(args.preset).n_therapists
    if args.therapists is None and args.clients is not None and _less(args.clients, therapists):
        # a clinic smaller than its therapist team: about five clients per therapist
        changes["n_therapists"] = max(1, args.clients // 5)
    # The command-line settings replace the file's or the preset's first; then the whole
    # scenario is checked once (a file for a huge clinic can be run with --clients 100).
    if args.scenario:
        scenario = Scenario.from_json(text, **changes)
    else:
        scenario = Scenario.preset(args.preset, **changes)
    paths = export_simulation(simulate(scenario), args.out)
    for path in paths:
        print(path)
    return 0


def _less(a, b):
    try:
        return a < b
    except TypeError:
        return False


def _check_setup(args):
    from .setup_check import check_setup

    try:
        from ..notebook import setup_notebook

        setup_notebook()  # what the first cell of every notebook does
    except Exception:  # noqa: BLE001 - a missing package: the report below names it
        pass
    report = check_setup()
    print(report)
    return 0 if report.ok else 1


def _present(args):
    from .present import run

    return run(args)


def _class_serve(args):
    from ..classroom.server import run

    return run(
        host=args.host,
        port=args.port,
        database_url=args.database,
        data_dir=args.data_dir,
        public_url=args.public_url,
        proxy_ips=args.proxy_ips,
    )


def _add_class(tasks):
    group = tasks.add_parser(
        "class",
        help="class mode: a lecture hall rates a role-play on their phones",
        description="Class mode: students join with a code on their phones and rate a "
        "role-play; the lecturer follows the answers live.",
    )
    steps = group.add_subparsers(dest="class_command", required=True, metavar="STEP")
    serve = steps.add_parser(
        "serve",
        help="start the class service",
        description="Start the class service. It prints the students' join address, a "
        "one-time link to the lecturer page and the lecturer key (keep it off the projector).",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on: 127.0.0.1 (this computer only, the default) or 0.0.0.0 "
        "(phones on the same network; the join link then carries this computer's address)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--database",
        help="postgresql://user@host:port/db for a PostgreSQL server "
        "(default: an SQLite file in the data folder)",
    )
    serve.add_argument("--data-dir", help="data folder for the SQLite file")
    serve.add_argument(
        "--public-url",
        help="the address students use when the service runs behind an HTTPS reverse proxy, "
        "e.g. https://class.example.edu",
    )
    serve.add_argument(
        "--proxy-ips",
        default="127.0.0.1",
        help="addresses of the reverse proxy whose X-Forwarded-* headers are trusted, "
        "comma-separated (default 127.0.0.1; used with --public-url)",
    )
    serve.set_defaults(run=_class_serve)


def build_parser():
    """The argument parser, with one subparser per task."""
    parser = argparse.ArgumentParser(
        prog="alliance-lab", description="Tools of the alliance_lab teaching toolkit."
    )
    tasks = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sim = tasks.add_parser(
        "simulate",
        help="simulate a clinic and write it as CSV files",
        description="Simulate a clinic and write clients.csv, sessions.csv, responses.csv "
        "and scenario.json, for use in R, SPSS, jamovi or a spreadsheet.",
    )
    sim.add_argument("--clients", type=int, help="number of clients (default: the preset's)")
    sim.add_argument("--therapists", type=int, help="number of therapists (default: the preset's)")
    sim.add_argument("--seed", type=int, help="seed of the random numbers (default: the preset's)")
    sim.add_argument("--preset", default="default", help="named scenario, e.g. default, baldwin")
    sim.add_argument("--scenario", help="a scenario.json file to start from instead of a preset")
    sim.add_argument("--out", required=True, help="folder to write the files into")
    sim.set_defaults(run=_simulate)
    check = tasks.add_parser(
        "check-setup",
        help="check that charts and widgets can work in this installation",
        description="Check, in plain words, whether this installation can draw charts and "
        "show widgets, and what to do if not. Exit status 1 if something is wrong.",
    )
    check.set_defaults(run=_check_setup)
    present = tasks.add_parser(
        "present",
        help="show a notebook as a lecture-hall app (Voila): code hidden, large type",
        description="Serve one notebook with Voila in presenter mode; without a notebook "
        "number, list the notebooks.",
    )
    from .present import add_arguments

    add_arguments(present)
    present.set_defaults(run=_present)
    _add_class(tasks)
    return parser


def main(argv=None):
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ImportError as error:  # a package missing from this installation
        print(
            f"alliance-lab {args.command}: {error.name or 'a package it needs'} cannot be "
            f"imported ({error}). Run `alliance-lab check-setup` to see what is missing and "
            "what to do.",
            file=sys.stderr,
        )
        return 2
    except (ValueError, OSError) as error:
        print(f"alliance-lab {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
