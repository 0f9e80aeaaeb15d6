"""The uplink pipeline every domain shares: identify, decode, validate, store, update state.

Rejections are domain outcomes, not crashes: each is kept in the rejects store with its reason.
Anything else (the store unreachable, say) propagates, so the platform retries the uplink and
finally parks it in the function's dead-letter queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from polis.assets import AssetMisconfigured
from polis.codecs import DecodeError, get_codec
from polis.codecs.lookup import UnknownModelError
from polis.devices.model import Device
from polis.domains import environment, fleet, hydromet, lighting, occupancy, parking, telecare
from polis.domains.battery import battery_events
from polis.events import DomainEvent, publish
from polis.ingestion.lorawan.envelopes import EnvelopeError, parse_uplink
from polis.ingestion.lorawan.uplink import Uplink
from polis.observability import logger, metrics
from polis.readings import Reading
from polis.store import devices as device_store
from polis.store import readings as reading_store
from polis.store.rejects import record_reject
from polis.waste import ingest as waste

StateUpdater = Callable[[Device, Reading], list[DomainEvent]]

STATE_UPDATERS: dict[str, StateUpdater] = {
    "waste": waste.apply_reading,
    "parking": parking.apply_reading,
    "environment": environment.apply_reading,
    "lighting": lighting.apply_reading,
    "hydromet": hydromet.apply_reading,
    "occupancy": occupancy.apply_reading,
    "fleet": fleet.apply_reading,
    "telecare": telecare.apply_reading,
}


class UplinkRejected(Exception):
    def __init__(self, reason: str, detail: str, device: Device | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.device = device


class IngestOutcome(BaseModel):
    status: str
    """stored, rejected or duplicate"""
    dev_eui: str | None = None
    fcnt: int | None = None
    municipality: str | None = None
    reason: str | None = None
    events: list[str] = []


def ingest(uplink: Uplink, domain: str) -> IngestOutcome:
    """Store one uplink's reading and apply it to its domain's state."""
    device = device_store.find_by_dev_eui(uplink.dev_eui)
    if device is None:
        raise UplinkRejected("unknown-device", f"no device with DevEUI {uplink.dev_eui} is provisioned")
    if not device.active:
        raise UplinkRejected("decommissioned-device", f"device {device.dev_eui} is decommissioned", device)
    if device.domain != domain:
        raise UplinkRejected(
            "wrong-domain",
            f"device {device.dev_eui} is a {device.domain} device, received as {domain}",
            device,
        )
    try:
        codec = get_codec(device.model)
        quantities = codec.decode_normalized(uplink.fport, uplink.payload)
        reading = Reading(
            municipality=device.municipality,
            dev_eui=device.dev_eui,
            domain=device.domain,
            observed_at=uplink.received_at,
            fport=uplink.fport,
            fcnt=uplink.fcnt,
            quantities=quantities,
        )
    except UnknownModelError as error:
        raise UplinkRejected("unsupported-model", str(error), device) from error
    except DecodeError as error:
        raise UplinkRejected("undecodable-payload", f"{device.model}: {error}", device) from error
    except ValidationError as error:
        raise UplinkRejected("invalid-reading", str(error), device) from error

    reading_store.put_reading(reading)
    newest = device_store.record_seen(
        device, uplink, reading.number("battery_voltage"), reading.number("battery_level")
    )
    # Published before the domain's update, so a reading its domain rejects still reports the battery.
    device_events = battery_events(device, reading) if newest else []
    publish(device_events)
    try:
        domain_events = STATE_UPDATERS[domain](device, reading)
    except AssetMisconfigured as error:
        raise UplinkRejected("asset-misconfigured", str(error), device) from error
    except LookupError as error:
        raise UplinkRejected("no-asset", str(error), device) from error
    publish(domain_events)
    return IngestOutcome(
        status="stored",
        dev_eui=device.dev_eui,
        fcnt=uplink.fcnt,
        municipality=device.municipality,
        events=[e.detail_type for e in device_events + domain_events],
    )


def process_uplink_event(
    event: dict[str, Any],
    domain: str,
    ingest_once: Callable[[Uplink, str], IngestOutcome] = ingest,
) -> IngestOutcome:
    """Parse a network server's uplink message and ingest it; keep whatever is rejected."""
    source = f"{domain}-ingest"
    try:
        uplink = parse_uplink(event)
    except EnvelopeError as error:
        return _rejected(event, source, "malformed-envelope", str(error))
    try:
        outcome = ingest_once(uplink, domain)
    except UplinkRejected as rejection:
        device = rejection.device
        return _rejected(
            event,
            source,
            rejection.reason,
            rejection.detail,
            municipality=device.municipality if device else None,
            dev_eui=uplink.dev_eui,
        )
    if outcome.status == "duplicate":
        _rejected(
            event,
            source,
            "duplicate-uplink",
            f"FCnt {uplink.fcnt} of {uplink.dev_eui} was already stored",
            municipality=outcome.municipality,
            dev_eui=uplink.dev_eui,
        )
        return outcome
    metrics.add_metric(name="UplinksStored", unit="Count", value=1)
    return outcome


def _rejected(
    event: dict[str, Any],
    source: str,
    reason: str,
    detail: str,
    municipality: str | None = None,
    dev_eui: str | None = None,
) -> IngestOutcome:
    # A copy heard by a second gateway is routine on LoRaWAN; everything else wants a look.
    log = logger.info if reason == "duplicate-uplink" else logger.warning
    log("uplink rejected", extra={"reason": reason, "detail": detail, "dev_eui": dev_eui})
    metrics.add_metric(name="UplinksRejected", unit="Count", value=1)
    record_reject(
        reason=reason, detail=detail, source=source, raw=event, municipality=municipality, dev_eui=dev_eui
    )
    return IngestOutcome(status="rejected", reason=reason, dev_eui=dev_eui, municipality=municipality)
