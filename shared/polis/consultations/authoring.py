"""Staff's side: write a consultation, submit it, decide on it, cancel it, moderate its free text."""

from __future__ import annotations

import secrets
from datetime import datetime

from polis.consultations import executions
from polis.consultations.errors import ConsultationConflict, ConsultationNotFound, ConsultationRefused
from polis.consultations.lifecycle import CANCELLABLE, EDITABLE, Status
from polis.consultations.model import (
    Cancellation,
    Consultation,
    Draft,
    Review,
    ReviewDecision,
    Text,
    TextStatus,
)
from polis.consultations.store import consultations as consultation_store
from polis.consultations.store import responses as response_store
from polis.consultations.store.consultations import StatusChanged
from polis.consultations.workflow import start_lifecycle


def new_consultation_id(now: datetime) -> str:
    # Sorts by creation time; the random part keeps two created in one second apart.
    return f"c-{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def consultation_of(municipality: str, consultation_id: str) -> Consultation:
    consultation = consultation_store.get(municipality, consultation_id)
    if consultation is None:
        raise ConsultationNotFound(f"no consultation {consultation_id!r}")
    return consultation


def consultations_of(municipality: str) -> list[Consultation]:
    """Newest first."""
    found = consultation_store.list_consultations(municipality)
    return sorted(found, key=lambda c: c.created_at, reverse=True)


def create(municipality: str, author: str, draft: Draft, now: datetime) -> Consultation:
    consultation = Consultation(
        consultation_id=new_consultation_id(now),
        municipality=municipality,
        content=draft,
        status="draft",
        created_by=author,
        created_at=now,
        updated_at=now,
    )
    consultation_store.create(consultation)
    return consultation


def edit(municipality: str, consultation_id: str, draft: Draft, now: datetime) -> Consultation:
    """A draft, or a rejected consultation before it is submitted again, gets new content."""
    consultation_of(municipality, consultation_id)  # one that is not there is not found, not in conflict
    try:
        consultation_store.replace_content(municipality, consultation_id, draft, now, expected=EDITABLE)
    except StatusChanged as error:
        raise ConsultationConflict(f"a consultation that is {error.current} cannot be edited") from error
    return consultation_of(municipality, consultation_id)


def submit(consultation: Consultation, now: datetime) -> Consultation:
    """On to approval, or straight to its schedule for a quick poll; its lifecycle starts."""
    if consultation.content.closes_at <= now:
        raise ConsultationRefused("its close time has passed: set new times first")
    to: Status = "pending-approval" if consultation.content.needs_approval else "scheduled"
    try:
        submission = consultation_store.record_submission(
            consultation.municipality, consultation.consultation_id, EDITABLE, to, now
        )
    except StatusChanged as error:
        raise ConsultationConflict(f"a consultation that is {error.current} cannot be submitted") from error
    start_lifecycle(consultation, submission)
    return consultation_of(consultation.municipality, consultation.consultation_id)


def decide(
    consultation: Consultation, reviewer: str, decision: ReviewDecision, now: datetime
) -> Consultation:
    """Record the first decision, then hand it to the waiting approval task; the workflow moves on."""
    if consultation.status != "pending-approval":
        raise ConsultationConflict(f"the consultation is {consultation.status}, not awaiting approval")
    token = consultation_store.task_token(consultation.municipality, consultation.consultation_id)
    if token is None:
        raise ConsultationConflict("the approval step is starting; try again in a moment")
    approved = decision.decision == "approve"
    if approved and consultation.content.closes_at <= now:
        raise ConsultationRefused("its close time has passed: reject it so its author can set new times")
    review = Review(
        reviewer=reviewer,
        decision="approved" if approved else "rejected",
        comment=decision.comment,
        decided_at=now,
    )
    try:
        consultation_store.record_review(consultation.municipality, consultation.consultation_id, review)
    except StatusChanged as error:
        raise ConsultationConflict("the consultation has been decided on already") from error
    if approved:
        executions.approve(token, review)
    else:
        executions.reject(token, review)
    return consultation_of(consultation.municipality, consultation.consultation_id)


def cancel(
    municipality: str, consultation_id: str, cancelled_by: str, reason: str, now: datetime
) -> Consultation:
    """Cancelled at once (no more responses), and its lifecycle ended."""
    consultation = consultation_of(municipality, consultation_id)
    status = consultation.status
    if status not in CANCELLABLE:
        raise ConsultationConflict(f"a consultation that is {status} can no longer be cancelled")
    try:
        consultation_store.move(
            consultation.municipality,
            consultation.consultation_id,
            [status],
            "cancelled",
            now,
            cancellation=Cancellation(cancelled_by=cancelled_by, reason=reason, cancelled_at=now),
        )
    except StatusChanged as error:
        raise ConsultationConflict(
            f"the consultation became {error.current} meanwhile; look again"
        ) from error
    token = consultation_store.task_token(consultation.municipality, consultation.consultation_id)
    if status == "pending-approval" and token is not None:
        executions.cancel_awaiting_approval(token, reason)
    elif status in ("scheduled", "open") and consultation.execution_arn:
        executions.stop(consultation.execution_arn, reason)
    # Awaiting approval with no token kept yet: the approval task finds it cancelled and ends there.
    return consultation_of(consultation.municipality, consultation.consultation_id)


def texts_of(municipality: str, consultation_id: str, status: TextStatus | None) -> list[Text]:
    """The consultation's free-text answers in this moderation status, without their authors."""
    consultation_of(municipality, consultation_id)
    return response_store.list_texts(municipality, consultation_id, status)


def moderate(municipality: str, consultation_id: str, text_id: str, status: TextStatus) -> None:
    consultation_of(municipality, consultation_id)
    if not response_store.moderate_text(municipality, consultation_id, text_id, status):
        raise ConsultationNotFound(f"no text {text_id!r} in this consultation")
