"""Milesight EM310-UDL ultrasonic distance sensor (bins, tanks), Milesight's 2025 decoder."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import DecodeError, Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import Channel, Fields, MilesightCodec, label, number, sint, uint
from polis.codecs.quantities import quantities

_CONDITIONS = {0: "disable", 1: "below", 2: "above", 3: "between", 4: "outside"}
_CLASSES = {0: "Class A", 1: "Class B", 2: "Class C", 3: "Class CtoB"}
_DEVICE, _DOWNLINK_RESPONSE = 0xFF, 0xFE


def _hex(byte: int) -> str:
    return format(byte, "x")


def _alarm_config(value: bytes) -> Fields:
    head = value[0]
    return {
        "distance_alarm_config": {
            "condition": _CONDITIONS.get(head & 0x07, "unknown"),
            "alarm_release_enable": "enable" if head & 0x80 else "disable",
            "threshold_min": sint(value[1:3]),
            "threshold_max": sint(value[3:5]),
            "lock_time": uint(value[5:7]),
            "continue_time": uint(value[7:9]),
        }
    }


# Answers to downlink commands come under either channel id.
_RESPONSES = {
    0x10: Channel(1, lambda v: {"reboot": "yes"}),
    0x02: number("collection_interval", 2),
    0x03: number("report_interval", 2),
    0x06: Channel(9, _alarm_config),
}


@register
class Em310Udl(MilesightCodec):
    model = "milesight-iot/em310-udl"
    name = "Milesight EM310-UDL Ultrasonic Distance Sensor"
    domain = "waste"
    channels = {
        (0x01, 0x75): number("battery", 1),
        (0x03, 0x82): number("distance", 2),
        (0x04, 0x00): label("position", {0: "normal", 1: "tilt"}, "unknown"),
        (0xFF, 0x01): Channel(1, lambda v: {"ipso_version": f"v{v[0] >> 4}.{v[0] & 0x0F}"}),
        (0xFF, 0x09): Channel(2, lambda v: {"hardware_version": f"v{_hex(v[0])}.{v[1] >> 4}"}),
        (0xFF, 0x0A): Channel(2, lambda v: {"firmware_version": f"v{_hex(v[0])}.{_hex(v[1])}"}),
        (0xFF, 0xFF): Channel(2, lambda v: {"tsl_version": f"v{v[0]}.{v[1]}"}),
        (0xFF, 0x16): Channel(8, lambda v: {"sn": v.hex()}),
        (0xFF, 0x0F): label("lorawan_class", _CLASSES, "unknown"),
        (0xFF, 0xFE): Channel(1, lambda v: {"reset_event": "reset"}),
        (0xFF, 0x0B): Channel(1, lambda v: {"device_status": "on"}),
        **{
            (channel, kind): record
            for channel in (_DEVICE, _DOWNLINK_RESPONSE)
            for kind, record in _RESPONSES.items()
        },
    }

    def unknown_record(self, channel_id: int, channel_type: int | None) -> None:
        # Milesight's decoder throws here rather than stopping quietly.
        if channel_id in (_DEVICE, _DOWNLINK_RESPONSE):
            kind = "missing" if channel_type is None else f"{channel_type:02X}"
            raise DecodeError(f"unknown downlink response: channel {channel_id:02X} type {kind}")

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        position = decoded.get("position")  # "normal", "tilt", "unknown" or absent
        tilted = {"normal": False, "tilt": True}.get(position) if isinstance(position, str) else None
        return quantities(
            {
                "battery_level": decoded.get("battery"),
                "distance": decoded.get("distance"),
                # A tilted sensor measures to the bin wall, so fill logic must know.
                "tilt": tilted,
            }
        )
