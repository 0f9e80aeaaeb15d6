"""Dragino LDS02 door sensor (door open and water leak, with counters and an alarm flag)."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Codec, Quantity, require_length
from polis.codecs.dragino import battery_volts, check_fport, field
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities

_FRAME = 10
_DOOR_COUNTING, _LEAK_COUNTING, _STATUS = 1, 2, 3


@register
class Lds02(Codec):
    model = "dragino/lds02"
    name = "Dragino LDS02 LoRaWAN Door Sensor"
    domain = "telecare"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        check_fport(fport, {10})
        require_length(payload, 3)
        # The vendor reads bytes past a short frame as 0 (its own documented example is 7 bytes).
        frame = payload[:_FRAME].ljust(_FRAME, b"\0")
        word = field(frame, 0, 2)
        door, leak, alarm = word >> 15 & 1, word >> 14 & 1, frame[9] & 1
        count, duration = field(frame, 3, 6), field(frame, 6, 9)
        mode = frame[2]
        out: dict[str, Any] = {"BAT_V": battery_volts(word), "MOD": mode}
        if mode == _DOOR_COUNTING:
            out |= {
                "DOOR_OPEN_STATUS": door,
                "DOOR_OPEN_TIMES": count,
                "LAST_DOOR_OPEN_DURATION": duration,
                "ALARM": alarm,
            }
        elif mode == _LEAK_COUNTING:
            out |= {
                "WATER_LEAK_STATUS": leak,
                "WATER_LEAK_TIMES": count,
                "LAST_WATER_LEAK_DURATION": duration,
            }
        elif mode == _STATUS:
            out |= {"DOOR_OPEN_STATUS": door, "WATER_LEAK_STATUS": leak, "ALARM": alarm}
        return out

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        def flag(key: str) -> bool | None:
            return None if key not in decoded else decoded[key] == 1

        return quantities(
            {
                "battery_voltage": decoded["BAT_V"],
                "door_open": flag("DOOR_OPEN_STATUS"),
                "door_open_count": decoded.get("DOOR_OPEN_TIMES"),
                "water_leak": flag("WATER_LEAK_STATUS"),
                "water_leak_count": decoded.get("WATER_LEAK_TIMES"),
                # Set when the door stayed open longer than the configured alarm time.
                "alarm": flag("ALARM"),
            }
        )
