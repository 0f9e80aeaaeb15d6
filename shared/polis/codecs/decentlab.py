"""Decentlab's protocol v2, shared by every Decentlab model.

Frame: version byte (2), device id word, flags word, then one group of 16-bit big-endian words
per set flag bit, in bit order. A model is its ordered table of sensor groups; each value is a
formula of the group's raw words. Decentlab's decoder ignores the fPort, unused flag bits and
trailing bytes, and reports each value as ``{displayName, value, unit}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from polis.codecs.base import Codec, DecodeError, require_length
from polis.codecs.numbers import js_number

PROTOCOL_VERSION = 2
_HEADER = 5


@dataclass(frozen=True)
class Value:
    name: str
    display_name: str
    convert: Callable[[Sequence[int]], float]
    """Formula of the group's raw words; keep the vendor's operation order so floats match."""
    unit: str | None = None


@dataclass(frozen=True)
class Sensor:
    words: int
    values: tuple[Value, ...]


def decode_frame(payload: bytes, sensors: Sequence[Sensor]) -> dict[str, Any]:
    if not payload:
        raise DecodeError("empty payload: no protocol version byte")
    if payload[0] != PROTOCOL_VERSION:
        raise DecodeError(f"protocol version {payload[0]} doesn't match v{PROTOCOL_VERSION}")
    require_length(payload, _HEADER, "Decentlab header")
    out: dict[str, Any] = {
        "protocol_version": PROTOCOL_VERSION,
        "device_id": int.from_bytes(payload[1:3], "big"),
    }
    flags = int.from_bytes(payload[3:5], "big")
    pos = _HEADER
    for bit, sensor in enumerate(sensors):
        if not flags >> bit & 1:
            continue
        end = pos + 2 * sensor.words
        require_length(payload, end, f"frame with flags 0x{flags:04X}")
        words = [int.from_bytes(payload[i : i + 2], "big") for i in range(pos, end, 2)]
        pos = end
        for value in sensor.values:
            out[value.name] = {"displayName": value.display_name, "value": js_number(value.convert(words))}
            if value.unit is not None:
                out[value.name]["unit"] = value.unit
    return out


def values(decoded: dict[str, Any]) -> dict[str, Any]:
    """The bare value of every measurement in a decoded frame, by key."""
    return {key: entry["value"] for key, entry in decoded.items() if isinstance(entry, dict)}


BATTERY = Sensor(1, (Value("battery_voltage", "Battery voltage", lambda x: x[0] / 1000, "V"),))
"""The battery group every model carries: one word in millivolts."""

SHT_TEMPERATURE_HUMIDITY = Sensor(
    2,
    (
        Value("air_temperature", "Air temperature", lambda x: 175.72 * x[0] / 65536 - 46.85, "°C"),
        Value("air_humidity", "Air humidity", lambda x: 125 * x[1] / 65536 - 6, "%"),
    ),
)
"""The Sensirion SHT group (temperature and humidity words) several models carry."""


class DecentlabCodec(Codec):
    """A Decentlab model: its sensor table is all a subclass gives, plus ``normalize``."""

    sensors: ClassVar[tuple[Sensor, ...]]

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        return decode_frame(payload, self.sensors)
