"""Milesight VS133 AI ToF people counter, up to four counting lines."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.lookup import register
from polis.codecs.milesight import Channel, Fields, MilesightCodec, uint
from polis.codecs.quantities import quantities

_LINES = 4
_TOTAL, _PERIOD = 0xD2, 0xCC


def _total(line: int, key: str) -> Channel:
    return Channel(4, lambda v: {f"line_{line}": {key: uint(v)}})


def _period(line: int) -> Channel:
    def read(value: bytes) -> Fields:
        return {f"line_{line}": {"period_in": uint(value[0:2]), "period_out": uint(value[2:4])}}

    return Channel(4, read)


def _line_channels(line: int) -> dict[tuple[int, int], Channel]:
    # Each line takes three consecutive channel ids from 0x03: total in, total out, period.
    base = 3 * line
    return {
        (base, _TOTAL): _total(line, "total_in"),
        (base + 1, _TOTAL): _total(line, "total_out"),
        (base + 2, _PERIOD): _period(line),
    }


@register
class Vs133(MilesightCodec):
    model = "milesight-iot/vs133"
    name = "Milesight VS133 AI ToF People Counting Sensor"
    domain = "occupancy"
    channels = {
        pair: channel for line in range(1, _LINES + 1) for pair, channel in _line_channels(line).items()
    }

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        # Lines are the entrances of one counted space, so the space's counts are their sums.
        lines = [decoded[key] for key in sorted(decoded) if key.startswith("line_")]

        def total(key: str) -> int | None:
            counts = [line[key] for line in lines if key in line]
            return sum(counts) if counts else None

        return quantities(
            {
                "people_in": total("period_in"),
                "people_out": total("period_out"),
                "people_in_total": total("total_in"),
                "people_out_total": total("total_out"),
            }
        )
