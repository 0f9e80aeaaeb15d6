"""Milesight WS101 smart button, used as a panic button."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import MilesightCodec, label, number
from polis.codecs.quantities import quantities


@register
class Ws101(MilesightCodec):
    model = "milesight-iot/ws101"
    name = "Milesight WS101 Smart Button"
    domain = "telecare"
    channels = {
        (0x01, 0x75): number("battery", 1),
        # An unlisted press value sets no key but the record still counts, as the vendor's does.
        (0xFF, 0x2E): label("button", {1: "short", 2: "long", 3: "double"}, None),
    }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        press = decoded.get("button")
        # Any press is a call for help; a frame without one (battery report) raises no alarm.
        return quantities(
            {
                "battery_level": decoded.get("battery"),
                "alarm": True if press is not None else None,
                "button_press": press,
            }
        )
