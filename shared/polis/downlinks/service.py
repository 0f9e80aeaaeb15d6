"""Sending a command to a device: encode it for the model, send it, record the outcome."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from polis.devices import Device
from polis.downlinks.base import CommandRefused
from polis.downlinks.commands import Command
from polis.downlinks.records import Downlink
from polis.downlinks.registry import get_encoder
from polis.downlinks.senders import DownlinkSender, DownlinkSendFailed
from polis.observability import logger
from polis.store import downlinks as downlink_store


def send_command(
    device: Device, command: Command, sender: DownlinkSender, *, confirmed: bool = True
) -> Downlink:
    """Encode, send and record the command; the returned downlink says whether it went.

    A command the device cannot carry out raises CommandRefused and is neither sent nor recorded.
    A send the network server refuses is recorded as ``failed`` with its reason, not raised, so
    staff see it in the device's downlinks.
    """
    if not device.active:
        raise CommandRefused(f"device {device.dev_eui} is decommissioned")
    frame = get_encoder(device.model).encode(command)
    requested_at = datetime.now(UTC)
    try:
        receipt = sender.send(device.dev_eui, frame, confirmed=confirmed)
        outcome = {"status": receipt.status, "message_id": receipt.message_id}
    except DownlinkSendFailed as failure:
        outcome = {"status": "failed", "reason": failure.reason}
    downlink = Downlink(
        downlink_id=uuid.uuid4().hex,
        municipality=device.municipality,
        dev_eui=device.dev_eui,
        model=device.model,
        command=command,
        fport=frame.fport,
        payload_hex=frame.payload.hex(),
        confirmed=confirmed,
        requested_at=requested_at,
        **outcome,
    )
    downlink_store.record_downlink(downlink)
    log = logger.warning if downlink.status == "failed" else logger.info
    log(
        "downlink",
        extra={
            "dev_eui": device.dev_eui,
            "kind": command.kind,
            "status": downlink.status,
            "reason": downlink.reason,
        },
    )
    return downlink
