"""A downlink as recorded: the command, the frame it became, and what the network server made of it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from polis.downlinks.commands import Command
from polis.municipality import MunicipalityId

DownlinkStatus = Literal["sent", "recorded-locally", "failed"]


class Downlink(BaseModel):
    model_config = ConfigDict(frozen=True)

    downlink_id: str
    municipality: MunicipalityId
    dev_eui: str
    model: str
    command: Command
    fport: int
    payload_hex: str
    confirmed: bool = Field(description="sent in acknowledged mode: the device confirms receipt")
    requested_at: datetime
    status: DownlinkStatus
    reason: str | None = Field(default=None, description="why it failed, when it did")
    message_id: str | None = Field(default=None, description="the network server's id, when sent")
