"""The contract every device codec keeps.

``decode`` reproduces the vendor's own decoder output object exactly (key names, nesting,
strings and numbers as the vendor produces them), so a payload decoded here can be checked
against the vendor's documented examples. ``normalize`` is a separate step that maps that
object to Polis quantities with units; the rest of the platform only reads quantities.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class DecodeError(ValueError):
    """The payload cannot be decoded; the message says why in words staff can act on."""


class Quantity(BaseModel):
    """One measured value with its unit (UCUM code, e.g. ``mm``, ``V``, ``Cel``, ``%``)."""

    model_config = ConfigDict(frozen=True)

    value: float | int | bool | str
    unit: str | None = None


class Codec(ABC):
    """A device model's uplink codec: pure functions of (fPort, payload bytes)."""

    model: ClassVar[str]
    """TTN device-repository id, ``vendor/device``."""
    name: ClassVar[str]
    domain: ClassVar[str]
    """waste, parking, environment, weather, water, lighting, occupancy, fleet, telecare, energy."""

    @abstractmethod
    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        """Return the vendor decoder's output object; raise DecodeError if it cannot be decoded."""

    @abstractmethod
    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        """Map a decoded object to Polis quantities keyed by quantity name (see quantities.py)."""

    def decode_normalized(self, fport: int, payload: bytes) -> dict[str, Quantity]:
        return self.normalize(self.decode(fport, payload))


def require_length(payload: bytes, length: int, what: str = "frame") -> None:
    if len(payload) < length:
        raise DecodeError(f"{what} too short: {len(payload)} bytes, need at least {length}")
