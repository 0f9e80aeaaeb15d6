"""Decentlab DL-ATM41 eleven-parameter weather station (METER ATMOS 41)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.decentlab import BATTERY, DecentlabCodec, Sensor, Value, values
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

_WIND = "m⋅s⁻¹"


def _signed(index: int, divisor: int = 1) -> Callable[[Sequence[int]], float]:
    # Offset binary: 0x8000 is zero, so below it the quantity is negative.
    return lambda x: (x[index] - 32768) / divisor


_WEATHER = Sensor(
    17,
    (
        Value("solar_radiation", "Solar radiation", _signed(0), "W⋅m⁻²"),
        Value("precipitation", "Precipitation", _signed(1, 1000), "mm"),
        Value("lightning_strike_count", "Lightning strike count", _signed(2)),
        Value("lightning_average_distance", "Lightning average distance", _signed(3), "km"),
        Value("wind_speed", "Wind speed", _signed(4, 100), _WIND),
        Value("wind_direction", "Wind direction", _signed(5, 10), "°"),
        Value("maximum_wind_speed", "Maximum wind speed", _signed(6, 100), _WIND),
        Value("air_temperature", "Air temperature", _signed(7, 10), "°C"),
        Value("vapor_pressure", "Vapor pressure", _signed(8, 100), "kPa"),
        Value("atmospheric_pressure", "Atmospheric pressure", _signed(9, 100), "kPa"),
        Value("relative_humidity", "Relative humidity", _signed(10, 10), "%"),
        Value("sensor_temperature_internal", "Sensor temperature (internal)", _signed(11, 10), "°C"),
        Value("x_orientation_angle", "X orientation angle", _signed(12, 10), "°"),
        Value("y_orientation_angle", "Y orientation angle", _signed(13, 10), "°"),
        Value("compass_heading", "Compass heading", _signed(14), "°"),
        Value("north_wind_speed", "North wind speed", _signed(15, 100), _WIND),
        Value("east_wind_speed", "East wind speed", _signed(16, 100), _WIND),
    ),
)


def _kpa_to_hpa(kpa: float | None) -> float | None:
    # Rounded to the sensor's 0.01 kPa resolution so 95.96 kPa reads 959.6 hPa, not 959.6000000000001.
    return None if kpa is None else round(kpa * 10, 1)


@register
class DlAtm41(DecentlabCodec):
    model = "decentlab/dl-atm41"
    name = "Decentlab DL-ATM41 Eleven Parameter Weather Station for LoRaWAN"
    domain = "weather"
    sensors = (_WEATHER, BATTERY)

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        v = values(decoded)
        # The average distance of no strikes is a placeholder 0, not a strike overhead.
        strikes = v.get("lightning_strike_count")
        return quantities(
            {
                "solar_radiation": v.get("solar_radiation"),
                "rain": v.get("precipitation"),
                "lightning_strikes": strikes,
                "lightning_distance": v.get("lightning_average_distance") if strikes else None,
                "wind_speed": v.get("wind_speed"),
                "wind_gust": v.get("maximum_wind_speed"),
                "wind_direction": v.get("wind_direction"),
                "temperature": v.get("air_temperature"),
                "humidity": v.get("relative_humidity"),
                "vapor_pressure": _kpa_to_hpa(v.get("vapor_pressure")),
                "barometric_pressure": _kpa_to_hpa(v.get("atmospheric_pressure")),
                "battery_voltage": v.get("battery_voltage"),
            }
        )
