"""Polis quantity names and their units: one vocabulary for every codec's ``normalize``.

Units are UCUM codes. A codec emits only names listed here, so downstream logic (bin fill,
flood thresholds, open data) can rely on them whatever the vendor. ``None`` marks a value with
no physical unit: a boolean state, a count or a label.

Choices worth knowing:

- ``distance`` is sensor-to-surface in mm (bins, rivers); the platform turns it into a fill
  level or a water level with the mounting height it knows and the device does not.
- ``water_level`` is a depth of water in m, as gauges report it.
- Gas concentrations use UCUM's ``[ppm]``/``[ppb]`` (plain ``ppm`` is not a UCUM code), and
  energy ``kW.h`` for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from polis.codecs.base import Quantity

Value = float | int | bool | str

QUANTITIES: dict[str, str | None] = {
    # device health
    "battery_voltage": "V",
    "battery_level": "%",
    # distance and position
    "distance": "mm",
    "tilt": None,
    "latitude": "deg",
    "longitude": "deg",
    "altitude": "m",
    # climate
    "temperature": "Cel",
    "probe_temperature": "Cel",
    "humidity": "%",
    "barometric_pressure": "hPa",
    "vapor_pressure": "hPa",
    "illuminance": "lx",
    "light_level": None,
    # air quality
    "co2": "[ppm]",
    "no2": "[ppb]",
    "no": "[ppb]",
    "ox": "[ppb]",
    "o3": "[ppb]",
    "co": "[ppb]",
    "hcho": "mg/m3",
    "pm1": "ug/m3",
    "pm2_5": "ug/m3",
    "pm4": "ug/m3",
    "pm10": "ug/m3",
    # weather
    "solar_radiation": "W/m2",
    "rain": "mm",
    "wind_speed": "m/s",
    "wind_gust": "m/s",
    "wind_direction": "deg",
    "lightning_strikes": None,
    "lightning_distance": "km",
    # water
    "water_level": "m",
    "water_pressure": "bar",
    "water_temperature": "Cel",
    "water_volume": "L",
    "water_volume_interval": "L",
    "water_leak": None,
    "water_leak_count": None,
    # occupancy and presence
    "occupied": None,
    "motion": None,
    "door_open": None,
    "door_open_count": None,
    "people_in": None,
    "people_out": None,
    "people_in_total": None,
    "people_out_total": None,
    # telecare
    "alarm": None,
    "button_press": None,
    # energy and lighting
    "voltage": "V",
    "current": "mA",
    "power": "W",
    "power_factor": "%",
    "energy": "kW.h",
    **{f"switch_{n}": None for n in range(1, 9)},
}


def quantity(name: str, value: Value) -> Quantity:
    """A quantity with the vocabulary's unit, so no codec can pair a name with another unit."""
    return Quantity(value=value, unit=QUANTITIES[name])


def quantities(values: Mapping[str, Value | None]) -> dict[str, Quantity]:
    """Quantities for the values a frame carried; None marks one it did not (or not validly)."""
    return {name: quantity(name, value) for name, value in values.items() if value is not None}
