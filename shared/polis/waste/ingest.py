"""What a bin sensor's reading changes: the bin's fill level, and a ``bin.full`` event."""

from __future__ import annotations

from polis.devices.model import Device
from polis.events import DomainEvent
from polis.readings import Reading
from polis.waste.bins import with_reading
from polis.waste.store import bins as bin_store


class BinNotFound(LookupError):
    pass


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    if device.asset_id is None:
        raise BinNotFound(f"device {device.dev_eui} is not attached to a bin")
    current = bin_store.get_bin(device.municipality, device.asset_id)
    if current is None:
        raise BinNotFound(f"bin {device.asset_id} of device {device.dev_eui} does not exist")
    updated = with_reading(current, reading)
    if updated is None or not bin_store.save_fill_if_newer(updated):
        return []
    if updated.is_full and not current.is_full:
        return [
            DomainEvent(
                detail_type="bin.full",
                municipality=updated.municipality,
                detail={"bin_id": updated.bin_id, "fill_pct": updated.fill_pct, "dev_eui": device.dev_eui},
            )
        ]
    return []
