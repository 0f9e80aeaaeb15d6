"""Open data: anonymous, read-only, per municipality."""

from __future__ import annotations

from chalice import Blueprint, NotFoundError

from chalicelib.params import municipality_param
from polis.state_map import OPEN_DOMAINS, domain_geojson
from polis.store import bins as bin_store
from polis.waste.bins import bins_geojson

open_data = Blueprint(__name__)


@open_data.route("/waste/bins", methods=["GET"])
def waste_bins() -> dict:
    """The municipality's bins with their fill level, as GeoJSON."""
    municipality = municipality_param(open_data.current_request)
    return bins_geojson(bin_store.list_bins(municipality))


@open_data.route("/state/{domain}", methods=["GET"])
def domain_state(domain: str) -> dict:
    """Public assets of a domain with their latest state, as GeoJSON (parking, air, flood levels...)."""
    municipality = municipality_param(open_data.current_request)
    if domain not in OPEN_DOMAINS:
        raise NotFoundError(f"no open data for {domain!r}; one of {', '.join(sorted(OPEN_DOMAINS))}")
    return domain_geojson(municipality, domain)
