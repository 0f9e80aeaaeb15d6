"""Waste streams: one sub-problem per stream, solved in turn and merged into one plan.

A truck body never mixes streams (it would contaminate the recycling), and in practice a crew
runs one stream per shift. So each truck is given one stream for the run: a truck that takes a
single stream serves it, and a truck that takes several is lent to the stream with the most waste
per truck so far. Each stream then is an ordinary single-stream problem with only its own trucks
and the disposal sites that accept it, which both engines model the same way, and no engine has
to express vehicle-stop compatibility.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

from polis.routing.plan import RoutePlan, Sequences, build_plan, drop_until_drivable
from polis.routing.problem import Problem, Vehicle, WasteStream

# Solves a single-stream problem within a time budget (s) and returns its truck sequences.
SingleStreamSolver = Callable[[Problem, float], Sequences]


def split_by_stream(problem: Problem) -> list[Problem]:
    """Single-stream sub-problems sharing the travel matrix; a stream without trucks is left out."""
    volume: dict[WasteStream, int] = defaultdict(int)
    for stop in problem.stops:
        volume[stop.stream] += stop.volume_l
    fleets = _allocate(problem.vehicles, volume)
    subproblems = []
    for stream in sorted(volume, key=lambda s: -volume[s]):
        if not fleets[stream]:
            continue
        # No re-validation: a subset of a valid problem only risks being infeasible, which the
        # plan will say, and failing here would lose the other streams' routes.
        subproblems.append(
            Problem.model_construct(
                matrix=problem.matrix,
                vehicles=tuple(v.model_copy(update={"streams": frozenset({stream})}) for v in fleets[stream]),
                stops=tuple(s for s in problem.stops if s.stream == stream),
                disposal_sites=tuple(d for d in problem.disposal_sites if stream in d.streams),
                locations=problem.locations,
            )
        )
    return subproblems


def _allocate(
    vehicles: tuple[Vehicle, ...], volume: dict[WasteStream, int]
) -> dict[WasteStream, list[Vehicle]]:
    fleets: dict[WasteStream, list[Vehicle]] = defaultdict(list)
    flexible = []
    for vehicle in vehicles:
        wanted = [s for s in vehicle.streams if volume.get(s)]
        if len(wanted) == 1:
            fleets[wanted[0]].append(vehicle)
        elif wanted:
            flexible.append((vehicle, wanted))
    for vehicle, wanted in flexible:
        stream = max(sorted(wanted), key=lambda s: volume[s] / (1 + len(fleets[s])))
        fleets[stream].append(vehicle)
    return fleets


def solve_by_stream(
    problem: Problem, time_limit_s: float, solve_one: SingleStreamSolver, engine: str
) -> RoutePlan:
    """Share the budget between the streams in proportion to their stops and merge the routes."""
    deadline = time.monotonic() + time_limit_s
    subproblems = split_by_stream(problem)
    remaining_stops = sum(len(sub.stops) for sub in subproblems)
    sequences: dict = {}
    for sub in subproblems:
        share = len(sub.stops) / remaining_stops if remaining_stops else 1.0
        budget = max(0.0, deadline - time.monotonic()) * share
        remaining_stops -= len(sub.stops)
        if sub.stops:
            sequences.update(drop_until_drivable(sub, solve_one(sub, budget)))
    return build_plan(problem, sequences, engine)
