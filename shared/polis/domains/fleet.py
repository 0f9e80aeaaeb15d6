"""Fleet: each vehicle's last known position; ``vehicle.alarm`` when its SOS alarm goes on.

A frame without a GPS fix keeps the last known position. A tracker in alarm repeats the alarm
flag in every frame until it is cleared, so the event goes out when the flag turns on, not on each
repeat; movement raises no event (the position is state, read by whoever needs it).
"""

from __future__ import annotations

from polis.assets import Asset, AssetKind
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, flag, latest_values, measured, new_state, number
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("vehicle",)


def next_state(vehicle: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    if not measured(reading):
        return None
    values = latest_values(previous, reading)
    status = "alarm" if flag(values, "alarm") else "ok"
    state = new_state(vehicle, reading, values, status)
    if status == "alarm" and (previous is None or previous.status != "alarm"):
        position = {"latitude": number(values, "latitude"), "longitude": number(values, "longitude")}
        return Update(state, [event(vehicle, reading, "vehicle.alarm", **position)])
    return Update(state, [])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
