"""Downlinks: commands staff send to controllers (street lights, pedestrian crossings).

A command (``commands.py``) says what staff want in Polis terms. An encoder, one module per device
model under ``models/`` registered by model id as the codecs are, lays it out as the vendor
documents it or refuses it when the model cannot do it. A sender delivers the frame: AWS IoT Core
for LoRaWAN when deployed, a recording stand-in locally (``POLIS_DOWNLINK_SENDER``).
``send_command`` ties them together and records every downlink with its outcome.
"""

from polis.downlinks.base import CommandRefused, DownlinkEncoder, Frame
from polis.downlinks.commands import Command, CrossingBoost, SetDimLevel, SwitchChannels
from polis.downlinks.config import DownlinkSettings, configured_sender
from polis.downlinks.lookup import get_encoder, register
from polis.downlinks.records import Downlink, DownlinkStatus
from polis.downlinks.senders import (
    AwsIotWirelessSender,
    DownlinkSender,
    DownlinkSendFailed,
    RecordingSender,
    SendReceipt,
    Transmission,
)
from polis.downlinks.service import send_command

__all__ = [
    "AwsIotWirelessSender",
    "Command",
    "CommandRefused",
    "CrossingBoost",
    "Downlink",
    "DownlinkEncoder",
    "DownlinkSendFailed",
    "DownlinkSender",
    "DownlinkSettings",
    "DownlinkStatus",
    "Frame",
    "RecordingSender",
    "SendReceipt",
    "SetDimLevel",
    "SwitchChannels",
    "Transmission",
    "configured_sender",
    "get_encoder",
    "register",
    "send_command",
]
