"""Device batteries, in every domain: ``battery.low`` once when a battery runs low.

Low is under 20 % where the device reports a level, else under its model's voltage threshold. A
battery counts as fine again only well above that (30 %, or 0.2 V above the threshold): a cell
near the limit reads a little higher or lower with the temperature, and each crossing back and
forth would otherwise raise the event again. In between, the last judgement stands. The device
registry keeps the judgement (``battery_low``), so the event goes out once per fall.
"""

from __future__ import annotations

from typing import NamedTuple

from polis.devices.model import Device
from polis.domains.common import number
from polis.events import DomainEvent, device_event
from polis.readings import Reading
from polis.store import devices as device_store

LOW_LEVEL_PCT = 20.0
RECOVERED_LEVEL_PCT = 30.0
LOW_VOLTAGE_V = 3.0
"""Most of these sensors run on a 3.6 V lithium-thionyl chloride cell, whose voltage holds until it
is nearly spent: under 3.0 V it is due for replacement."""
LOW_VOLTAGE_V_BY_MODEL = {
    # A 3 V cell: the vendor's own battery status calls it low under 2.55 V.
    "dragino/lht65": 2.55,
    # Two AAA alkaline cells: under 1.2 V each they are past the knee of their discharge.
    "dragino/lds02": 2.4,
}
RECOVERY_V = 0.2


class Judgement(NamedTuple):
    quantity: str
    value: float
    low_below: float
    low: bool | None
    """True when low, False when clearly fine, None in between (the last judgement stands)."""


def _low(value: float, low_below: float, fine_from: float) -> bool | None:
    if value < low_below:
        return True
    return False if value >= fine_from else None


def judge(model: str, reading: Reading) -> Judgement | None:
    """The reading's verdict on the battery; None when it carries no battery value."""
    level = number(reading.quantities, "battery_level")
    if level is not None:
        return Judgement(
            "battery_level", level, LOW_LEVEL_PCT, _low(level, LOW_LEVEL_PCT, RECOVERED_LEVEL_PCT)
        )
    volts = number(reading.quantities, "battery_voltage")
    if volts is None:
        return None
    low_below = LOW_VOLTAGE_V_BY_MODEL.get(model, LOW_VOLTAGE_V)
    return Judgement("battery_voltage", volts, low_below, _low(volts, low_below, low_below + RECOVERY_V))


def battery_events(device: Device, reading: Reading) -> list[DomainEvent]:
    """``battery.low`` if this reading, the device's newest, is the one its battery ran low in."""
    judgement = judge(device.model, reading)
    if judgement is None or judgement.low is None:
        return []
    if not device_store.set_battery_low(device, judgement.low) or not judgement.low:
        return []
    details = {judgement.quantity: judgement.value, "threshold": judgement.low_below}
    return [device_event("battery.low", device, observed_at=reading.observed_at.isoformat(), **details)]
