"""Dragino LDDS75 ultrasonic distance sensor (firmware 1.1.4 and later, 8-byte frame)."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Codec, Quantity, require_length
from polis.codecs.dragino import battery_volts, check_fport, field
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

_NO_SENSOR = 0
_INVALID = 20
"""Dragino's marker for a reading it could not make, not a distance of 20 mm."""


@register
class Ldds75(Codec):
    model = "dragino/ldds75"
    name = "Dragino LDDS75 LoRaWAN Distance Detection Sensor (ultrasonic)"
    domain = "waste"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        check_fport(fport, {2})
        require_length(payload, 8)
        distance = field(payload, 2, 4)
        if distance == _NO_SENSOR:
            text = "No Sensor"
        elif distance == _INVALID:
            text = "Invalid Reading"
        else:
            text = f"{distance} mm"
        return {
            "Bat": battery_volts(field(payload, 0, 2)),
            "Distance": text,
            "Interrupt_flag": payload[4],
            "TempC_DS18B20": f"{field(payload, 5, 7, signed=True) / 10:.2f}",
            "Sensor_flag": payload[7],
        }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        distance: str = decoded["Distance"]
        # Dragino sends "0.00" when no DS18B20 probe is fitted, so a true 0 °C is lost too.
        probe = decoded["TempC_DS18B20"]
        return quantities(
            {
                "battery_voltage": decoded["Bat"],
                "distance": int(distance.removesuffix(" mm")) if distance.endswith(" mm") else None,
                "probe_temperature": None if probe == "0.00" else float(probe),
            }
        )
