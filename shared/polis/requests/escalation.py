"""The scheduled escalation: open requests past their due time are marked once and announced.

Every municipality served is walked (its open requests come from the sparse open index, never a
scan). An overdue request gets ``escalated_at`` and a timeline entry, a ``service-request.overdue``
event goes to the bus (where a municipality can route it to whoever supervises), and its assignee,
if it has one, is told.
"""

from __future__ import annotations

from datetime import datetime

from polis.events import DomainEvent, publish
from polis.identity.directory import staff_contact
from polis.notifications import Recipient, notify
from polis.observability import logger
from polis.requests import lifecycle, notices
from polis.requests.errors import ServiceRequestConflict
from polis.requests.models import ServiceRequest
from polis.requests.store import service_requests as request_store
from polis.store.municipalities import list_municipalities


def escalate_overdue(now: datetime) -> dict[str, int]:
    """Requests escalated in this run, per municipality."""
    escalated: dict[str, int] = {}
    for municipality in list_municipalities():
        events: list[DomainEvent] = []
        for request in request_store.open_requests(municipality.municipality_id):
            if not request.overdue(now) or request.escalated_at is not None:
                continue
            try:
                marked = request_store.save(lifecycle.escalate(request, now))
            except ServiceRequestConflict:
                # Staff changed it meanwhile; the next run looks at it again.
                logger.info("escalation skipped a request changed meanwhile", reference=request.reference)
                continue
            events.append(_overdue_event(marked))
            _tell_assignee(marked)
        publish(events)
        escalated[municipality.municipality_id] = len(events)
    return escalated


def _overdue_event(request: ServiceRequest) -> DomainEvent:
    return DomainEvent(
        detail_type="service-request.overdue",
        municipality=request.municipality,
        detail={
            "reference": request.reference,
            "category": request.category,
            "department": request.department,
            "status": request.status,
            "assignee": request.assignee,
            "due_at": request.due_at.isoformat(),
        },
    )


def _tell_assignee(request: ServiceRequest) -> None:
    contact = staff_contact(request.assignee) if request.assignee else None
    if contact is not None and (contact.email or contact.phone):
        recipient = Recipient(user_id=contact.subject, email=contact.email, phone=contact.phone)
        notify(notices.overdue_notice(request, recipient))
