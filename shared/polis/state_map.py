"""A domain's assets with their latest state, as GeoJSON for maps (staff) and open data."""

from __future__ import annotations

from typing import Literal, get_args

from polis.assets import Asset, AssetKind
from polis.domains import environment, fleet, hydromet, lighting, occupancy, parking, telecare
from polis.errors import NotFound
from polis.geojson import Feature, FeatureCollection, Point
from polis.state import AssetState
from polis.store import assets as asset_store
from polis.store import state as state_store
from polis.waste.bins import bins_geojson
from polis.waste.store import bins as bin_store

DOMAIN_KINDS: dict[str, tuple[AssetKind, ...]] = {
    "parking": parking.KINDS,
    "environment": environment.KINDS,
    "lighting": lighting.KINDS,
    "hydromet": hydromet.KINDS,
    "occupancy": occupancy.KINDS,
    "fleet": fleet.KINDS,
    "telecare": telecare.KINDS,
}

StateDomain = Literal["parking", "environment", "lighting", "hydromet", "occupancy", "fleet", "telecare"]
OpenDomain = Literal["parking", "environment", "lighting", "hydromet", "occupancy"]
"""Published as open data. Vehicle positions and telecare beneficiaries (personal data) never are."""
OPEN_DOMAINS: frozenset[str] = frozenset(get_args(OpenDomain))


def _feature(asset: Asset, state: AssetState | None) -> Feature:
    return Feature(
        id=asset.asset_id,
        geometry=Point.at(asset.location),
        properties={
            "municipality": asset.municipality,
            "asset_id": asset.asset_id,
            "kind": asset.kind,
            "name": asset.name,
            "status": state.status if state else None,
            "observed_at": state.observed_at.isoformat() if state else None,
            "values": {name: q.model_dump() for name, q in state.values.items()} if state else {},
        },
    )


def domain_geojson(municipality: str, domain: str) -> FeatureCollection:
    """Every asset of the domain, with its latest state where one has been reported."""
    if domain not in DOMAIN_KINDS:
        raise NotFound(f"no domain {domain!r}; one of {', '.join(sorted(DOMAIN_KINDS))}")
    states = {s.asset_id: s for s in state_store.list_states(municipality, domain)}
    features = [
        _feature(asset, states.get(asset.asset_id))
        for kind in DOMAIN_KINDS[domain]
        for asset in asset_store.list_assets(municipality, kind)
    ]
    return FeatureCollection(features=features)


def open_domain_geojson(municipality: str, domain: str) -> FeatureCollection:
    """The open-data face of a domain: never vehicles or telecare beneficiaries."""
    if domain not in OPEN_DOMAINS:
        raise NotFound(f"no open data for {domain!r}; one of {', '.join(sorted(OPEN_DOMAINS))}")
    return domain_geojson(municipality, domain)


def open_bins_geojson(municipality: str) -> FeatureCollection:
    """The municipality's bins and their fill, as open data."""
    return bins_geojson(bin_store.list_bins(municipality))
