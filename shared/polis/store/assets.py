"""Asset access: a municipality's assets by kind, with the settings their domains need."""

from __future__ import annotations

from collections.abc import Iterable

from polis.assets import ASSET_KINDS, Asset, AssetKind
from polis.devices.model import Location
from polis.store.items import AssetItem
from polis.store.keys import partition
from polis.store.table import bind


class AssetIdTaken(Exception):
    def __init__(self, asset: Asset, other: Asset) -> None:
        super().__init__(f"asset id {asset.asset_id} is already taken by a {other.kind}")


def _pk(municipality: str, kind: AssetKind) -> str:
    return partition(municipality, "ASSET", kind)


def _to_item(asset: Asset) -> AssetItem:
    return AssetItem(
        pk=_pk(asset.municipality, asset.kind),
        sk=asset.asset_id,
        municipality=asset.municipality,
        asset_id=asset.asset_id,
        kind=asset.kind,
        name=asset.name,
        latitude=asset.location.latitude,
        longitude=asset.location.longitude,
        settings=dict(asset.settings),
    )


def _from_item(item: AssetItem) -> Asset:
    return Asset(
        municipality=item.municipality,
        asset_id=item.asset_id,
        kind=item.kind,  # type: ignore[arg-type]  # written from AssetKind only
        name=item.name,
        location=Location(latitude=float(item.latitude), longitude=float(item.longitude)),
        settings=item.settings.as_dict(),
    )


def _find(municipality: str, asset_id: str, kinds: Iterable[AssetKind]) -> list[Asset]:
    keys = [(_pk(municipality, kind), asset_id) for kind in kinds]
    return [_from_item(i) for i in AssetItem.batch_get(keys, consistent_read=True)]


def put_asset(asset: Asset) -> None:
    """Create or replace an asset; its id may not be another kind's in the same municipality."""
    bind()
    others = _find(asset.municipality, asset.asset_id, (k for k in ASSET_KINDS if k != asset.kind))
    if others:
        raise AssetIdTaken(asset, others[0])
    _to_item(asset).save()


def get_asset(municipality: str, asset_id: str, kinds: Iterable[AssetKind]) -> Asset | None:
    """The asset with this id if it is of one of ``kinds`` (a device knows the id, its domain the kinds)."""
    bind()
    found = _find(municipality, asset_id, kinds)
    return found[0] if found else None


def list_assets(municipality: str, kind: AssetKind) -> list[Asset]:
    bind()
    return [_from_item(i) for i in AssetItem.query(_pk(municipality, kind))]
