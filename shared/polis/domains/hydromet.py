"""Hydrometeorology: river levels against flood thresholds, and weather stations' latest values.

A river station's water level, in metres on the scale of its thresholds, comes from whichever
sensor it has: a submersed probe's ``water_level`` (depth above the probe) or ``water_pressure``
(a vented probe in fresh water: 1 bar is 10.197 m), or an ultrasonic sensor's ``distance`` down
to the surface (level = ``sensor_height_m`` - distance). The station is *alarm* at or above
``alarm_level_m``, *warning* at or above ``warning_level_m``, *normal* below. ``flood.warning`` and
``flood.alarm`` go out when the level climbs into them (a first reading there included), and
``flood.cleared`` when it falls back below the warning level; falling from alarm to warning says
nothing, since the warning was already given on the way up.

Weather stations keep their latest values, with no status or event.
"""

from __future__ import annotations

from polis.assets import Asset, AssetKind
from polis.codecs.base import Quantity
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, latest_values, measured, new_state, number
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("river_station", "weather_station")
METRES_PER_BAR = 1e5 / (1000 * 9.80665)
"""The height of fresh water (1000 kg/m³) that 1 bar holds up under standard gravity."""
SEVERITY = {"normal": 0, "warning": 1, "alarm": 2}


def water_level_m(station: Asset, reading: Reading) -> float | None:
    level = number(reading.quantities, "water_level")
    if level is not None:
        return level
    pressure = number(reading.quantities, "water_pressure")
    if pressure is not None:
        return pressure * METRES_PER_BAR
    distance_mm = number(reading.quantities, "distance")
    if distance_mm is not None:
        return station.number("sensor_height_m") - distance_mm / 1000
    return None


def flood_status(level_m: float, warning_m: float, alarm_m: float) -> str:
    if level_m >= alarm_m:
        return "alarm"
    return "warning" if level_m >= warning_m else "normal"


def _river(station: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    level = water_level_m(station, reading)
    if level is None:
        return None
    warning_m, alarm_m = station.number("warning_level_m"), station.number("alarm_level_m")
    status = flood_status(level, warning_m, alarm_m)
    values = {**latest_values(previous, reading), "water_level": Quantity(value=round(level, 3), unit="m")}
    state = new_state(station, reading, values, status)
    was = previous.status if previous and previous.status in SEVERITY else "normal"
    if SEVERITY[status] > SEVERITY[was]:
        kind = f"flood.{status}"
    elif status == "normal" and was != "normal":
        kind = "flood.cleared"
    else:
        return Update(state, [])
    detail = {"level_m": round(level, 3), "warning_level_m": warning_m, "alarm_level_m": alarm_m}
    return Update(state, [event(station, reading, kind, **detail)])


def next_state(station: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    if station.kind == "river_station":
        return _river(station, previous, reading)
    if not measured(reading):
        return None
    return Update(new_state(station, reading, latest_values(previous, reading), None), [])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
