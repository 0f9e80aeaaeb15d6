"""Staff metrics from open and recent requests."""

from __future__ import annotations

from datetime import timedelta

from polis.requests.metrics import summarize
from tests.unit.requests.builders import SUBMITTED_AT, a_request

NOW = SUBMITTED_AT + timedelta(hours=30)


def test_open_requests_by_category_and_department_overdue_and_median_time_to_resolve():
    open_requests = [
        a_request(1),  # due after 24 h: overdue at 30 h
        a_request(2, category="pothole", department="roads", due_at=SUBMITTED_AT + timedelta(hours=120)),
        a_request(3, category="graffiti", status="in-progress", due_at=SUBMITTED_AT + timedelta(hours=240)),
    ]
    resolved = [
        a_request(n, status="resolved", closed_at=SUBMITTED_AT + timedelta(hours=hours))
        for n, hours in ((4, 2), (5, 10), (6, 4))
    ]
    rejected = a_request(7, status="rejected", closed_at=SUBMITTED_AT + timedelta(hours=1))

    metrics = summarize("chalkida", open_requests, [*open_requests, *resolved, rejected], NOW, 90)

    assert metrics.open_total == 3
    assert metrics.open_by_category == {"graffiti": 1, "overflowing-bin": 1, "pothole": 1}
    assert metrics.open_by_department == {"cleaning": 2, "roads": 1}
    assert metrics.overdue == 1
    assert (metrics.resolved, metrics.median_hours_to_resolve) == (3, 4.0)


def test_nothing_resolved_has_no_median():
    metrics = summarize("chalkida", [], [a_request(1)], NOW, 30)

    assert (metrics.open_total, metrics.resolved, metrics.median_hours_to_resolve) == (0, 0, None)
