"""Service requests made in memory for the unit tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from polis.devices.model import Location
from polis.requests.models import Reporter, ServiceRequest, TimelineEntry

SUBMITTED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WATERFRONT = Location(latitude=38.4636, longitude=23.5944)


def a_request(number: int = 1, **changes: Any) -> ServiceRequest:
    values: dict[str, Any] = {
        "reference": f"CHK-2026-{number:06d}",
        "municipality": "chalkida",
        "category": "overflowing-bin",
        "department": "cleaning",
        "location": WATERFRONT,
        "description": "Overflowing since Sunday.",
        "channel": "app",
        "reporter": Reporter(subject="sub-eleni", email="eleni@example.org"),
        "submitted_at": SUBMITTED_AT,
        "updated_at": SUBMITTED_AT,
        "due_at": SUBMITTED_AT + timedelta(hours=24),
        "timeline": (TimelineEntry(at=SUBMITTED_AT, status="submitted", by="reporter"),),
        "token": f"{number:032x}",
    }
    return ServiceRequest(**(values | changes))
