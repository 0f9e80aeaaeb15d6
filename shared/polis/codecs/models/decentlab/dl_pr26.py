"""Decentlab DL-PR26 pressure / liquid level and temperature sensor, 0...1 bar variant."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.decentlab import BATTERY, DecentlabCodec, Sensor, Value, values
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

# The transducer's range in bar; TTN's codec for this model is the 0...1 bar variant.
P_MIN = 0.0
P_MAX = 1.0


@register
class DlPr26(DecentlabCodec):
    model = "decentlab/dl-pr26"
    name = "Decentlab DL-PR26 Pressure / Liquid Level and Temperature Sensor for LoRaWAN (0...1 bar variant)"
    domain = "water"
    sensors = (
        Sensor(
            2,
            (
                Value(
                    "pressure", "Pressure", lambda x: (x[0] - 16384) / 32768 * (P_MAX - P_MIN) + P_MIN, "bar"
                ),
                Value("temperature", "Temperature", lambda x: (x[1] - 384) * 0.003125 - 50, "°C"),
            ),
        ),
        BATTERY,
    )

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        v = values(decoded)
        # Pressure stays pressure: a depth needs the liquid's density and whether the probe is
        # vented, which the site's configuration knows and the frame does not.
        return quantities(
            {
                "water_pressure": v.get("pressure"),
                "water_temperature": v.get("temperature"),
                "battery_voltage": v.get("battery_voltage"),
            }
        )
