"""Key builders: the one place that knows how keys are spelt."""

from __future__ import annotations

from datetime import UTC, datetime


def partition(municipality: str, *parts: str) -> str:
    return "#".join(("M", municipality, *parts))


def time_sort_key(at: datetime, suffix: str | int) -> str:
    """A sort key that orders by time: UTC ISO-8601 sorts lexically in time order."""
    return f"{at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{suffix}"
