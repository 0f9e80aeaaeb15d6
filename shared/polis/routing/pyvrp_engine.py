"""PyVRP engine: iterated local search with native multi-trip (reload depots).

Disposal sites are PyVRP depots that every truck may reload at; unloading time is the depot's
service duration. PyVRP ends a route at a depot without serving it, so the last, compulsory
unload is modelled by ending the truck's route at a disposal site (the one nearest its depot) and
folding the drive home into the vehicle type: its fixed cost is that leg's distance and its shift
closes earlier by the unload and the drive. Identical trucks share one vehicle type, which keeps
PyVRP's search space small for large homogeneous fleets such as the unbounded CVRP fleet.
"""

from __future__ import annotations

import time
import warnings
from collections import defaultdict

import numpy as np
import pyvrp
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

from polis.routing.plan import RoutePlan, Sequences, VisitRef
from polis.routing.problem import Problem, Vehicle
from polis.routing.streams import solve_by_stream

NAME = "pyvrp"


def solve(problem: Problem, time_limit_s: float) -> RoutePlan:
    return solve_by_stream(problem, time_limit_s, _solve_single_stream, NAME)


def _solve_single_stream(problem: Problem, time_limit_s: float) -> Sequences:
    deadline = time.monotonic() + time_limit_s
    data, fleets = _problem_data(problem)
    remaining = max(0.01, deadline - time.monotonic())
    with warnings.catch_warnings():
        # Expected on a day with more work than shifts; the overfull routes get trimmed later.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(data, MaxRuntime(remaining), seed=0, collect_stats=False, display=False)
    return _sequences(problem, result.best, fleets)


def _problem_data(problem: Problem) -> tuple[pyvrp.ProblemData, list[list[Vehicle]]]:
    start_places = sorted({vehicle.depot for vehicle in problem.vehicles})
    sites = problem.disposal_sites
    # Only the places this problem visits: a city matrix holds every bin, a day's problem a few.
    places = sorted({*start_places, *(s.location for s in sites), *(s.location for s in problem.stops)})
    index = {place: i for i, place in enumerate(places)}
    distances = problem.matrix.distances_m[np.ix_(places, places)]
    durations = problem.matrix.durations_s[np.ix_(places, places)]
    coordinates = problem.locations
    locations = [
        pyvrp.Location(x=coordinates[p].lon, y=coordinates[p].lat)
        if coordinates
        else pyvrp.Location(x=0, y=0)
        for p in places
    ]
    depots = [pyvrp.Depot(location=index[place]) for place in start_places]
    depots += [pyvrp.Depot(location=index[site.location], service_duration=site.unload_s) for site in sites]
    with_weight = any(stop.weight_kg for stop in problem.stops)
    clients = [
        pyvrp.Client(
            location=index[stop.location],
            pickup=[stop.volume_l, stop.weight_kg] if with_weight else [stop.volume_l],
            service_duration=stop.service_s,
            tw_early=stop.time_window.start_s if stop.time_window else 0,
            tw_late=stop.time_window.end_s if stop.time_window else np.iinfo(np.int64).max,
            prize=0 if stop.required else stop.penalty,
            required=stop.required,
            name=stop.id,
        )
        for stop in problem.stops
    ]
    fleets: dict[tuple, list[Vehicle]] = defaultdict(list)
    for vehicle in problem.vehicles:
        fleets[(vehicle.depot, vehicle.volume_capacity_l, vehicle.weight_capacity_kg, vehicle.shift)].append(
            vehicle
        )
    vehicle_types = []
    for (depot, volume, weight, shift), fleet in fleets.items():
        start = start_places.index(depot)
        end, home_m, home_s = start, 0, 0
        if sites:
            nearest = min(range(len(sites)), key=lambda i: distances[index[sites[i].location], index[depot]])
            leg = (index[sites[nearest].location], index[depot])
            end, home_m = len(start_places) + nearest, int(distances[leg])
            home_s = sites[nearest].unload_s + int(durations[leg])
        tw_early = shift.start_s if shift else 0
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=len(fleet),
                capacity=[volume, weight] if with_weight else [volume],
                start_depot=start,
                end_depot=end,
                fixed_cost=home_m,
                tw_early=tw_early,
                tw_late=max(tw_early, shift.end_s - home_s) if shift else np.iinfo(np.int64).max,
                reload_depots=list(range(len(start_places), len(depots))),
            )
        )
    # pyvrp's stubs type the matrices as np.ndarray[int], which numpy reads as a shape, not a dtype.
    data = pyvrp.ProblemData(locations, clients, depots, vehicle_types, [distances], [durations])  # type: ignore[list-item]
    return data, list(fleets.values())


def _sequences(problem: Problem, solution: pyvrp.Solution, fleets: list[list[Vehicle]]) -> Sequences:
    first_site = len({vehicle.depot for vehicle in problem.vehicles})
    unused = [list(fleet) for fleet in fleets]
    sequences = {}
    for route in solution.routes():
        vehicle = unused[route.vehicle_type()].pop(0)
        refs: list[VisitRef] = []
        for activity in route.schedule()[1:]:
            if activity.is_client():
                refs.append(("stop", problem.stops[activity.idx].id))
            elif activity.idx >= first_site:
                refs.append(("disposal", problem.disposal_sites[activity.idx - first_site].id))
        sequences[vehicle.id] = refs
    return sequences
