"""Environment: air quality, climate and meters; ``air.quality.poor`` when PM2.5 gets too high.

An air station is *poor* once a reading's PM2.5 is above its ``pm2_5_poor_ug_m3`` setting,
25 µg/m³ by default: the EU's annual limit today and its daily limit from 2030 (Directive (EU)
2024/2881). The WHO's 24-hour guideline is stricter (15 µg/m³); a municipality that wants it
sets it on the station. Each reading is compared as it comes, not a 24-hour mean, so the station
is *good* again only once PM2.5 falls to 80 % of the threshold: a value hovering around it does
not raise the event on every other uplink.

Meters (water, energy) and climate-only stations keep their latest values, with no status.
"""

from __future__ import annotations

from polis.assets import Asset, AssetKind
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, latest_values, measured, new_state, number
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("air_station", "meter")
PM2_5_POOR_UG_M3 = 25.0
GOOD_AGAIN_SHARE = 0.8


def air_quality(pm2_5: float, poor_above: float, previous_status: str | None) -> str:
    if pm2_5 > poor_above:
        return "poor"
    if previous_status == "poor" and pm2_5 > poor_above * GOOD_AGAIN_SHARE:
        return "poor"
    return "good"


def next_state(asset: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    if not measured(reading):
        return None
    values = latest_values(previous, reading)
    pm2_5 = number(values, "pm2_5")
    previous_status = previous.status if previous else None
    if asset.kind != "air_station" or pm2_5 is None:
        return Update(new_state(asset, reading, values, previous_status), [])
    poor_above = asset.number("pm2_5_poor_ug_m3", PM2_5_POOR_UG_M3)
    status = air_quality(pm2_5, poor_above, previous_status)
    state = new_state(asset, reading, values, status)
    if status == "poor" and previous_status != "poor":
        return Update(state, [event(asset, reading, "air.quality.poor", pm2_5=pm2_5, threshold=poor_above)])
    return Update(state, [])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
