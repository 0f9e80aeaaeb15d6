"""Open data: anonymous, read-only, per municipality."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.contract import route
from chalicelib.params import OfMunicipality
from polis.geojson import FeatureCollection
from polis.state_map import OpenDomain, open_bins_geojson, open_domain_geojson

open_data = Blueprint(__name__)


class DomainPath(BaseModel):
    domain: OpenDomain


@route(open_data, "/waste/bins", "GET", query=OfMunicipality, response=FeatureCollection)
def waste_bins(query: OfMunicipality) -> FeatureCollection:
    """The municipality's bins with their fill level, as GeoJSON."""
    return open_bins_geojson(query.municipality)


@route(
    open_data,
    "/state/{domain}",
    "GET",
    path_params=DomainPath,
    query=OfMunicipality,
    response=FeatureCollection,
)
def domain_state(domain: OpenDomain, query: OfMunicipality) -> FeatureCollection:
    """Public assets of a domain with their latest state, as GeoJSON (parking, air, flood levels...)."""
    return open_domain_geojson(query.municipality, domain)
