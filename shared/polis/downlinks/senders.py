"""Delivering a frame: the port the domain sends through, and its two adapters.

``AwsIotWirelessSender`` hands the frame to AWS IoT Core for LoRaWAN, which queues it for the
device's next receive window. ``RecordingSender`` is the local one: moto has no IoT Wireless
backend, so it keeps what would have been sent.
"""

from __future__ import annotations

import base64
from typing import Any, Literal, NamedTuple, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel

from polis.downlinks.base import Frame


class SendReceipt(BaseModel):
    status: Literal["sent", "recorded-locally"]
    message_id: str | None = None
    """The network server's id for the queued downlink, when there is one."""


class DownlinkSendFailed(Exception):
    """The network server would not take the downlink; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DownlinkSender(Protocol):
    def send(self, dev_eui: str, frame: Frame, *, confirmed: bool) -> SendReceipt:
        """Queue the frame for the device; raise DownlinkSendFailed if the network server refuses it."""
        ...


class AwsIotWirelessSender:
    def __init__(self, client: Any | None = None) -> None:
        self._client = client if client is not None else boto3.client("iotwireless")

    def send(self, dev_eui: str, frame: Frame, *, confirmed: bool) -> SendReceipt:
        try:
            # Polis knows devices by DevEUI; IoT Wireless addresses them by its own id.
            device = self._client.get_wireless_device(Identifier=dev_eui, IdentifierType="DevEui")
            response = self._client.send_data_to_wireless_device(
                Id=device["Id"],
                TransmitMode=1 if confirmed else 0,
                PayloadData=base64.b64encode(frame.payload).decode("ascii"),
                WirelessMetadata={"LoRaWAN": {"FPort": frame.fport}},
            )
        except ClientError as error:
            details = error.response.get("Error", {})
            raise DownlinkSendFailed(f"{details.get('Code')}: {details.get('Message')}") from error
        except BotoCoreError as error:
            raise DownlinkSendFailed(str(error)) from error
        return SendReceipt(status="sent", message_id=response["MessageId"])


class Transmission(NamedTuple):
    dev_eui: str
    frame: Frame
    confirmed: bool


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[Transmission] = []

    def send(self, dev_eui: str, frame: Frame, *, confirmed: bool) -> SendReceipt:
        self.sent.append(Transmission(dev_eui, frame, confirmed))
        return SendReceipt(status="recorded-locally")
