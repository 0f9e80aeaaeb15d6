"""A domain's assets with their latest state, as GeoJSON for maps (staff) and open data."""

from __future__ import annotations

from typing import Any

from polis.assets import Asset, AssetKind
from polis.domains import environment, fleet, hydromet, lighting, occupancy, parking, telecare
from polis.state import AssetState
from polis.store import assets as asset_store
from polis.store import state as state_store

DOMAIN_KINDS: dict[str, tuple[AssetKind, ...]] = {
    "parking": parking.KINDS,
    "environment": environment.KINDS,
    "lighting": lighting.KINDS,
    "hydromet": hydromet.KINDS,
    "occupancy": occupancy.KINDS,
    "fleet": fleet.KINDS,
    "telecare": telecare.KINDS,
}

OPEN_DOMAINS: frozenset[str] = frozenset({"parking", "environment", "lighting", "hydromet", "occupancy"})
"""Published as open data. Vehicle positions and telecare beneficiaries (personal data) never are."""


def _feature(asset: Asset, state: AssetState | None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": asset.asset_id,
        "geometry": {"type": "Point", "coordinates": [asset.location.longitude, asset.location.latitude]},
        "properties": {
            "municipality": asset.municipality,
            "asset_id": asset.asset_id,
            "kind": asset.kind,
            "name": asset.name,
            "status": state.status if state else None,
            "observed_at": state.observed_at.isoformat() if state else None,
            "values": {name: q.model_dump() for name, q in state.values.items()} if state else {},
        },
    }


def domain_geojson(municipality: str, domain: str) -> dict[str, Any]:
    """Every asset of the domain, with its latest state where one has been reported."""
    states = {s.asset_id: s for s in state_store.list_states(municipality, domain)}
    features = [
        _feature(asset, states.get(asset.asset_id))
        for kind in DOMAIN_KINDS[domain]
        for asset in asset_store.list_assets(municipality, kind)
    ]
    return {"type": "FeatureCollection", "features": features}
