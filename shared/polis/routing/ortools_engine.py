"""OR-Tools routing engine: guided local search over a model with reload nodes.

Multi-trip follows OR-Tools' "reload" recipe: each disposal site becomes a pool of optional
nodes (free to skip) whose load transit is minus the truck's capacity; the slack there, free only
at those nodes, lets the load drop back to anything between 0 and what was on board, so a truck
can unload as often as it needs. The load must be zero on arrival back at the depot, which forces
the last trip to end at a disposal site.

Required stops are disjunctions with a prohibitive penalty rather than hard constraints so that an
over-full day still yields routes; the plan then lists what could not be served.
"""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from polis.routing.plan import RoutePlan, Sequences, SolverFailedError, VisitRef
from polis.routing.problem import Problem
from polis.routing.streams import solve_by_stream

NAME = "ortools"

# Far above any day's driving in metres, so that dropping a required stop is a last resort.
_DROP_REQUIRED = 10**10


def solve(problem: Problem, time_limit_s: float) -> RoutePlan:
    return solve_by_stream(problem, time_limit_s, _solve_single_stream, NAME)


def _solve_single_stream(problem: Problem, time_limit_s: float) -> Sequences:
    deadline = time.monotonic() + time_limit_s
    nodes = _Nodes(problem)
    manager = pywrapcp.RoutingIndexManager(
        len(nodes.places), len(problem.vehicles), nodes.vehicle_depots, nodes.vehicle_depots
    )
    routing = pywrapcp.RoutingModel(manager)
    places = nodes.places
    distance = problem.matrix.distances_m[np.ix_(places, places)]
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(distance.tolist()))
    _add_load(routing, manager, problem, nodes, "volume")
    if any(stop.weight_kg for stop in problem.stops):
        _add_load(routing, manager, problem, nodes, "weight")
    if problem.has_time_limits:
        _add_time(routing, manager, problem, nodes)
    for offset, stop in enumerate(problem.stops):
        index = manager.NodeToIndex(nodes.first_stop + offset)
        routing.AddDisjunction([index], stop.penalty if not stop.required else _DROP_REQUIRED)
    disposal = [manager.NodeToIndex(node) for node in range(nodes.first_disposal, len(places))]
    for index in disposal:
        routing.AddDisjunction([index], 0)
        # An empty truck has no business at a second site; chained copies would only burn time.
        for other in disposal:
            if other != index:
                routing.NextVar(index).RemoveValue(other)

    params = pywrapcp.DefaultRoutingSearchParameters()
    # Savings builds a first solution fastest on large days (800 stops: cheapest insertion is still
    # inserting when 15 s run out), and is as good a start as any on CVRPLIB.
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.SAVINGS
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
    params.time_limit.FromMilliseconds(remaining_ms)
    solution = routing.SolveWithParameters(params)
    if solution is None:
        raise SolverFailedError(f"OR-Tools found no solution in {remaining_ms} ms")
    return _sequences(problem, routing, manager, solution, nodes)


class _Nodes:
    """Routing nodes: one per depot place, then the stops, then the copies of each disposal site."""

    def __init__(self, problem: Problem):
        depots = sorted({vehicle.depot for vehicle in problem.vehicles})
        node_of_depot = {place: node for node, place in enumerate(depots)}
        self.vehicle_depots = [node_of_depot[vehicle.depot] for vehicle in problem.vehicles]
        self.first_stop = len(depots)
        self.first_disposal = self.first_stop + len(problem.stops)
        copies = _disposal_visits_needed(problem)
        self.disposal_site = [site for site in problem.disposal_sites for _ in range(copies)]
        self.places = (
            depots
            + [stop.location for stop in problem.stops]
            + [site.location for site in self.disposal_site]
        )

    def ref(self, problem: Problem, node: int) -> VisitRef:
        if node >= self.first_disposal:
            return ("disposal", self.disposal_site[node - self.first_disposal].id)
        return ("stop", problem.stops[node - self.first_stop].id)


def _disposal_visits_needed(problem: Problem) -> int:
    """How many visits one site might get: every full load, plus each truck's last partial one."""
    if not problem.disposal_sites:
        return 0
    volume = sum(stop.volume_l for stop in problem.stops)
    weight = sum(stop.weight_kg for stop in problem.stops)
    smallest_volume = min(v.volume_capacity_l for v in problem.vehicles)
    smallest_weight = min(v.weight_capacity_kg for v in problem.vehicles)
    full_loads = math.ceil(volume / smallest_volume) + math.ceil(weight / smallest_weight)
    return full_loads + len(problem.vehicles)


def _add_load(
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    problem: Problem,
    nodes: _Nodes,
    quantity: str,
) -> None:
    if quantity == "volume":
        capacities = [v.volume_capacity_l for v in problem.vehicles]
        demands = [stop.volume_l for stop in problem.stops]
    else:
        capacities = [v.weight_capacity_kg for v in problem.vehicles]
        demands = [stop.weight_kg for stop in problem.stops]
    callbacks = {}
    for capacity in set(capacities):
        unload = [-capacity] * len(nodes.disposal_site)
        vector = [0] * nodes.first_stop + demands + unload
        callbacks[capacity] = routing.RegisterUnaryTransitVector(vector)
    slack = max(capacities) if problem.multi_trip else 0
    routing.AddDimensionWithVehicleTransitAndCapacity(
        [callbacks[c] for c in capacities], slack, capacities, True, quantity
    )
    if not problem.multi_trip:
        return
    dimension = routing.GetDimensionOrDie(quantity)
    # Slack is the unloading trick's degree of freedom: anywhere but at a disposal site it would
    # let the load vanish mid-trip.
    for node in range(nodes.first_disposal):
        if node >= nodes.first_stop:
            dimension.SlackVar(manager.NodeToIndex(node)).SetValue(0)
    for vehicle in range(len(problem.vehicles)):
        dimension.SlackVar(routing.Start(vehicle)).SetValue(0)
        dimension.CumulVar(routing.End(vehicle)).SetValue(0)


def _add_time(
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    problem: Problem,
    nodes: _Nodes,
) -> None:
    places = nodes.places
    service = (
        [0] * nodes.first_stop
        + [stop.service_s for stop in problem.stops]
        + [site.unload_s for site in nodes.disposal_site]
    )
    transit = problem.matrix.durations_s[np.ix_(places, places)] + np.array(service)[:, None]
    ends = [s.time_window.end_s for s in problem.stops if s.time_window]
    ends += [v.shift.end_s for v in problem.vehicles if v.shift]
    # Past the last window or shift only trucks without a shift drive on; bound them generously.
    horizon = max(ends) + int(transit.max()) * len(places)
    routing.AddDimension(routing.RegisterTransitMatrix(transit.tolist()), horizon, horizon, False, "time")
    dimension = routing.GetDimensionOrDie("time")
    for offset, stop in enumerate(problem.stops):
        if stop.time_window:
            index = manager.NodeToIndex(nodes.first_stop + offset)
            dimension.CumulVar(index).SetRange(stop.time_window.start_s, stop.time_window.end_s)
    for vehicle_index, vehicle in enumerate(problem.vehicles):
        if vehicle.shift:
            dimension.CumulVar(routing.Start(vehicle_index)).SetRange(
                vehicle.shift.start_s, vehicle.shift.end_s
            )
            dimension.CumulVar(routing.End(vehicle_index)).SetMax(vehicle.shift.end_s)


def _sequences(
    problem: Problem,
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    solution: pywrapcp.Assignment,
    nodes: _Nodes,
) -> Sequences:
    sequences = {}
    for vehicle_index, vehicle in enumerate(problem.vehicles):
        refs = []
        index = solution.Value(routing.NextVar(routing.Start(vehicle_index)))
        while not routing.IsEnd(index):
            refs.append(nodes.ref(problem, manager.IndexToNode(index)))
            index = solution.Value(routing.NextVar(index))
        sequences[vehicle.id] = refs
    return sequences
