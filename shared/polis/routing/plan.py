"""Route plans, and the one place that measures and checks them.

Engines only say which truck visits what in which order; :func:`build_plan` replays every route
against the problem (earliest-start schedule, loads per trip, streams) so that plans from
different engines are costed and judged by the same rules, and the portfolio compares like with
like.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from polis.routing.problem import DisposalSite, Problem, Stop, Vehicle

VisitKind = Literal["stop", "disposal"]
# What an engine returns per truck: ("stop", stop id) or ("disposal", site id), in driving order.
VisitRef = tuple[VisitKind, str]
Sequences = Mapping[str, Sequence[VisitRef]]


class SolverFailedError(RuntimeError):
    """An engine produced no routes at all (as opposed to routes that break some constraint)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Visit(_Frozen):
    kind: VisitKind
    id: str
    arrival_s: int
    start_s: int
    departure_s: int
    # On board once the visit is done: after a disposal visit both are zero.
    load_volume_l: int
    load_weight_kg: int


class TruckRoute(_Frozen):
    vehicle_id: str
    visits: tuple[Visit, ...]
    distance_m: int
    start_s: int
    end_s: int
    collected_volume_l: int
    collected_weight_kg: int
    peak_volume_l: int
    peak_weight_kg: int

    @property
    def duration_s(self) -> int:
        return self.end_s - self.start_s

    @property
    def stop_ids(self) -> list[str]:
        return [visit.id for visit in self.visits if visit.kind == "stop"]

    @property
    def disposal_trips(self) -> int:
        return sum(visit.kind == "disposal" for visit in self.visits)


class RoutePlan(_Frozen):
    engine: str
    routes: tuple[TruckRoute, ...]
    # Optional stops left out: the solver judged their penalty cheaper than the detour.
    skipped: tuple[str, ...]
    unserved_required: tuple[str, ...]
    distance_m: int
    penalty: int
    # distance_m + penalty of the skipped optional stops: the objective both engines minimise.
    cost: int
    feasible: bool
    violations: tuple[str, ...]

    @property
    def duration_s(self) -> int:
        return sum(route.duration_s for route in self.routes)

    @property
    def served(self) -> list[str]:
        return [stop_id for route in self.routes for stop_id in route.stop_ids]

    @property
    def drivable(self) -> bool:
        """Every route keeps every rule, even if some required stops had to be left out."""
        return len(self.violations) == len(self.unserved_required)

    def rank(self) -> tuple[bool, int, int]:
        """Sort key, best first: drivable, then fewest unserved required stops, then cheapest."""
        return (not self.drivable, len(self.unserved_required), self.cost)


def build_plan(problem: Problem, sequences: Sequences, engine: str) -> RoutePlan:
    violations: list[str] = []
    seen: set[str] = set()
    routes = []
    places = _places(problem)
    for vehicle in problem.vehicles:
        route = _replay(problem, vehicle, sequences.get(vehicle.id, ()), places, violations)
        for stop_id in route.stop_ids:
            if stop_id in seen:
                violations.append(f"stop {stop_id} is visited more than once")
            seen.add(stop_id)
        routes.append(route)
    unknown = set(sequences) - {v.id for v in problem.vehicles}
    violations.extend(f"unknown vehicle {vehicle_id}" for vehicle_id in sorted(unknown))

    missing = [stop for stop in problem.stops if stop.id not in seen]
    unserved = tuple(stop.id for stop in missing if stop.required)
    violations.extend(f"required stop {stop_id} is not served" for stop_id in unserved)
    skipped = tuple(stop.id for stop in missing if not stop.required)
    penalty = sum(stop.penalty for stop in missing if not stop.required)
    distance = sum(route.distance_m for route in routes)
    return RoutePlan(
        engine=engine,
        routes=tuple(routes),
        skipped=skipped,
        unserved_required=unserved,
        distance_m=distance,
        penalty=penalty,
        cost=distance + penalty,
        feasible=not violations,
        violations=tuple(violations),
    )


def drop_until_drivable(problem: Problem, sequences: Sequences) -> dict[str, list[VisitRef]]:
    """Take stops off any route that breaks a rule until it keeps them all.

    PyVRP treats time and load as soft constraints and, on a day with more work than shifts, hands
    back its least-bad overfull routes. A crew can only drive a route that works, so stops go:
    optional ones first, then the one whose removal saves the most time, until the route fits.
    """
    places = _places(problem)
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    trimmed = {}
    for vehicle_id, sequence in sequences.items():
        refs = list(sequence)
        vehicle = vehicles.get(vehicle_id)
        while vehicle and _breaks_rules(problem, vehicle, refs, places):
            stops = [i for i, (kind, _) in enumerate(refs) if kind == "stop"]
            if not stops:
                break
            refs.pop(max(stops, key=lambda i: _removal_value(problem, vehicle, refs, i, places)))
        trimmed[vehicle_id] = refs
    return trimmed


def _breaks_rules(
    problem: Problem, vehicle: Vehicle, refs: list[VisitRef], places: Mapping[VisitRef, Stop | DisposalSite]
) -> bool:
    violations: list[str] = []
    _replay(problem, vehicle, refs, places, violations)
    return bool(violations)


def _removal_value(
    problem: Problem,
    vehicle: Vehicle,
    refs: list[VisitRef],
    i: int,
    places: Mapping[VisitRef, Stop | DisposalSite],
) -> tuple[bool, float]:
    def where(k: int) -> int:
        return places[refs[k]].location if 0 <= k < len(refs) and refs[k] in places else vehicle.depot

    stop = places.get(refs[i])
    if not isinstance(stop, Stop):
        return (True, math.inf)  # a stop the problem does not know goes first
    dur = problem.matrix.durations_s
    before, here, after = where(i - 1), stop.location, where(i + 1)
    saved = int(dur[before, here] + dur[here, after] - dur[before, after]) + stop.service_s
    return (not stop.required, saved)


def _places(problem: Problem) -> dict[VisitRef, Stop | DisposalSite]:
    places: dict[VisitRef, Stop | DisposalSite] = {("stop", s.id): s for s in problem.stops}
    places.update((("disposal", d.id), d) for d in problem.disposal_sites)
    return places


def _replay(
    problem: Problem,
    vehicle: Vehicle,
    refs: Sequence[VisitRef],
    places: Mapping[VisitRef, Stop | DisposalSite],
    violations: list[str],
) -> TruckRoute:
    dist = problem.matrix.distances_m
    dur = problem.matrix.durations_s
    start = vehicle.shift.start_s if vehicle.shift else 0
    where, clock, distance = vehicle.depot, start, 0
    volume = weight = collected_volume = collected_weight = peak_volume = peak_weight = 0
    trip_streams: set[str] = set()
    visits = []
    for kind, ref_id in refs:
        item = places.get((kind, ref_id))
        if item is None:
            violations.append(f"vehicle {vehicle.id} visits unknown {kind} {ref_id}")
            continue
        distance += int(dist[where, item.location])
        arrival = clock + int(dur[where, item.location])
        where = item.location
        if isinstance(item, Stop):
            window = item.time_window
            begin = max(arrival, window.start_s) if window else arrival
            if window and begin > window.end_s:
                violations.append(f"vehicle {vehicle.id} reaches stop {ref_id} after its time window")
            if item.stream not in vehicle.streams:
                violations.append(f"vehicle {vehicle.id} does not take {item.stream} waste (stop {ref_id})")
            trip_streams.add(item.stream)
            if len(trip_streams) == 2:
                violations.append(f"vehicle {vehicle.id} mixes waste streams in one load (stop {ref_id})")
            clock = begin + item.service_s
            volume += item.volume_l
            weight += item.weight_kg
            collected_volume += item.volume_l
            collected_weight += item.weight_kg
            if volume > vehicle.volume_capacity_l or weight > vehicle.weight_capacity_kg:
                violations.append(f"vehicle {vehicle.id} is overloaded at stop {ref_id}")
            peak_volume, peak_weight = max(peak_volume, volume), max(peak_weight, weight)
        else:
            begin = arrival
            if not trip_streams <= item.streams:
                violations.append(f"site {ref_id} does not accept what vehicle {vehicle.id} unloads")
            clock = begin + item.unload_s
            volume = weight = 0
            trip_streams = set()
        visits.append(
            Visit(
                kind=kind,
                id=ref_id,
                arrival_s=arrival,
                start_s=begin,
                departure_s=clock,
                load_volume_l=volume,
                load_weight_kg=weight,
            )
        )
    if visits:
        distance += int(dist[where, vehicle.depot])
        clock += int(dur[where, vehicle.depot])
    else:
        clock = start
    if problem.multi_trip and (volume or weight):
        violations.append(f"vehicle {vehicle.id} returns to its depot loaded")
    if vehicle.shift and clock > vehicle.shift.end_s:
        violations.append(f"vehicle {vehicle.id} returns after its shift ends")
    return TruckRoute(
        vehicle_id=vehicle.id,
        visits=tuple(visits),
        distance_m=distance,
        start_s=start,
        end_s=clock,
        collected_volume_l=collected_volume,
        collected_weight_kg=collected_weight,
        peak_volume_l=peak_volume,
        peak_weight_kg=peak_weight,
    )
