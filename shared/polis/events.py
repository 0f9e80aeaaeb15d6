"""Domain events: state changes someone must act on, published to the EventBridge bus."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import boto3
from pydantic import BaseModel

from polis.config import store_settings

SOURCE = "polis"


class DomainEvent(BaseModel):
    detail_type: str
    """e.g. ``bin.full``; EventBridge rules match on it."""
    municipality: str
    detail: dict[str, Any]


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
