"""Milesight AM307 indoor air quality sensor (the same decoder serves the AM319's extra channels)."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import MilesightCodec, label, number
from polis.codecs.quantities import quantities


@register
class Am307(MilesightCodec):
    model = "milesight-iot/am307"
    name = "Milesight AM307 LoRaWAN Indoor Air Quality Sensor (7 in 1)"
    domain = "environment"
    channels = {
        (0x01, 0x75): number("battery", 1),
        (0x03, 0x67): number("temperature", 2, scale=10, signed=True),
        (0x04, 0x68): number("humidity", 1, scale=2),
        (0x05, 0x00): label("pir", {1: "trigger"}, "idle"),
        (0x06, 0xCB): number("light_level", 1),
        (0x07, 0x7D): number("co2", 2),
        (0x08, 0x7D): number("tvoc", 2),
        (0x09, 0x73): number("pressure", 2, scale=10),
        (0x0A, 0x7D): number("hcho", 2, scale=100),
        (0x0B, 0x7D): number("pm2_5", 2),
        (0x0C, 0x7D): number("pm10", 2),
        (0x0D, 0x7D): number("o3", 2, scale=100),
        (0x0E, 0x01): label("beep", {1: "yes"}, "no"),
    }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        pir, o3_ppm = decoded.get("pir"), decoded.get("o3")
        # TVOC is left out: on this record type its scale depends on the firmware (raw ppb on
        # some, an IAQ index times 100 on others) and the frame does not say which.
        return quantities(
            {
                "battery_level": decoded.get("battery"),
                "temperature": decoded.get("temperature"),
                "humidity": decoded.get("humidity"),
                "motion": None if pir is None else pir == "trigger",
                "light_level": decoded.get("light_level"),
                "co2": decoded.get("co2"),
                "barometric_pressure": decoded.get("pressure"),
                "hcho": decoded.get("hcho"),
                "pm2_5": decoded.get("pm2_5"),
                "pm10": decoded.get("pm10"),
                # ppm with 0.01 resolution, so whole ppb after rounding away float noise.
                "o3": None if o3_ppm is None else round(o3_ppm * 1000),
            }
        )
