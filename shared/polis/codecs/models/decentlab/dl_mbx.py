"""Decentlab DL-MBX ultrasonic distance / level sensor."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.decentlab import BATTERY, DecentlabCodec, Sensor, Value, values
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities


@register
class DlMbx(DecentlabCodec):
    model = "decentlab/dl-mbx"
    name = "Decentlab DL-MBX Ultrasonic Distance / Level Sensor for LoRaWAN"
    domain = "water"
    sensors = (
        Sensor(
            2,
            (
                Value("distance", "Distance", lambda x: x[0], "mm"),
                Value("number_of_valid_samples", "Number of valid samples", lambda x: x[1]),
            ),
        ),
        BATTERY,
    )

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        v = values(decoded)
        return quantities(
            {
                # Without a valid echo the distance word is meaningless, not "at the sensor".
                "distance": v.get("distance") if v.get("number_of_valid_samples") else None,
                "battery_voltage": v.get("battery_voltage"),
            }
        )
