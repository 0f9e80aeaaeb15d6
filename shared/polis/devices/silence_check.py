"""The scheduled fleet check: flag devices that fell silent, in every municipality served."""

from __future__ import annotations

from datetime import datetime

from polis.devices.health import silence_events
from polis.events import DomainEvent, publish
from polis.store import devices as device_store
from polis.store.municipalities import list_municipalities


def check_silence(now: datetime) -> dict[str, int]:
    """Devices newly silent or newly reporting again, per municipality; their events published."""
    changes: dict[str, int] = {}
    for municipality in list_municipalities():
        events: list[DomainEvent] = []
        for device in device_store.list_devices(municipality.municipality_id):
            events.extend(silence_events(device, now, device_store.set_silent))
        publish(events)
        changes[municipality.municipality_id] = len(events)
    return changes
