"""What people are told about a service request: the reporter at every status, staff when it is theirs."""

from __future__ import annotations

from polis.notifications import Notification, Recipient
from polis.requests.models import ServiceRequest, Status

STATUS_TOPIC = "service-request.status"
ASSIGNED_TOPIC = "service-request.assigned"
OVERDUE_TOPIC = "service-request.overdue"

_SAYS: dict[Status, str] = {
    "submitted": "has been received",
    "acknowledged": "has been seen by the municipality",
    "assigned": "has been given to a member of staff",
    "in-progress": "is being worked on",
    "resolved": "has been resolved",
    "rejected": "has been rejected",
    "merged": "was a report of something already reported",
}


def status_notice(request: ServiceRequest, recipient: Recipient, about: ServiceRequest) -> Notification:
    """Tell ``recipient``, the reporter of ``about`` (the request itself or one merged into it)."""
    if about.reference == request.reference:
        subject = f"Your request {request.reference} {_SAYS[request.status]}"
    else:
        subject = f"The request your {about.reference} joined ({request.reference}) {_SAYS[request.status]}"
    lines = [subject + "."]
    if request.status_note:
        lines.append(request.status_note)
    if request.status == "submitted":
        lines.append(f"Quote {request.reference} to follow it by phone.")
    if request.status == "merged" and request.merged_into:
        lines.append(f"You will be told how {request.merged_into} goes.")
    if request.status == "resolved":
        lines.append("You can rate how it was handled in the app.")
    return Notification(
        municipality=request.municipality,
        recipient=recipient,
        topic=STATUS_TOPIC,
        subject=subject,
        body="\n".join(lines),
        reference=about.reference,
    )


def assigned_notice(request: ServiceRequest, recipient: Recipient) -> Notification:
    subject = f"{request.reference} ({request.category}) is assigned to you"
    return Notification(
        municipality=request.municipality,
        recipient=recipient,
        topic=ASSIGNED_TOPIC,
        subject=subject,
        body=f"{subject}; due {request.due_at:%Y-%m-%d %H:%M} UTC.\n{request.address or ''}".strip(),
        reference=request.reference,
    )


def overdue_notice(request: ServiceRequest, recipient: Recipient) -> Notification:
    subject = f"{request.reference} ({request.category}) is overdue"
    return Notification(
        municipality=request.municipality,
        recipient=recipient,
        topic=OVERDUE_TOPIC,
        subject=subject,
        body=f"{subject}: it was due {request.due_at:%Y-%m-%d %H:%M} UTC and is still {request.status}.",
        reference=request.reference,
    )
