"""Milesight EM500-SWL submersible water level sensor."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import MilesightCodec, number
from polis.codecs.quantities import quantities


@register
class Em500Swl(MilesightCodec):
    model = "milesight-iot/em500-swl"
    name = "Milesight EM500-SWL Submersible Water Level Sensor"
    domain = "water"
    channels = {
        (0x01, 0x75): number("battery", 1),
        # The vendor's key says distance, but the probe sits on the bottom: it is the depth of
        # water above it, in cm.
        (0x03, 0x77): number("distance", 2),
    }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        centimetres = decoded.get("distance")
        return quantities(
            {
                "battery_level": decoded.get("battery"),
                "water_level": None if centimetres is None else centimetres / 100,
            }
        )
