"""Route plans as the municipality keeps them: the day's plan, each truck's route, and its pickups.

A run's plan for a service day replaces the day's earlier plan; drivers and staff always see the
latest. The solver's own ``polis.routing.plan.RoutePlan`` is turned into these records once, when
the run stores it, so reading a route needs none of the solver's packages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from polis.devices.model import Location
from polis.geojson import LineString
from polis.municipality import MunicipalityId

Trigger = Literal["schedule", "bins-full", "staff"]
"""What started a run: the daily schedule, many bins turning full, or a staff member."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlannedVisit(_Frozen):
    kind: Literal["stop", "disposal"]
    """A stop is a bin to empty; a disposal visit unloads the truck at a site."""
    id: str = Field(description="the bin id of a stop, the site id of a disposal visit")
    name: str | None = None
    location: Location
    arrival: datetime
    departure: datetime
    load_volume_l: int = Field(description="on board when leaving (loose bin litres)")
    load_weight_kg: int
    expected_fill_pct: float | None = Field(default=None, description="a stop's forecast fill when reached")


class Pickup(_Frozen):
    at: datetime
    by: str = Field(description="the staff username who confirmed it")


class PlannedRoute(_Frozen):
    municipality: MunicipalityId
    service_day: date
    run_id: str
    truck_id: str
    truck_name: str | None = None
    driver: str | None = None
    depot: Location
    start: datetime
    end: datetime
    distance_m: int
    collected_volume_l: int
    collected_weight_kg: int
    peak_volume_l: int
    peak_weight_kg: int
    visits: tuple[PlannedVisit, ...]
    pickups: dict[str, Pickup] = Field(default_factory=dict, description="bin id -> its confirmed pickup")

    @property
    def stop_ids(self) -> list[str]:
        return [visit.id for visit in self.visits if visit.kind == "stop"]


class RoutePlanRecord(_Frozen):
    municipality: MunicipalityId
    service_day: date
    run_id: str
    trigger: Trigger
    requested_by: str | None = None
    created_at: datetime
    engine: str
    solve_error: str | None = Field(default=None, description="why the fallback construction planned it")
    distance_m: int
    feasible: bool
    violations: tuple[str, ...] = ()
    skipped: tuple[str, ...] = Field(default=(), description="bins that could wait, left for a later day")
    unserved: tuple[str, ...] = Field(default=(), description="bins due today that no route could take")
    unroutable: dict[str, str] = Field(
        default_factory=dict, description="bin id -> why no truck or disposal site can take it"
    )
    trucks: tuple[str, ...] = Field(default=(), description="the trucks with a route")


class Progress(_Frozen):
    collected: int = Field(description="stops whose pickup is confirmed")
    stops: int


class _VisitView(_Frozen):
    seq: int = Field(description="the visit's place in the route, from 1")
    name: str | None
    coordinates: tuple[float, float] = Field(description="longitude, latitude")
    arrival: datetime
    departure: datetime
    load_volume_l: int = Field(description="on board when leaving (loose bin litres)")
    load_weight_kg: int
    expected_fill_pct: float | None = Field(description="a stop's forecast fill when reached")
    collected_at: datetime | None = Field(description="when a stop's pickup was confirmed")
    collected_by: str | None


class StopView(_VisitView):
    """A bin to empty."""

    kind: Literal["stop"] = "stop"
    bin_id: str


class DisposalVisitView(_VisitView):
    """Unloading the truck at a disposal site."""

    kind: Literal["disposal"] = "disposal"
    site_id: str


VisitView = Annotated[StopView | DisposalVisitView, Field(discriminator="kind")]


class _VisitFields(TypedDict):
    """The fields a stop and a disposal visit share, as ``_visit_view`` gathers them."""

    seq: int
    name: str | None
    coordinates: tuple[float, float]
    arrival: datetime
    departure: datetime
    load_volume_l: int
    load_weight_kg: int
    expected_fill_pct: float | None
    collected_at: datetime | None
    collected_by: str | None


class ExpectedLoad(_Frozen):
    volume_l: int = Field(description="collected over the route (loose bin litres)")
    weight_kg: int
    peak_volume_l: int = Field(description="the most on board at once")
    peak_weight_kg: int


class RouteView(_Frozen):
    """A truck's route as a driver's app shows it: ordered visits, the path to drive, the load."""

    municipality: MunicipalityId
    service_day: date
    run_id: str
    truck_id: str
    truck_name: str | None
    driver: str | None
    start: datetime
    end: datetime
    distance_m: int
    expected_load: ExpectedLoad
    progress: Progress
    visits: list[VisitView]
    path: LineString = Field(description="from the depot through every visit and back, longitude first")


class PlanView(RoutePlanRecord):
    """The day's plan for staff: what the run decided, and each truck's progress through it."""

    progress: dict[str, Progress] = Field(description="truck id -> its progress")
    routes: list[RouteView]


class PickupConfirmation(_Frozen):
    """A stop's pickup as first confirmed, and the route's progress since."""

    bin_id: str
    collected_at: datetime
    collected_by: str
    progress: Progress


def progress(route: PlannedRoute) -> Progress:
    stops = route.stop_ids
    return Progress(collected=sum(stop in route.pickups for stop in stops), stops=len(stops))


def _visit_view(seq: int, visit: PlannedVisit, route: PlannedRoute) -> StopView | DisposalVisitView:
    pickup = route.pickups.get(visit.id) if visit.kind == "stop" else None
    common: _VisitFields = {
        "seq": seq,
        "name": visit.name,
        "coordinates": _lon_lat(visit.location),
        "arrival": visit.arrival,
        "departure": visit.departure,
        "load_volume_l": visit.load_volume_l,
        "load_weight_kg": visit.load_weight_kg,
        "expected_fill_pct": visit.expected_fill_pct,
        "collected_at": pickup.at if pickup else None,
        "collected_by": pickup.by if pickup else None,
    }
    if visit.kind == "stop":
        return StopView(bin_id=visit.id, **common)
    return DisposalVisitView(site_id=visit.id, **common)


def route_view(route: PlannedRoute) -> RouteView:
    """A truck's route as a driver's app shows it: ordered visits, the path to drive, the load."""
    return RouteView(
        municipality=route.municipality,
        service_day=route.service_day,
        run_id=route.run_id,
        truck_id=route.truck_id,
        truck_name=route.truck_name,
        driver=route.driver,
        start=route.start,
        end=route.end,
        distance_m=route.distance_m,
        expected_load=ExpectedLoad(
            volume_l=route.collected_volume_l,
            weight_kg=route.collected_weight_kg,
            peak_volume_l=route.peak_volume_l,
            peak_weight_kg=route.peak_weight_kg,
        ),
        progress=progress(route),
        visits=[_visit_view(seq, visit, route) for seq, visit in enumerate(route.visits, start=1)],
        # RFC 7946 order (longitude first), from the depot through every visit and back.
        path=LineString(
            coordinates=[
                _lon_lat(route.depot),
                *(_lon_lat(visit.location) for visit in route.visits),
                _lon_lat(route.depot),
            ]
        ),
    )


def plan_view(plan: RoutePlanRecord, routes: list[PlannedRoute]) -> PlanView:
    """The day's plan for staff: what the run decided, and each truck's progress through it."""
    return PlanView(
        **dict(plan),
        progress={route.truck_id: progress(route) for route in routes},
        routes=[route_view(route) for route in routes],
    )


def _lon_lat(location: Location) -> tuple[float, float]:
    return (location.longitude, location.latitude)
