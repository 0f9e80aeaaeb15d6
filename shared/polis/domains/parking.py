"""Parking: whether each spot is taken; ``spot.occupied`` and ``spot.freed`` when that changes.

A spot's first reading is a change too (from unknown), so a consumer counting free spots from
the events alone misses none.
"""

from __future__ import annotations

from polis.assets import Asset, AssetKind
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, flag, latest_values, new_state
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("parking_spot",)


def next_state(spot: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    occupied = flag(reading.quantities, "occupied")
    if occupied is None:
        return None
    status = "occupied" if occupied else "free"
    state = new_state(spot, reading, latest_values(previous, reading), status)
    if previous is not None and previous.status == status:
        return Update(state, [])
    return Update(state, [event(spot, reading, "spot.occupied" if occupied else "spot.freed")])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
