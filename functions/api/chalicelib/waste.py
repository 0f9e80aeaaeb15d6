"""Waste collection: the fleet (trucks, disposal sites), routing runs, route plans and driving them.

Staff of the municipality see; its administrator adds trucks and sites; the administrator or the
cleaning department start a run; drivers (and the administrator) drive the routes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from chalice import Blueprint, Response
from pydantic import TypeAdapter

from chalicelib.access import driver, municipality_admin, staff_member
from chalicelib.auth import staff_auth
from chalicelib.errors import Forbidden, answers_errors
from polis.store import collection as collection_store
from polis.waste import route_execution
from polis.waste.collection import DisposalSite, Truck
from polis.waste.collection_registry import add_disposal_site, add_truck
from polis.waste.run_starts import start_on_request

waste = Blueprint(__name__)

_DAY = TypeAdapter(date)
_OBJECT = TypeAdapter(dict[str, Any])


def _fields() -> dict[str, Any]:
    """The JSON object the caller sent; anything else is a 400 (ValidationError)."""
    return _OBJECT.validate_json(waste.current_request.raw_body or b"")


@waste.route("/waste/trucks", methods=["GET"], authorizer=staff_auth)
@answers_errors
def list_trucks() -> dict:
    _, municipality = staff_member(waste.current_request)
    return {"trucks": [t.model_dump(mode="json") for t in collection_store.list_trucks(municipality)]}


@waste.route("/waste/trucks", methods=["POST"], authorizer=staff_auth)
@answers_errors
def create_truck() -> Response:
    _, municipality = municipality_admin(waste.current_request)
    truck = Truck.model_validate({**_fields(), "municipality": municipality})
    return Response(body=add_truck(truck).model_dump(mode="json"), status_code=201)


@waste.route("/waste/disposal-sites", methods=["GET"], authorizer=staff_auth)
@answers_errors
def list_disposal_sites() -> dict:
    _, municipality = staff_member(waste.current_request)
    sites = collection_store.list_disposal_sites(municipality)
    return {"disposal_sites": [s.model_dump(mode="json") for s in sites]}


@waste.route("/waste/disposal-sites", methods=["POST"], authorizer=staff_auth)
@answers_errors
def create_disposal_site() -> Response:
    _, municipality = municipality_admin(waste.current_request)
    site = DisposalSite.model_validate({**_fields(), "municipality": municipality})
    return Response(body=add_disposal_site(site).model_dump(mode="json"), status_code=201)


@waste.route("/waste/routing-runs", methods=["POST"], authorizer=staff_auth)
@answers_errors
def start_routing_run() -> Response:
    """Plan the routes again now (the daily run plans them before the morning shift)."""
    principal, municipality = staff_member(waste.current_request)
    if not principal.is_admin_of(municipality) and "cleaning" not in principal.departments:
        raise Forbidden("only the administrator or the cleaning department may start a routing run")
    started = start_on_request(municipality, principal.username, datetime.now(UTC))
    return Response(body=started.model_dump(mode="json"), status_code=202)


@waste.route("/waste/route-plans", methods=["GET"], authorizer=staff_auth)
@answers_errors
def list_route_plans() -> dict:
    """The latest plan of each recent service day, newest first."""
    _, municipality = staff_member(waste.current_request)
    return {"route_plans": [p.model_dump(mode="json") for p in route_execution.recent_plans(municipality)]}


@waste.route("/waste/route-plans/{day}", methods=["GET"], authorizer=staff_auth)
@answers_errors
def get_route_plan(day: str) -> dict:
    """A service day's plan (``today`` or YYYY-MM-DD) with every truck's route and progress."""
    _, municipality = staff_member(waste.current_request)
    now = datetime.now(UTC)
    service_day = route_execution.today(now) if day == "today" else _DAY.validate_python(day)
    return route_execution.plan_of(municipality, service_day)


@waste.route("/waste/trucks/{truck_id}/route", methods=["GET"], authorizer=staff_auth)
@answers_errors
def truck_route(truck_id: str) -> dict:
    """Today's route (tomorrow's once a late run planned it): stops in order, GeoJSON path, load."""
    _, municipality = driver(waste.current_request)
    return route_execution.current_route(municipality, truck_id, datetime.now(UTC))


@waste.route("/waste/trucks/{truck_id}/route/stops/{bin_id}/pickup", methods=["POST"], authorizer=staff_auth)
@answers_errors
def confirm_pickup(truck_id: str, bin_id: str) -> dict:
    """The crew emptied the bin; confirming again keeps the first confirmation."""
    principal, municipality = driver(waste.current_request)
    return route_execution.confirm_pickup(
        municipality, truck_id, bin_id, principal.username, datetime.now(UTC)
    )
