"""What Dragino's decoders share: big-endian fields, the battery word, fPort refusal.

Each Dragino model has its own frame per fPort, so the models keep their parsing; this module
only holds the pieces every one of them repeats.
"""

from __future__ import annotations

from collections.abc import Collection

from polis.codecs.base import DecodeError
from polis.codecs.numbers import scaled


def field(payload: bytes, start: int, end: int, *, signed: bool = False) -> int:
    """Bytes ``start`` to ``end`` (exclusive) as one big-endian integer."""
    return int.from_bytes(payload[start:end], "big", signed=signed)


def battery_volts(word: int) -> int | float:
    # The top two bits of Dragino's battery word are status flags, not voltage.
    return scaled(word & 0x3FFF, 1000)


def check_fport(fport: int, known: Collection[int]) -> None:
    if fport not in known:
        ports = ", ".join(str(port) for port in sorted(known))
        raise DecodeError(f"unknown FPort {fport}: this model sends readings on fPort {ports}")
