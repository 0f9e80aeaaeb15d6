"""Decentlab DL-PM particulate matter, temperature, humidity and barometric pressure sensor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.decentlab import BATTERY, SHT_TEMPERATURE_HUMIDITY, DecentlabCodec, Sensor, Value, values
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

_MASS = "µg⋅m⁻³"
_NUMBER = "1⋅cm⁻³"


def _tenths(index: int) -> Callable[[Sequence[int]], float]:
    return lambda x: x[index] / 10


_PM = Sensor(
    10,
    (
        Value("pm1_0_mass_concentration", "PM1.0 mass concentration", _tenths(0), _MASS),
        Value("pm2_5_mass_concentration", "PM2.5 mass concentration", _tenths(1), _MASS),
        Value("pm4_mass_concentration", "PM4 mass concentration", _tenths(2), _MASS),
        Value("pm10_mass_concentration", "PM10 mass concentration", _tenths(3), _MASS),
        Value("typical_particle_size", "Typical particle size", lambda x: x[4], "nm"),
        Value("pm0_5_number_concentration", "PM0.5 number concentration", _tenths(5), _NUMBER),
        Value("pm1_0_number_concentration", "PM1.0 number concentration", _tenths(6), _NUMBER),
        Value("pm2_5_number_concentration", "PM2.5 number concentration", _tenths(7), _NUMBER),
        Value("pm4_number_concentration", "PM4 number concentration", _tenths(8), _NUMBER),
        Value("pm10_number_concentration", "PM10 number concentration", _tenths(9), _NUMBER),
    ),
)


@register
class DlPm(DecentlabCodec):
    model = "decentlab/dl-pm"
    name = (
        "Decentlab DL-PM Particulate Matter, Temperature, Humidity and Barometric Pressure Sensor for LoRaWAN"
    )
    domain = "environment"
    sensors = (
        BATTERY,
        _PM,
        SHT_TEMPERATURE_HUMIDITY,
        Sensor(1, (Value("barometric_pressure", "Barometric pressure", lambda x: x[0] * 2, "Pa"),)),
    )

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        v = values(decoded)
        pascal = v.get("barometric_pressure")
        return quantities(
            {
                "pm1": v.get("pm1_0_mass_concentration"),
                "pm2_5": v.get("pm2_5_mass_concentration"),
                "pm4": v.get("pm4_mass_concentration"),
                "pm10": v.get("pm10_mass_concentration"),
                "temperature": v.get("air_temperature"),
                "humidity": v.get("air_humidity"),
                "barometric_pressure": None if pascal is None else pascal / 100,
                "battery_voltage": v.get("battery_voltage"),
            }
        )
