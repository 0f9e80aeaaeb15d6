"""Open data: anonymous, read-only, per municipality."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.params import municipality_param
from polis.store import bins as bin_store
from polis.waste.bins import bins_geojson

open_data = Blueprint(__name__)


@open_data.route("/waste/bins", methods=["GET"])
def waste_bins() -> dict:
    """The municipality's bins with their fill level, as GeoJSON."""
    municipality = municipality_param(open_data.current_request)
    return bins_geojson(bin_store.list_bins(municipality))
