"""Bin access: a municipality's bins and their latest fill state."""

from __future__ import annotations

from datetime import time

from pynamodb.exceptions import PutError

from polis.devices.model import Location
from polis.store.items import BinItem
from polis.store.keys import partition
from polis.store.table import bind
from polis.waste.bins import Bin
from polis.waste.time_of_day import DailyWindow


def _to_item(bin_: Bin) -> BinItem:
    return BinItem(
        pk=partition(bin_.municipality, "BIN"),
        sk=bin_.bin_id,
        municipality=bin_.municipality,
        bin_id=bin_.bin_id,
        name=bin_.name,
        latitude=bin_.location.latitude,
        longitude=bin_.location.longitude,
        depth_mm=bin_.depth_mm,
        volume_litres=bin_.volume_litres,
        waste_stream=bin_.waste_stream,
        full_threshold_pct=bin_.full_threshold_pct,
        dev_eui=bin_.dev_eui,
        fill_pct=bin_.fill_pct,
        observed_at=bin_.observed_at,
        access_start=bin_.access.start.isoformat() if bin_.access else None,
        access_end=bin_.access.end.isoformat() if bin_.access else None,
    )


def _from_item(item: BinItem) -> Bin:
    return Bin(
        municipality=item.municipality,
        bin_id=item.bin_id,
        name=item.name,
        location=Location(latitude=float(item.latitude), longitude=float(item.longitude)),
        depth_mm=float(item.depth_mm),
        volume_litres=float(item.volume_litres),
        waste_stream=item.waste_stream,  # type: ignore[arg-type]  # written from WasteStreamName only
        full_threshold_pct=float(item.full_threshold_pct),
        dev_eui=item.dev_eui,
        fill_pct=float(item.fill_pct) if item.fill_pct is not None else None,
        observed_at=item.observed_at,
        access=(
            DailyWindow(start=time.fromisoformat(item.access_start), end=time.fromisoformat(item.access_end))
            if item.access_start and item.access_end
            else None
        ),
    )


def put_bin(bin_: Bin) -> None:
    bind()
    _to_item(bin_).save()


def get_bin(municipality: str, bin_id: str) -> Bin | None:
    bind()
    try:
        return _from_item(BinItem.get(partition(municipality, "BIN"), bin_id))
    except BinItem.DoesNotExist:
        return None


def list_bins(municipality: str) -> list[Bin]:
    bind()
    return [_from_item(i) for i in BinItem.query(partition(municipality, "BIN"))]


def save_fill_if_newer(bin_: Bin) -> bool:
    """Store the bin's new fill state unless a newer one was stored meanwhile (out-of-order uplinks)."""
    bind()
    assert bin_.observed_at is not None
    try:
        _to_item(bin_).save(
            condition=BinItem.observed_at.does_not_exist() | (BinItem.observed_at < bin_.observed_at)
        )
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
