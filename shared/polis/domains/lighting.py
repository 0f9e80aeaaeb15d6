"""Street lights and smart crossings: on or off, power and energy; ``light.fault`` on a dead lamp.

One controller (WS558) switches and meters the circuits of one asset. The asset is *on* when any
circuit is switched on, and *faulty* when a reading shows a circuit on while the power drawn is
under 10 % of the asset's ``rated_power_w`` (under 1 W without it): the relay closed but the lamps
draw next to nothing. Only a reading carrying both the switches and the power can show a fault,
since the power of an older frame may predate the switching; a fault holds until such a reading
says otherwise or the circuits are switched off.
"""

from __future__ import annotations

from collections.abc import Mapping

from polis.assets import Asset, AssetKind
from polis.codecs.base import Quantity
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, flag, latest_values, measured, new_state, number
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("light", "crossing")
FAULT_SHARE_OF_RATED_POWER = 0.1
FAULT_POWER_W_UNRATED = 1.0


def _switched_on(values: Mapping[str, Quantity]) -> bool | None:
    switches = [flag(values, name) for name in values if name.startswith("switch_")]
    return any(switches) if switches else None


def _fault_below_w(asset: Asset) -> float:
    if "rated_power_w" in asset.settings:
        return asset.number("rated_power_w") * FAULT_SHARE_OF_RATED_POWER
    return FAULT_POWER_W_UNRATED


def lighting_status(
    asset: Asset, values: Mapping[str, Quantity], reading: Reading, previous: str | None
) -> str | None:
    on = _switched_on(values)
    if on is None:
        return None
    if not on:
        return "off"
    power = number(reading.quantities, "power")
    if power is None or _switched_on(reading.quantities) is None:
        return "fault" if previous == "fault" else "on"
    return "fault" if power < _fault_below_w(asset) else "on"


def next_state(asset: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    if not measured(reading):
        return None
    values = latest_values(previous, reading)
    previous_status = previous.status if previous else None
    status = lighting_status(asset, values, reading, previous_status)
    state = new_state(asset, reading, values, status)
    if status == "fault" and previous_status != "fault":
        return Update(state, [event(asset, reading, "light.fault", power_w=number(values, "power"))])
    return Update(state, [])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
