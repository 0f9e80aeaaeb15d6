"""Milesight's uplink format, shared by every Milesight model.

A frame is a run of records: channel id byte, channel type byte, then a value whose size the
(id, type) pair fixes. A model is a table of the pairs it knows. Milesight's decoders read the
records into one flat object, later records overwriting earlier ones, and stop at the first pair
they do not know, returning what they have; the fPort is never looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from polis.codecs.base import Codec, DecodeError
from polis.codecs.numbers import scaled

Fields = dict[str, Any]


@dataclass(frozen=True)
class Channel:
    size: int
    """Bytes of value after the id and type bytes."""
    read: Callable[[bytes], Fields]
    """The output keys this record sets (none, one or several)."""


def uint(value: bytes) -> int:
    return int.from_bytes(value, "little")


def sint(value: bytes) -> int:
    return int.from_bytes(value, "little", signed=True)


def number(key: str, size: int, *, scale: float = 1, signed: bool = False) -> Channel:
    """A record holding one little-endian integer, divided by ``scale`` when the vendor does."""

    def read(value: bytes) -> Fields:
        raw = sint(value) if signed else uint(value)
        return {key: scaled(raw, scale)}

    return Channel(size, read)


def label(key: str, names: Mapping[int, str], default: str | None) -> Channel:
    """A one-byte record naming a state; an unlisted byte gives ``default`` (None: no key)."""

    def read(value: bytes) -> Fields:
        name = names.get(value[0], default)
        return {} if name is None else {key: name}

    return Channel(1, read)


def decode_records(
    payload: bytes,
    channels: Mapping[tuple[int, int], Channel],
    unknown: Callable[[int, int | None], None] | None = None,
) -> Fields:
    """Read records until the payload ends or a pair is not in ``channels``.

    ``unknown`` sees the first unknown pair before decoding stops, so a model whose vendor
    decoder throws on some pairs can raise instead.
    """
    out: Fields = {}
    pos = 0
    while pos < len(payload):
        # A lone last byte is a channel id without a type, which no table knows: the vendor
        # decoders stop there as at any unknown record, keeping what they read before it.
        channel_id = payload[pos]
        kind = payload[pos + 1] if pos + 1 < len(payload) else None
        channel = None if kind is None else channels.get((channel_id, kind))
        if channel is None:
            if unknown is not None:
                unknown(channel_id, kind)
            break
        start = pos + 2
        pos = start + channel.size
        if pos > len(payload):
            raise DecodeError(
                f"channel {channel_id:02X} {kind:02X} needs {channel.size} value bytes, "
                f"frame ends after {len(payload) - start}"
            )
        _merge(out, channel.read(payload[start:pos]))
    return out


def _merge(out: Fields, fields: Fields) -> None:
    # Nested objects (a VS133 counting line, say) are filled by several records.
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value


class MilesightCodec(Codec):
    """A Milesight model: its channel table is all a subclass gives, plus ``normalize``."""

    channels: ClassVar[Mapping[tuple[int, int], Channel]]

    def unknown_record(self, channel_id: int, channel_type: int | None) -> None:
        """Called on the first pair the table lacks; the default just stops decoding."""

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        return decode_records(payload, self.channels, self.unknown_record)
