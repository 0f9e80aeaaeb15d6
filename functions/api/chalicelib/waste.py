"""Waste collection: the fleet (trucks, disposal sites), routing runs, route plans and driving them.

Staff of the municipality see; its administrator adds trucks and sites; the administrator or the
cleaning department start a run; drivers (and the administrator) drive the routes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field, ValidationError, ValidatorFunctionWrapHandler, field_validator

from chalicelib.access import driver, municipality_admin, routing_planner, staff_member
from chalicelib.auth import staff_auth
from chalicelib.contract import route
from polis.waste import collection_setup, route_execution
from polis.waste.collection import DisposalSite, DisposalSiteDetails, RecordId, Truck, TruckDetails
from polis.waste.route_plans import PickupConfirmation, PlanView, RoutePlanRecord, RouteView
from polis.waste.run_starts import RunStarted, start_on_request

waste = Blueprint(__name__)


class TruckPath(BaseModel):
    truck_id: RecordId = Field(description="the truck's id")


class StopPath(BaseModel):
    truck_id: RecordId = Field(description="the truck's id")
    bin_id: str = Field(min_length=1, max_length=64, description="a stop's bin id")


class ServiceDayPath(BaseModel):
    day: date | Literal["today"] = Field(description="a service day (YYYY-MM-DD), or today's")

    @field_validator("day", mode="wrap")
    @classmethod
    def _one_problem(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # A union reports a problem per member; the caller needs one.
        try:
            return handler(value)
        except ValidationError:
            raise ValueError("a date (YYYY-MM-DD) or today") from None


class TruckList(BaseModel):
    trucks: list[Truck]


class DisposalSiteList(BaseModel):
    disposal_sites: list[DisposalSite]


class RoutePlanList(BaseModel):
    route_plans: list[RoutePlanRecord] = Field(description="the latest plan of each recent day, newest first")


@route(waste, "/waste/trucks", "GET", authorizer=staff_auth, response=TruckList)
def list_trucks(request: Request) -> TruckList:
    """The municipality's collection trucks."""
    _, municipality = staff_member(request)
    return TruckList(trucks=collection_setup.trucks_of(municipality))


@route(
    waste,
    "/waste/trucks",
    "POST",
    authorizer=staff_auth,
    body=TruckDetails,
    response=Truck,
    status=201,
    errors=(409, 422),
)
def create_truck(body: TruckDetails, request: Request) -> Truck:
    """Add a truck to the fleet; its driver, if named, must be a driver of the municipality."""
    _, municipality = municipality_admin(request)
    return collection_setup.add_truck(municipality, body)


@route(waste, "/waste/disposal-sites", "GET", authorizer=staff_auth, response=DisposalSiteList)
def list_disposal_sites(request: Request) -> DisposalSiteList:
    """The landfills, transfer stations and recycling centres the municipality's trucks unload at."""
    _, municipality = staff_member(request)
    return DisposalSiteList(disposal_sites=collection_setup.disposal_sites_of(municipality))


@route(
    waste,
    "/waste/disposal-sites",
    "POST",
    authorizer=staff_auth,
    body=DisposalSiteDetails,
    response=DisposalSite,
    status=201,
    errors=(409,),
)
def create_disposal_site(body: DisposalSiteDetails, request: Request) -> DisposalSite:
    """Add a disposal site the trucks may unload at."""
    _, municipality = municipality_admin(request)
    return collection_setup.add_disposal_site(municipality, body)


@route(waste, "/waste/routing-runs", "POST", authorizer=staff_auth, response=RunStarted, status=202)
def start_routing_run(request: Request) -> RunStarted:
    """Plan the routes again now (the daily run plans them before the morning shift)."""
    principal, municipality = routing_planner(request)
    return start_on_request(municipality, principal.username, datetime.now(UTC))


@route(waste, "/waste/route-plans", "GET", authorizer=staff_auth, response=RoutePlanList)
def list_route_plans(request: Request) -> RoutePlanList:
    """The latest plan of each recent service day, newest first."""
    _, municipality = staff_member(request)
    return RoutePlanList(route_plans=route_execution.recent_plans(municipality))


@route(
    waste,
    "/waste/route-plans/{day}",
    "GET",
    authorizer=staff_auth,
    path_params=ServiceDayPath,
    response=PlanView,
    errors=(404,),
)
def get_route_plan(day: date | Literal["today"], request: Request) -> PlanView:
    """A service day's plan (``today`` or YYYY-MM-DD) with every truck's route and progress."""
    _, municipality = staff_member(request)
    return route_execution.plan_of(municipality, day, datetime.now(UTC))


@route(
    waste,
    "/waste/trucks/{truck_id}/route",
    "GET",
    authorizer=staff_auth,
    path_params=TruckPath,
    response=RouteView,
    errors=(404,),
)
def truck_route(truck_id: str, request: Request) -> RouteView:
    """Today's route (tomorrow's once a late run planned it): stops in order, GeoJSON path, load."""
    _, municipality = driver(request)
    return route_execution.current_route(municipality, truck_id, datetime.now(UTC))


@route(
    waste,
    "/waste/trucks/{truck_id}/route/stops/{bin_id}/pickup",
    "POST",
    authorizer=staff_auth,
    path_params=StopPath,
    response=PickupConfirmation,
    errors=(404,),
)
def confirm_pickup(truck_id: str, bin_id: str, request: Request) -> PickupConfirmation:
    """The crew emptied the bin; confirming again keeps the first confirmation."""
    principal, municipality = driver(request)
    return route_execution.confirm_pickup(
        municipality, truck_id, bin_id, principal.username, datetime.now(UTC)
    )
