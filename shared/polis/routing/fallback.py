"""Nearest-neighbour construction: a plan in milliseconds when the solvers fail or run out of time.

Trucks are filled one after another. From where it stands, a truck drives to the nearest stop it
can still serve: within its time window, with room on board, and leaving time to unload and get
home before the shift ends. When only the load stands in the way it unloads at the disposal site
that gets it home soonest and goes on. An optional stop is only taken if its penalty outweighs
the detour. It is no optimiser, but it never breaks a constraint it checks, and it always
returns.
"""

from __future__ import annotations

import numpy as np

from polis.routing.plan import RoutePlan, Sequences, VisitRef
from polis.routing.problem import Problem, Vehicle
from polis.routing.streams import solve_by_stream

NAME = "fallback"

_ALWAYS = np.iinfo(np.int64).max // 4


def solve(problem: Problem, time_limit_s: float = 0.0) -> RoutePlan:
    return solve_by_stream(problem, time_limit_s, _solve_single_stream, NAME)


def _solve_single_stream(problem: Problem, _time_limit_s: float) -> Sequences:
    stops = _StopArrays(problem)
    open_stops = np.ones(len(problem.stops), dtype=bool)
    sequences = {}
    for vehicle in problem.vehicles:
        sequences[vehicle.id] = _route(problem, vehicle, stops, open_stops)
    return sequences


class _StopArrays:
    def __init__(self, problem: Problem):
        stops = problem.stops
        self.place = np.array([s.location for s in stops], dtype=np.int64)
        self.volume = np.array([s.volume_l for s in stops], dtype=np.int64)
        self.weight = np.array([s.weight_kg for s in stops], dtype=np.int64)
        self.service = np.array([s.service_s for s in stops], dtype=np.int64)
        self.opens = np.array([s.time_window.start_s if s.time_window else 0 for s in stops], dtype=np.int64)
        self.closes = np.array(
            [s.time_window.end_s if s.time_window else _ALWAYS for s in stops], dtype=np.int64
        )
        self.required = np.array([s.required for s in stops], dtype=bool)
        self.penalty = np.array([s.penalty for s in stops], dtype=np.int64)


class _Homing:
    """For every place, the quickest way to end the day from there: via a site, or straight home."""

    def __init__(self, problem: Problem, vehicle: Vehicle):
        dist, dur = problem.matrix.distances_m, problem.matrix.durations_s
        depot = vehicle.depot
        if problem.multi_trip:
            sites = problem.disposal_sites
            via = np.stack([dur[:, s.location] + s.unload_s + dur[s.location, depot] for s in sites])
            self.site = via.argmin(axis=0)
            self.seconds = via.min(axis=0)
            self.metres = np.array(
                [dist[p, sites[i].location] + dist[sites[i].location, depot] for p, i in enumerate(self.site)]
            )
        else:
            self.site = np.zeros(problem.matrix.size, dtype=np.int64)
            self.seconds = dur[:, depot].astype(np.int64)
            self.metres = dist[:, depot].astype(np.int64)


def _route(problem: Problem, vehicle: Vehicle, stops: _StopArrays, open_stops: np.ndarray) -> list[VisitRef]:
    dist, dur = problem.matrix.distances_m, problem.matrix.durations_s
    homing = _Homing(problem, vehicle)
    shift_end = vehicle.shift.end_s if vehicle.shift else _ALWAYS
    place, clock = vehicle.depot, vehicle.shift.start_s if vehicle.shift else 0
    volume = weight = 0
    refs: list[VisitRef] = []
    while open_stops.any():
        begin = np.maximum(clock + dur[place, stops.place], stops.opens)
        done = begin + stops.service
        in_time = open_stops & (begin <= stops.closes) & (done + homing.seconds[stops.place] <= shift_end)
        detour = dist[place, stops.place] + homing.metres[stops.place] - homing.metres[place]
        in_time &= stops.required | (stops.penalty > detour)
        fits = (volume + stops.volume <= vehicle.volume_capacity_l) & (
            weight + stops.weight <= vehicle.weight_capacity_kg
        )
        candidates = np.flatnonzero(in_time & fits)
        if candidates.size:
            chosen = candidates[np.argmin(dist[place, stops.place[candidates]])]
            refs.append(("stop", problem.stops[chosen].id))
            open_stops[chosen] = False
            place, clock = int(stops.place[chosen]), int(done[chosen])
            volume += int(stops.volume[chosen])
            weight += int(stops.weight[chosen])
        elif problem.multi_trip and (volume or weight) and in_time.any():
            site = problem.disposal_sites[homing.site[place]]
            refs.append(("disposal", site.id))
            clock += int(dur[place, site.location]) + site.unload_s
            place, volume, weight = site.location, 0, 0
        else:
            break
    if problem.multi_trip and (volume or weight):
        refs.append(("disposal", problem.disposal_sites[homing.site[place]].id))
    return refs
