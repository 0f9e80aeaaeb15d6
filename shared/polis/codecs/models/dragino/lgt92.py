"""Dragino LGT-92 GPS tracker with SOS button."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Codec, Quantity, require_length
from polis.codecs.dragino import battery_volts, check_fport, field
from polis.codecs.lookup import register
from polis.codecs.numbers import scaled
from polis.codecs.quantities import quantities

_MOTION_MODES = ("Disable", "Move", "Collide", "User")
_FW_1_5_LENGTH = 15
"""Firmware 1.5 appends roll and pitch."""
_FW_1_6_LENGTH = 18
"""Firmware 1.6 appends roll, pitch, HDOP and altitude."""
_LOW_BATTERY_V = 2.84
_GPS_OFF = 268
"""0x0FFFFFFF millionths of a degree: the tracker's placeholder when it turned GPS off."""


@register
class Lgt92(Codec):
    model = "dragino/lgt92"
    name = "Dragino LGT-92 LoRaWAN GPS Tracker"
    domain = "fleet"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        check_fport(fport, {2})
        require_length(payload, 11)
        status, flags = field(payload, 8, 10), payload[10]
        out: dict[str, Any] = {
            "latitude": scaled(field(payload, 0, 4, signed=True), 1_000_000),
            "longitude": scaled(field(payload, 4, 8, signed=True), 1_000_000),
            "ALARM_status": bool(status & 0x4000),
            "BatV": battery_volts(status),
            "MD": _MOTION_MODES[flags >> 6],
            "LON": bool(flags & 0x20),
            "FW": 160 + (flags & 0x1F),
        }
        # The vendor drops the position keys rather than report placeholders; it says why
        # in a warning, which is not part of the decoded object.
        gps_off = out["BatV"] <= _LOW_BATTERY_V and out["latitude"] > _GPS_OFF and out["longitude"] > _GPS_OFF
        if gps_off or out["latitude"] == out["longitude"] == 0:
            del out["latitude"], out["longitude"]
        if len(payload) == _FW_1_6_LENGTH:
            out["hdop"] = scaled(payload[15], 100)
            out["altitude"] = scaled(field(payload, 16, 18, signed=True), 100)
        if len(payload) in (_FW_1_5_LENGTH, _FW_1_6_LENGTH):
            out["Roll"] = scaled(field(payload, 11, 13, signed=True), 100)
            out["Pitch"] = scaled(field(payload, 13, 15, signed=True), 100)
        return out

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        latitude, longitude = decoded.get("latitude"), decoded.get("longitude")
        # The vendor keeps the GPS-off placeholders when the battery is above its threshold.
        if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
            latitude = longitude = None
        return quantities(
            {
                "latitude": latitude,
                "longitude": longitude,
                "altitude": decoded.get("altitude") if latitude is not None else None,
                "battery_voltage": decoded["BatV"],
                "alarm": decoded["ALARM_status"],
            }
        )
