"""The lifecycle's tasks, one per Task state of ``infra/statemachines/consultation.asl.json``.

Each task moves the consultation on with a conditional write. Run again (Lambda retries), a move
already made is accepted; a consultation cancelled meanwhile raises ``ConsultationCancelled``,
which the state machine catches and ends on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from polis.consultations.errors import ConsultationCancelled, ConsultationConflict
from polis.consultations.lifecycle import Status
from polis.consultations.model import Consultation
from polis.consultations.reporting import count
from polis.consultations.store import citizens as citizen_store
from polis.consultations.store import consultations as consultation_store
from polis.consultations.store import responses as response_store
from polis.consultations.store.consultations import StatusChanged
from polis.notifications import Notification, Recipient, notify
from polis.observability import logger

TaskName = Literal[
    "await-approval",
    "schedule",
    "record-rejection",
    "open",
    "close",
    "tally",
    "publish-results",
    "notify-participants",
    "archive",
]


class TaskRequest(BaseModel):
    """A task state's Payload."""

    task: TaskName
    municipality: str
    consultation_id: str
    task_token: str | None = None
    """await-approval: the token the approver's decision is sent with."""


def _move(request: TaskRequest, expected: Status, to: Status, now: datetime) -> None:
    try:
        consultation_store.move(request.municipality, request.consultation_id, [expected], to, now)
    except StatusChanged as error:
        if error.current == to:
            return
        if error.current == "cancelled":
            raise ConsultationCancelled(request.consultation_id) from error
        raise ConsultationConflict(f"cannot move from {error.current} to {to}") from error


def _consultation(request: TaskRequest) -> Consultation:
    consultation = consultation_store.get(request.municipality, request.consultation_id)
    if consultation is None:
        raise ConsultationConflict(f"consultation {request.consultation_id} is gone")
    return consultation


def await_approval(request: TaskRequest, now: datetime) -> dict[str, Any]:
    if not request.task_token:
        raise ConsultationConflict("the approval task was given no token")
    try:
        consultation_store.keep_task_token(request.municipality, request.consultation_id, request.task_token)
    except StatusChanged as error:
        if error.current == "cancelled":
            raise ConsultationCancelled(request.consultation_id) from error
        raise ConsultationConflict(f"a consultation that is {error.current} awaits no approval") from error
    return {"awaiting": "approval"}


def schedule(request: TaskRequest, now: datetime) -> dict[str, Any]:
    """Approved: the administrator's decision is kept already (authoring.decide)."""
    _move(request, "pending-approval", "scheduled", now)
    return {"status": "scheduled"}


def record_rejection(request: TaskRequest, now: datetime) -> dict[str, Any]:
    _move(request, "pending-approval", "rejected", now)
    return {"status": "rejected"}


def _recipients(consultation: Consultation) -> dict[str, str]:
    """Subject -> address: citizens who asked to hear of consultations they may join, and earlier
    participants who asked to hear of the next, if in the audience."""
    municipality = consultation.municipality
    eligibility, year = consultation.content.eligibility, consultation.content.opens_at.year
    profiles = {
        subject: (profile, email) for subject, profile, email in citizen_store.iter_profiles(municipality)
    }
    recipients = {
        subject: email
        for subject, (profile, email) in profiles.items()
        if email and profile.invitations and not eligibility.refusals(profile, year)
    }
    for participant in citizen_store.iter_participants(municipality):
        profile, _ = profiles.get(participant.subject, (None, None))
        if participant.subject not in recipients and not eligibility.refusals(profile, year):
            recipients[participant.subject] = participant.email
    return recipients


def _tell(consultation: Consultation, subject: str, email: str, topic: str, title: str, body: str) -> bool:
    """Whether the notification went out. One that fails is logged and the others still go: the
    lifecycle must not stop, leaving a consultation open forever, over one person's notification."""
    try:
        notify(
            Notification(
                municipality=consultation.municipality,
                recipient=Recipient(user_id=subject, email=email),
                topic=topic,
                subject=title[:200],
                body=body[:4000],
                reference=consultation.consultation_id,
            )
        )
    except Exception:
        logger.exception("notification failed", topic=topic, consultation_id=consultation.consultation_id)
        return False
    return True


def open_consultation(request: TaskRequest, now: datetime) -> dict[str, Any]:
    _move(request, "scheduled", "open", now)
    consultation = _consultation(request)
    content = consultation.content
    invited = sum(
        _tell(
            consultation,
            subject,
            email,
            "consultation.open",
            f"Have your say: {content.title}",
            f"{content.description}\n\nOpen until {content.closes_at:%d %B %Y %H:%M} UTC, in the Polis app.",
        )
        for subject, email in _recipients(consultation).items()
    )
    logger.info("consultation open", consultation_id=request.consultation_id, invited=invited)
    return {"invited": invited}


def close(request: TaskRequest, now: datetime) -> dict[str, Any]:
    _move(request, "open", "closed", now)
    return {"status": "closed"}


def tally_responses(request: TaskRequest, now: datetime) -> dict[str, Any]:
    consultation = _consultation(request)
    results = count(consultation, now)
    consultation_store.keep_results(request.municipality, request.consultation_id, results)
    return {"participants": results.participants, "suppressed": results.suppressed}


def publish_results(request: TaskRequest, now: datetime) -> dict[str, Any]:
    _move(request, "closed", "results-published", now)
    return {"status": "results-published"}


def notify_participants(request: TaskRequest, now: datetime) -> dict[str, Any]:
    consultation = _consultation(request)
    participants = consultation.results.participants if consultation.results else 0
    told = sum(
        _tell(
            consultation,
            response.participant,
            response.email,
            "consultation.results",
            f"Results: {consultation.content.title}",
            f"Thank you for taking part. {participants} people did; "
            "the results are published in the Polis app.",
        )
        for response in response_store.iter_responses(request.municipality, request.consultation_id)
        if response.keep_me_informed and response.email
    )
    return {"told": told}


def archive(request: TaskRequest, now: datetime) -> dict[str, Any]:
    _move(request, "results-published", "archived", now)
    erased = response_store.erase_responses(request.municipality, request.consultation_id)
    return {"responses_erased": erased}


TASKS: dict[TaskName, Callable[[TaskRequest, datetime], dict[str, Any]]] = {
    "await-approval": await_approval,
    "schedule": schedule,
    "record-rejection": record_rejection,
    "open": open_consultation,
    "close": close,
    "tally": tally_responses,
    "publish-results": publish_results,
    "notify-participants": notify_participants,
    "archive": archive,
}


def run_task(payload: dict[str, Any], now: datetime) -> dict[str, Any]:
    request = TaskRequest.model_validate(payload)
    return TASKS[request.task](request, now)
