"""Domain events: state changes someone must act on, published to the EventBridge bus."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import boto3
from pydantic import BaseModel

from polis.config import store_settings
from polis.devices.model import Device

SOURCE = "polis"


class DomainEvent(BaseModel):
    detail_type: str
    """e.g. ``bin.full``; EventBridge rules match on it."""
    municipality: str
    detail: dict[str, Any]


def device_event(detail_type: str, device: Device, **detail: Any) -> DomainEvent:
    """An event about a device itself, with what identifies it and what it measures."""
    return DomainEvent(
        detail_type=detail_type,
        municipality=device.municipality,
        detail={
            "dev_eui": device.dev_eui,
            "model": device.model,
            "domain": device.domain,
            "asset_id": device.asset_id,
            **detail,
        },
    )


@cache
def _client() -> Any:
    return boto3.client("events")


def publish(events: list[DomainEvent]) -> None:
    if not events:
        return
    bus = store_settings().event_bus_name
    entries = [
        {
            "Source": SOURCE,
            "DetailType": e.detail_type,
            "Detail": json.dumps({"municipality": e.municipality, **e.detail}, default=str),
            "EventBusName": bus,
        }
        for e in events
    ]
    # PutEvents takes at most 10 entries per call.
    for start in range(0, len(entries), 10):
        response = _client().put_events(Entries=entries[start : start + 10])
        if response.get("FailedEntryCount"):
            raise RuntimeError(f"EventBridge refused {response['FailedEntryCount']} domain events")
