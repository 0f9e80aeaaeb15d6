"""From a municipality's bins, trucks and sites to the routing problem of one run, and back.

``build_run_problem`` decides the run's service day and its crews, forecasts feed the selection
of stops (``polis.routing.selection``), and only the places the run needs get a row of the
travel matrix. ``plan_records`` turns the solver's plan into the route plan the municipality
keeps. Both are pure: the workflow's tasks (``routing_run``) do the reading and writing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from polis.devices.model import Location
from polis.municipality import MunicipalityId
from polis.routing import problem as routing
from polis.routing.forecast import FillForecast
from polis.routing.plan import RoutePlan
from polis.routing.selection import Bin as RoutingBin
from polis.routing.selection import select_stops
from polis.waste.bins import Bin
from polis.waste.collection import DisposalSite, Truck
from polis.waste.errors import WasteRequestRefused
from polis.waste.route_plans import PlannedRoute, PlannedVisit, RoutePlanRecord, Trigger
from polis.waste.time_of_day import DailyWindow, day_start, local_day, seconds_into

# A truck joins today's run only with this much of its shift ahead: less is not worth a route,
# and a run started late in the day plans tomorrow instead.
LEAST_SHIFT_LEFT = timedelta(hours=2)


class RunRequest(BaseModel):
    """What starts a run (the state machine's input, with the execution's name as the run id)."""

    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    run_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,80}$")
    trigger: Trigger
    requested_by: str | None = None


class Place(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["depot", "disposal", "bin"]
    id: str = Field(description="truck id for a depot, site id, bin id")
    name: str | None = None
    location: Location


class RunProblem(BaseModel):
    """The run's routing problem without its travel matrix, with what the route plan needs to say."""

    model_config = ConfigDict(frozen=True)

    request: RunRequest
    created_at: datetime
    service_day: date
    day_starts_at: datetime = Field(description="the service day's local midnight: the solver's time 0")
    places: tuple[Place, ...]
    trucks: tuple[Truck, ...]
    vehicles: tuple[routing.Vehicle, ...]
    stops: tuple[routing.Stop, ...]
    disposal_sites: tuple[routing.DisposalSite, ...]
    expected_fill: dict[str, float] = Field(description="bin id -> forecast fill at the run's end")
    unroutable: dict[str, str] = Field(description="bin id -> why no truck or site can take it")

    @property
    def locations(self) -> list[routing.Location]:
        return [routing.Location(lat=p.location.latitude, lon=p.location.longitude) for p in self.places]

    def routing_problem(self, matrix: routing.TravelMatrix) -> routing.Problem:
        return routing.Problem(
            matrix=matrix,
            vehicles=self.vehicles,
            stops=self.stops,
            disposal_sites=self.disposal_sites,
            locations=tuple(self.locations),
        )


@dataclass(frozen=True)
class _Crew:
    truck: Truck
    start: datetime
    end: datetime


def build_run_problem(
    request: RunRequest,
    now: datetime,
    zone: ZoneInfo,
    bins: Sequence[Bin],
    trucks: Sequence[Truck],
    sites: Sequence[DisposalSite],
    forecasts: Mapping[str, FillForecast],
) -> RunProblem:
    if not trucks:
        raise WasteRequestRefused(f"{request.municipality} has no trucks to route")
    day, crews = _service_day(trucks, now, zone)
    run_end = max(crew.end for crew in crews)
    # The next run is tomorrow's: a bin that would overflow before its shifts end cannot wait.
    next_run_end = max(truck.shift.end_on(day + timedelta(days=1), zone) for truck in trucks)

    routable, unroutable = _routable(bins, [crew.truck for crew in crews], sites)
    depots = [
        Place(kind="depot", id=c.truck.truck_id, name=c.truck.name, location=c.truck.depot) for c in crews
    ]
    site_places = [Place(kind="disposal", id=s.site_id, name=s.name, location=s.location) for s in sites]
    fixed = len(depots) + len(site_places)
    selection = select_stops(
        [
            RoutingBin(
                id=bin_.bin_id,
                location=fixed + i,
                capacity_l=round(bin_.volume_litres),
                stream=routing.WasteStream(bin_.waste_stream),
                time_window=_time_window(bin_.access, day, zone),
            )
            for i, bin_ in enumerate(routable)
        ],
        forecasts,
        now,
        run_end,
        next_run_end,
    )
    # Only the selected bins become places, so the matrix grows with the day's work, not the city.
    stops = tuple(stop.model_copy(update={"location": fixed + i}) for i, stop in enumerate(selection.stops))
    by_id = {bin_.bin_id: bin_ for bin_ in routable}
    bin_places = [
        Place(kind="bin", id=stop.id, name=by_id[stop.id].name, location=by_id[stop.id].location)
        for stop in stops
    ]
    hours_to_end = (run_end - now).total_seconds() / 3600
    return RunProblem(
        request=request,
        created_at=now,
        service_day=day,
        day_starts_at=day_start(day, zone),
        places=(*depots, *site_places, *bin_places),
        trucks=tuple(crew.truck for crew in crews),
        vehicles=tuple(
            routing.Vehicle(
                id=crew.truck.truck_id,
                depot=i,
                volume_capacity_l=crew.truck.volume_capacity_litres,
                weight_capacity_kg=crew.truck.weight_capacity_kg,
                streams=frozenset(routing.WasteStream(s) for s in crew.truck.waste_streams),
                shift=routing.TimeWindow(
                    start_s=seconds_into(day, crew.start, zone), end_s=seconds_into(day, crew.end, zone)
                ),
            )
            for i, crew in enumerate(crews)
        ),
        stops=stops,
        disposal_sites=tuple(
            routing.DisposalSite(
                id=site.site_id,
                location=len(depots) + i,
                streams=frozenset(routing.WasteStream(s) for s in site.waste_streams),
                unload_s=site.unload_minutes * 60,
            )
            for i, site in enumerate(sites)
        ),
        expected_fill={
            stop.id: round(forecasts[stop.id].fill_at(hours_to_end), 1) if stop.id in forecasts else 100.0
            for stop in stops
        },
        unroutable=unroutable,
    )


def _service_day(trucks: Sequence[Truck], now: datetime, zone: ZoneInfo) -> tuple[date, list[_Crew]]:
    today = local_day(now, zone)
    crews = []
    for truck in trucks:
        start = max(truck.shift.start_on(today, zone), now)
        end = truck.shift.end_on(today, zone)
        if end - start >= LEAST_SHIFT_LEFT:
            crews.append(_Crew(truck, start, end))
    if crews:
        return today, crews
    tomorrow = today + timedelta(days=1)
    return tomorrow, [
        _Crew(t, t.shift.start_on(tomorrow, zone), t.shift.end_on(tomorrow, zone)) for t in trucks
    ]


def _routable(
    bins: Sequence[Bin], trucks: Sequence[Truck], sites: Sequence[DisposalSite]
) -> tuple[list[Bin], dict[str, str]]:
    """The bins some truck takes and some site accepts; for the others, why not."""
    taken = {stream for truck in trucks for stream in truck.waste_streams}
    accepted = {stream for site in sites for stream in site.waste_streams}
    routable, unroutable = [], {}
    for bin_ in bins:
        if bin_.waste_stream not in taken:
            unroutable[bin_.bin_id] = f"no truck on this run takes {bin_.waste_stream} waste"
        elif sites and bin_.waste_stream not in accepted:
            unroutable[bin_.bin_id] = f"no disposal site accepts {bin_.waste_stream} waste"
        else:
            routable.append(bin_)
    return routable, unroutable


def _time_window(access: DailyWindow | None, day: date, zone: ZoneInfo) -> routing.TimeWindow | None:
    if access is None:
        return None
    return routing.TimeWindow(
        start_s=max(0, seconds_into(day, access.start_on(day, zone), zone)),
        end_s=seconds_into(day, access.end_on(day, zone), zone),
    )


def plan_records(
    problem: RunProblem, plan: RoutePlan, solve_error: str | None = None
) -> tuple[RoutePlanRecord, list[PlannedRoute]]:
    """The solver's plan as the municipality keeps it: the day's record and each truck's route."""
    request = problem.request
    trucks = {truck.truck_id: truck for truck in problem.trucks}
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    places = {("stop", s.id): problem.places[s.location] for s in problem.stops}
    places.update({("disposal", d.id): problem.places[d.location] for d in problem.disposal_sites})

    def at(seconds: int) -> datetime:
        return problem.day_starts_at + timedelta(seconds=seconds)

    routes = []
    for route in plan.routes:
        if not route.visits:
            continue
        truck = trucks[route.vehicle_id]
        routes.append(
            PlannedRoute(
                municipality=request.municipality,
                service_day=problem.service_day,
                run_id=request.run_id,
                truck_id=truck.truck_id,
                truck_name=truck.name,
                driver=truck.driver,
                depot=problem.places[vehicles[truck.truck_id].depot].location,
                start=at(route.start_s),
                end=at(route.end_s),
                distance_m=route.distance_m,
                collected_volume_l=route.collected_volume_l,
                collected_weight_kg=route.collected_weight_kg,
                peak_volume_l=route.peak_volume_l,
                peak_weight_kg=route.peak_weight_kg,
                visits=tuple(
                    PlannedVisit(
                        kind=visit.kind,
                        id=visit.id,
                        name=places[(visit.kind, visit.id)].name,
                        location=places[(visit.kind, visit.id)].location,
                        arrival=at(visit.arrival_s),
                        departure=at(visit.departure_s),
                        load_volume_l=visit.load_volume_l,
                        load_weight_kg=visit.load_weight_kg,
                        expected_fill_pct=problem.expected_fill.get(visit.id)
                        if visit.kind == "stop"
                        else None,
                    )
                    for visit in route.visits
                ),
            )
        )
    record = RoutePlanRecord(
        municipality=request.municipality,
        service_day=problem.service_day,
        run_id=request.run_id,
        trigger=request.trigger,
        requested_by=request.requested_by,
        created_at=problem.created_at,
        engine=plan.engine,
        solve_error=solve_error,
        distance_m=plan.distance_m,
        feasible=plan.feasible,
        violations=plan.violations,
        skipped=plan.skipped,
        unserved=plan.unserved_required,
        unroutable=problem.unroutable,
        trucks=tuple(route.truck_id for route in routes),
    )
    return record, routes
