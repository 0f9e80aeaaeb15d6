"""Which sender delivers downlinks: AWS IoT Core for LoRaWAN, or the local recording stand-in."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis.downlinks.senders import AwsIotWirelessSender, DownlinkSender, RecordingSender


class DownlinkSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_DOWNLINK_")

    sender: Literal["aws", "record"] = Field(
        default="aws", description="aws: IoT Core for LoRaWAN; record: keep frames (the local platform)"
    )


def configured_sender() -> DownlinkSender:
    # Not cached: commands are rare, and a changed setting (or a test's) takes effect at once.
    if DownlinkSettings().sender == "record":
        return RecordingSender()
    return AwsIotWirelessSender()
