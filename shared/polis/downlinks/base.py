"""The contract every downlink encoder keeps: a command in, the vendor's frame out, or a refusal."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from polis.downlinks.commands import Command
from polis.errors import Refused


class CommandRefused(Refused):
    """The command cannot go to this device; the message says why in words staff can act on."""


class Frame(BaseModel):
    """One LoRaWAN downlink as the device expects it."""

    model_config = ConfigDict(frozen=True)

    fport: int = Field(ge=1, le=223, description="application port (LoRaWAN reserves 0 and 224-255)")
    payload: bytes


class DownlinkEncoder(ABC):
    """A device model's downlink layout: a pure function of the command."""

    model: ClassVar[str]
    """TTN device-repository id, ``vendor/device``, as in the codecs."""

    @abstractmethod
    def encode(self, command: Command) -> Frame:
        """Return the frame that makes the device carry out the command; raise CommandRefused if it cannot."""

    def cannot(self, command: Command, why: str) -> CommandRefused:
        return CommandRefused(f"{self.model} cannot {command.action}: {why}")
