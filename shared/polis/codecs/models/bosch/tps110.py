"""Bosch TPS110 parking lot sensor (firmware 0.29.2 codec)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polis.codecs.base import Codec, Quantity, require_length
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

_RESET_CAUSES = {1: "watchdog", 2: "power on", 3: "system request", 4: "other"}
_DEBUG_SLOTS = (0, 4, 8)


def _occupied(byte: int) -> bool:
    return bool(byte & 0x01)


def _debug_code(low: int, high: int) -> int:
    return (high & 0x0F) << 8 | low


def _status(payload: bytes) -> dict[str, Any]:
    require_length(payload, 1)
    return {"type": "parking status", "occupied": _occupied(payload[0])}


def _heartbeat(payload: bytes) -> dict[str, Any]:
    require_length(payload, 1)
    out: dict[str, Any] = {"type": "heartbeat", "occupied": _occupied(payload[0])}
    if len(payload) >= 2:
        out["temperature"] = int.from_bytes(payload[1:2], signed=True)
    return out


def _startup(payload: bytes) -> dict[str, Any]:
    require_length(payload, 17)
    codes = [_debug_code(payload[slot], payload[slot + 1]) for slot in _DEBUG_SLOTS]
    out: dict[str, Any] = {
        "type": "startup",
        "debugCodes": [code for code in codes if code],
        "firmwareVersion": ".".join(str(part) for part in payload[12:15]),
    }
    # An unlisted cause is undefined in the vendor's code, so the key vanishes from its JSON.
    if payload[15] in _RESET_CAUSES:
        out["resetCause"] = _RESET_CAUSES[payload[15]]
    out["occupied"] = _occupied(payload[16])
    return out


def _raw(kind: str) -> Callable[[bytes], dict[str, Any]]:
    # Bosch's decoder does not parse these frames; it hands the bytes on.
    return lambda payload: {"type": kind, "bytes": list(payload)}


def _debug(payload: bytes) -> dict[str, Any]:
    require_length(payload, 10)
    return {
        "type": "debug",
        "timestamp": int.from_bytes(payload[0:4], "little", signed=True),
        "debugCode": _debug_code(payload[4], payload[5]),
        "sequenceNumber": int.from_bytes(payload[8:10], "little"),
    }


_PORTS = {
    1: _status,
    2: _heartbeat,
    3: _startup,
    4: _raw("device information"),
    5: _raw("device usage"),
    6: _debug,
}


@register
class Tps110(Codec):
    model = "bosch/tps110"
    name = "Bosch Parking Lot Sensor TPS110"
    domain = "parking"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        # Bosch's decoder answers an unknown fPort with an empty object, not an error.
        port = _PORTS.get(fport)
        return {} if port is None else port(payload)

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        return quantities({"occupied": decoded.get("occupied"), "temperature": decoded.get("temperature")})
