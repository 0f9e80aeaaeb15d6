"""Staff metrics: what is open where, how long resolving takes, what is overdue."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, Field

from polis.requests.models import ServiceRequest


class ServiceRequestMetrics(BaseModel):
    municipality: str
    at: datetime
    open_total: int
    open_by_category: dict[str, int]
    open_by_department: dict[str, int]
    overdue: int = Field(description="open requests past their due time")
    window_days: int = Field(description="resolution figures cover requests submitted in this many days")
    resolved: int
    median_hours_to_resolve: float | None = Field(
        description="submission to resolution; None if none resolved"
    )


def summarize(
    municipality: str,
    open_requests: Iterable[ServiceRequest],
    recent_requests: Iterable[ServiceRequest],
    now: datetime,
    window_days: int,
) -> ServiceRequestMetrics:
    """``open_requests``: every open one; ``recent_requests``: those submitted within the window."""
    still_open = [r for r in open_requests if r.is_open]
    hours = [
        (r.closed_at - r.submitted_at).total_seconds() / 3600
        for r in recent_requests
        if r.status == "resolved" and r.closed_at is not None
    ]
    return ServiceRequestMetrics(
        municipality=municipality,
        at=now,
        open_total=len(still_open),
        open_by_category=dict(sorted(Counter(r.category for r in still_open).items())),
        open_by_department=dict(sorted(Counter(r.department for r in still_open).items())),
        overdue=sum(1 for r in still_open if r.overdue(now)),
        window_days=window_days,
        resolved=len(hours),
        median_hours_to_resolve=round(statistics.median(hours), 2) if hours else None,
    )
