"""Staff: the latest state of every domain in their municipality, private domains included."""

from __future__ import annotations

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel

from chalicelib.access import staff_member
from chalicelib.auth import staff_auth
from chalicelib.contract import route
from polis.geojson import FeatureCollection
from polis.state_map import StateDomain, domain_geojson

operations = Blueprint(__name__)


class DomainPath(BaseModel):
    domain: StateDomain


@route(
    operations,
    "/state/{domain}",
    "GET",
    authorizer=staff_auth,
    path_params=DomainPath,
    response=FeatureCollection,
)
def domain_state(domain: StateDomain, request: Request) -> FeatureCollection:
    """Assets of the domain with status and values (GeoJSON): spots, lights, stations, vehicles..."""
    _, municipality = staff_member(request)
    return domain_geojson(municipality, domain)
