"""Milesight WS558 smart light controller (eight switched circuits with metering)."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import Channel, Fields, MilesightCodec, number
from polis.codecs.quantities import quantities

_SWITCHES = 8


def _switches(value: bytes) -> Fields:
    # The first byte is ignored by the vendor; the second holds one bit per circuit.
    states = value[1]
    return {f"switch_{n + 1}": "on" if states >> n & 1 else "off" for n in range(_SWITCHES)}


@register
class Ws558(MilesightCodec):
    model = "milesight-iot/ws558"
    name = "Milesight WS558 Smart Light Controller"
    domain = "lighting"
    channels = {
        (0x03, 0x74): number("voltage", 2, scale=10),
        # Signed because the vendor builds these with 32-bit JavaScript shifts.
        (0x04, 0x80): number("active_power", 4, signed=True),
        (0x05, 0x81): number("power_factor", 1),
        (0x06, 0x83): number("power_consumption", 4, signed=True),
        (0x07, 0xC9): number("total_current", 2),
        (0x08, 0x31): Channel(2, _switches),
    }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        watt_hours = decoded.get("power_consumption")
        switches = {
            f"switch_{n}": decoded[f"switch_{n}"] == "on"
            for n in range(1, _SWITCHES + 1)
            if f"switch_{n}" in decoded
        }
        return quantities(
            {
                "voltage": decoded.get("voltage"),
                "power": decoded.get("active_power"),
                "power_factor": decoded.get("power_factor"),
                "energy": None if watt_hours is None else watt_hours / 1000,
                "current": decoded.get("total_current"),
                **switches,
            }
        )
