"""Sending a command to a device: encode it for the model, send it, record the outcome.

Staff command the devices of their municipality through ``command_device``, which checks who may.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from polis.devices import registry
from polis.devices.model import Device
from polis.downlinks import store as downlink_store
from polis.downlinks.base import CommandRefused
from polis.downlinks.commands import Command
from polis.downlinks.config import configured_sender
from polis.downlinks.lookup import get_encoder
from polis.downlinks.records import Downlink, DownlinkStatus
from polis.downlinks.senders import DownlinkSender, DownlinkSendFailed
from polis.errors import Forbidden
from polis.identity.principal import Principal
from polis.observability import logger

# Who besides the municipality administrator may command a controller of this domain.
_COMMANDING_DEPARTMENT = {"lighting": "lighting"}


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
    status: DownlinkStatus
    reason: str | None = None
    message_id: str | None = None
    try:
        receipt = sender.send(device.dev_eui, frame, confirmed=confirmed)
        status, message_id = receipt.status, receipt.message_id
    except DownlinkSendFailed as failure:
        status, reason = "failed", failure.reason
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
        status=status,
        reason=reason,
        message_id=message_id,
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


def command_device(principal: Principal, municipality: str, dev_eui: str, command: Command) -> Downlink:
    """A staff member's command to one of the municipality's devices, sent by the configured sender."""
    device = registry.device_of(municipality, dev_eui)
    department = _COMMANDING_DEPARTMENT.get(device.domain)
    if not principal.is_admin_of(municipality) and department not in principal.departments:
        raise Forbidden(f"only the administrator or the {department or 'responsible'} department may")
    return send_command(device, command, configured_sender())


def downlinks_of(municipality: str, dev_eui: str) -> list[Downlink]:
    """The downlinks sent to one of the municipality's devices, newest first."""
    device = registry.device_of(municipality, dev_eui)
    return downlink_store.list_downlinks(municipality, device.dev_eui)
