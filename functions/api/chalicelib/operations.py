"""Staff: the latest state of every domain in their municipality, private domains included."""

from __future__ import annotations

from chalice import Blueprint, NotFoundError

from chalicelib.access import staff_member
from chalicelib.auth import staff_auth
from chalicelib.errors import answers_errors
from polis.state_map import DOMAIN_KINDS, domain_geojson

operations = Blueprint(__name__)


@operations.route("/state/{domain}", methods=["GET"], authorizer=staff_auth)
@answers_errors
def domain_state(domain: str) -> dict:
    """Assets of the domain with status and values (GeoJSON): spots, lights, stations, vehicles..."""
    _, municipality = staff_member(operations.current_request)
    if domain not in DOMAIN_KINDS:
        raise NotFoundError(f"no domain {domain!r}; one of {', '.join(sorted(DOMAIN_KINDS))}")
    return domain_geojson(municipality, domain)
