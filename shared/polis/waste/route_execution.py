"""Driving the routes: a truck's current route, pickups confirmed stop by stop, and progress.

A confirmed pickup empties the bin at once (fill 0, observed now), so the map and the next run's
forecast see it before the sensor next reports; a later reading then takes over as usual, and an
earlier one that arrives late is ignored like any out-of-order reading.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from polis.waste.errors import WasteRecordNotFound
from polis.waste.route_plans import (
    Pickup,
    PickupConfirmation,
    PlannedRoute,
    PlanView,
    RoutePlanRecord,
    RouteView,
    plan_view,
    progress,
    route_view,
)
from polis.waste.routing_settings import WasteRoutingSettings
from polis.waste.store import bins as bin_store
from polis.waste.store import collection as collection_store
from polis.waste.store import route_plans as route_plan_store
from polis.waste.time_of_day import local_day


def today(now: datetime) -> date:
    return local_day(now, WasteRoutingSettings().zone)


def current_route(municipality: str, truck_id: str, now: datetime) -> RouteView:
    return route_view(_current_route(municipality, truck_id, now))


def confirm_pickup(
    municipality: str, truck_id: str, bin_id: str, by: str, now: datetime
) -> PickupConfirmation:
    route = _current_route(municipality, truck_id, now)
    if bin_id not in route.stop_ids:
        raise WasteRecordNotFound(f"bin {bin_id} is not a stop of truck {truck_id}'s current route")
    pickup = Pickup(at=now, by=by)
    if route_plan_store.record_pickup(route, bin_id, pickup):
        bin_ = bin_store.get_bin(municipality, bin_id)
        if bin_ is not None:
            bin_store.save_fill_if_newer(bin_.model_copy(update={"fill_pct": 0.0, "observed_at": now}))
        route = route.model_copy(update={"pickups": {**route.pickups, bin_id: pickup}})
    elif bin_id not in route.pickups:  # confirmed by someone else since the route was read
        route = _current_route(municipality, truck_id, now)
    first = route.pickups[bin_id]
    return PickupConfirmation(
        bin_id=bin_id, collected_at=first.at, collected_by=first.by, progress=progress(route)
    )


def plan_of(municipality: str, day: date | Literal["today"], now: datetime) -> PlanView:
    """A service day's plan (``today`` is the municipality's local day) with every truck's route."""
    service_day = day if isinstance(day, date) else today(now)
    plan = _plan(municipality, service_day)
    return plan_view(plan, route_plan_store.list_routes(municipality, service_day, plan.run_id))


def recent_plans(municipality: str) -> list[RoutePlanRecord]:
    return route_plan_store.list_plans(municipality)


def _plan(municipality: str, day: date) -> RoutePlanRecord:
    plan = route_plan_store.get_plan(municipality, day)
    if plan is None:
        raise WasteRecordNotFound(f"no route plan for {day.isoformat()}")
    return plan


def _current_route(municipality: str, truck_id: str, now: datetime) -> PlannedRoute:
    """Today's route; without one, tomorrow's (a run late in the day plans the next morning)."""
    if collection_store.get_truck(municipality, truck_id) is None:
        raise WasteRecordNotFound(f"no truck {truck_id}")
    day = today(now)
    for service_day in (day, day + timedelta(days=1)):
        route = _route(municipality, truck_id, service_day)
        if route is not None:
            return route
    raise WasteRecordNotFound(f"truck {truck_id} has no route today or tomorrow")


def _route(municipality: str, truck_id: str, day: date) -> PlannedRoute | None:
    plan = route_plan_store.get_plan(municipality, day)
    return route_plan_store.get_route(municipality, day, plan.run_id, truck_id) if plan else None
