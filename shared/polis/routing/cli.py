"""``polis route ...``: run the route optimiser on benchmark instances."""

from __future__ import annotations

import argparse
import json
import sys

from polis.routing.solver import ENGINES

_VRPLIB_ENGINES = tuple(engine for engine in ENGINES if engine != "fallback")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    route = subparsers.add_parser("route", help="waste-collection route optimisation")
    commands = route.add_subparsers(dest="route_command", required=True)

    vrplib = commands.add_parser("vrplib", help="solve a CVRPLIB .vrp instance, print cost and routes")
    vrplib.add_argument("file", help="CVRPLIB/TSPLIB .vrp file (EUC_2D, depot = node 1)")
    vrplib.add_argument("--seconds", type=float, required=True, help="wall-time budget")
    vrplib.add_argument("--engine", choices=_VRPLIB_ENGINES, default="portfolio")
    vrplib.set_defaults(run=_vrplib)


def _vrplib(args: argparse.Namespace) -> int:
    # Deferred: loading the solvers is slow and only this command needs them.
    from polis.routing.plan import SolverFailedError
    from polis.routing.vrplib import solve_vrplib

    if args.seconds <= 0:
        print("error: --seconds must be positive", file=sys.stderr)
        return 2
    try:
        result = solve_vrplib(args.file, args.seconds, engine=args.engine)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    except SolverFailedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0
