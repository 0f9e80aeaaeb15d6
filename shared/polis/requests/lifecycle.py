"""The life of a service request as an explicit state machine: which status may follow which.

::

    submitted ──> acknowledged ──> assigned ──> in-progress ──> resolved
        │  └──────────────────────────^             │
        └──> rejected (with the reason), or merged into a duplicate, from any open status

Assignment, merging, escalation and rating have their own functions here, so a route can never
reach a status by a door that skips its rule. Every function returns a new request; storing it is
the caller's business.
"""

from __future__ import annotations

from datetime import datetime

from polis.requests.errors import ServiceRequestConflict
from polis.requests.models import OPEN_STATUSES, Rating, ServiceRequest, Status, TimelineEntry

TRANSITIONS: dict[Status, frozenset[Status]] = {
    "submitted": frozenset({"acknowledged", "assigned", "rejected", "merged"}),
    "acknowledged": frozenset({"assigned", "rejected", "merged"}),
    "assigned": frozenset({"in-progress", "rejected", "merged"}),
    "in-progress": frozenset({"resolved", "rejected", "merged"}),
    "resolved": frozenset(),
    "rejected": frozenset(),
    "merged": frozenset(),
}


def allowed_next(status: Status) -> frozenset[Status]:
    return TRANSITIONS[status]


def _moved(request: ServiceRequest, to: Status, by: str, at: datetime, note: str | None) -> ServiceRequest:
    if to not in TRANSITIONS[request.status]:
        allowed = ", ".join(sorted(TRANSITIONS[request.status])) or "nothing: it is closed"
        raise ServiceRequestConflict(f"{request.reference} is {request.status}; it may become {allowed}")
    return request.model_copy(
        update={
            "status": to,
            "updated_at": at,
            "closed_at": None if to in OPEN_STATUSES else at,
            "status_note": note,
            "timeline": (*request.timeline, TimelineEntry(at=at, status=to, by=by, note=note)),
        }
    )


def change_status(
    request: ServiceRequest, to: Status, *, by: str, at: datetime, note: str | None = None
) -> ServiceRequest:
    """Acknowledge, start, resolve or reject; a rejection must say why."""
    if to in ("assigned", "merged"):
        raise ServiceRequestConflict(f"a request becomes {to} by its own action, not a status change")
    if to == "rejected" and not note:
        raise ServiceRequestConflict("a rejection needs the reason")
    return _moved(request, to, by, at, note)


def assign(request: ServiceRequest, assignee: str, *, by: str, at: datetime) -> ServiceRequest:
    """Give it to a staff member; one already assigned or in progress changes hands and keeps its status."""
    note = f"assigned to {assignee}"
    if request.status in ("assigned", "in-progress"):
        entry = TimelineEntry(at=at, status=request.status, by=by, note=note)
        return request.model_copy(
            update={"assignee": assignee, "updated_at": at, "timeline": (*request.timeline, entry)}
        )
    # The note names staff: it stays in the timeline, never in the public status note.
    return _moved(request, "assigned", by, at, note).model_copy(
        update={"assignee": assignee, "status_note": None}
    )


def merge(
    duplicate: ServiceRequest, into: ServiceRequest, *, by: str, at: datetime
) -> tuple[ServiceRequest, ServiceRequest]:
    """The duplicate closes as merged; the other carries it (and what was merged into it) from now on."""
    if duplicate.reference == into.reference:
        raise ServiceRequestConflict("a request cannot be merged into itself")
    if not into.is_open:
        raise ServiceRequestConflict(f"{into.reference} is {into.status}; merge into an open request")
    merged = _moved(duplicate, "merged", by, at, f"merged into {into.reference}").model_copy(
        update={"merged_into": into.reference, "duplicates": ()}
    )
    carried = tuple(dict.fromkeys((*into.duplicates, duplicate.reference, *duplicate.duplicates)))
    return merged, into.model_copy(update={"duplicates": carried, "updated_at": at})


def escalate(request: ServiceRequest, at: datetime) -> ServiceRequest:
    """Mark an overdue request once; the status stays, the timeline says it was escalated."""
    if not request.overdue(at):
        raise ServiceRequestConflict(f"{request.reference} is not overdue")
    if request.escalated_at is not None:
        raise ServiceRequestConflict(f"{request.reference} was escalated already")
    entry = TimelineEntry(
        at=at, status=request.status, by="escalation", note=f"overdue since {request.due_at.isoformat()}"
    )
    return request.model_copy(update={"escalated_at": at, "timeline": (*request.timeline, entry)})


def rate(request: ServiceRequest, rating: Rating, at: datetime) -> ServiceRequest:
    """The reporter's rating, once, after resolution."""
    if request.status != "resolved":
        raise ServiceRequestConflict(f"{request.reference} is {request.status}; only a resolved one is rated")
    if request.rating is not None:
        raise ServiceRequestConflict(f"{request.reference} was rated already")
    return request.model_copy(update={"rating": rating, "updated_at": at})
