"""Route plans as the municipality keeps them: the day's plan, each truck's route, and its pickups.

A run's plan for a service day replaces the day's earlier plan; drivers and staff always see the
latest. The solver's own ``polis.routing.plan.RoutePlan`` is turned into these records once, when
the run stores it, so reading a route needs none of the solver's packages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from polis.devices import Location
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


def progress(route: PlannedRoute) -> dict[str, int]:
    stops = route.stop_ids
    return {"collected": sum(stop in route.pickups for stop in stops), "stops": len(stops)}


def route_view(route: PlannedRoute) -> dict[str, Any]:
    """A truck's route as a driver's app shows it: ordered visits, the path to drive, the load."""
    visits = []
    for seq, visit in enumerate(route.visits, start=1):
        pickup = route.pickups.get(visit.id) if visit.kind == "stop" else None
        visits.append(
            {
                "seq": seq,
                "kind": visit.kind,
                ("bin_id" if visit.kind == "stop" else "site_id"): visit.id,
                "name": visit.name,
                "coordinates": _lon_lat(visit.location),
                "arrival": visit.arrival.isoformat(),
                "departure": visit.departure.isoformat(),
                "load_volume_l": visit.load_volume_l,
                "load_weight_kg": visit.load_weight_kg,
                "expected_fill_pct": visit.expected_fill_pct,
                "collected_at": pickup.at.isoformat() if pickup else None,
                "collected_by": pickup.by if pickup else None,
            }
        )
    return {
        "municipality": route.municipality,
        "service_day": route.service_day.isoformat(),
        "run_id": route.run_id,
        "truck_id": route.truck_id,
        "truck_name": route.truck_name,
        "driver": route.driver,
        "start": route.start.isoformat(),
        "end": route.end.isoformat(),
        "distance_m": route.distance_m,
        "expected_load": {
            "volume_l": route.collected_volume_l,
            "weight_kg": route.collected_weight_kg,
            "peak_volume_l": route.peak_volume_l,
            "peak_weight_kg": route.peak_weight_kg,
        },
        "progress": progress(route),
        "visits": visits,
        # RFC 7946 order (longitude first), from the depot through every visit and back.
        "path": {
            "type": "LineString",
            "coordinates": [
                _lon_lat(route.depot),
                *(_lon_lat(visit.location) for visit in route.visits),
                _lon_lat(route.depot),
            ],
        },
    }


def plan_view(plan: RoutePlanRecord, routes: list[PlannedRoute]) -> dict[str, Any]:
    """The day's plan for staff: what the run decided, and each truck's progress through it."""
    return {
        **plan.model_dump(mode="json"),
        "progress": {route.truck_id: progress(route) for route in routes},
        "routes": [route_view(route) for route in routes],
    }


def _lon_lat(location: Location) -> list[float]:
    return [location.longitude, location.latitude]
