"""Consultations: their content, status and results. Every status change is conditional."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.condition import Condition

from polis.consultations.lifecycle import Status
from polis.consultations.model import Cancellation, Consultation, Content, Review
from polis.consultations.tally import Results
from polis.store.items import ConsultationItem
from polis.store.keys import partition
from polis.store.table import bind

INDICATOR_ROUND_PREFIX = "indicators-"


class StatusChanged(Exception):
    """The consultation was not in a status the write expected; ``current`` is what it is in."""

    def __init__(self, current: Status | None) -> None:
        super().__init__(f"the consultation is {current or 'gone'}")
        self.current = current


def _pk(municipality: str) -> str:
    return partition(municipality, "CONSULTATION")


def _from_item(item: ConsultationItem) -> Consultation:
    return Consultation(
        consultation_id=item.consultation_id,
        municipality=item.municipality,
        content=Content.model_validate_json(item.content),
        status=item.status,  # type: ignore[arg-type]  # written from Status only
        created_by=item.created_by,
        created_at=item.created_at,
        updated_at=item.updated_at,
        submissions=int(item.submissions),
        execution_arn=item.execution_arn,
        review=Review.model_validate_json(item.review) if item.review else None,
        cancellation=Cancellation.model_validate_json(item.cancellation) if item.cancellation else None,
        results=Results.model_validate_json(item.results) if item.results else None,
    )


def create(consultation: Consultation) -> bool:
    """Keep a new consultation; False if one with its id exists (a schedule that fired twice)."""
    bind()
    item = ConsultationItem(
        pk=_pk(consultation.municipality),
        sk=consultation.consultation_id,
        municipality=consultation.municipality,
        consultation_id=consultation.consultation_id,
        kind=consultation.content.kind,
        status=consultation.status,
        content=consultation.content.model_dump_json(),
        created_by=consultation.created_by,
        created_at=consultation.created_at,
        updated_at=consultation.updated_at,
    )
    try:
        item.save(condition=ConsultationItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def get(municipality: str, consultation_id: str) -> Consultation | None:
    bind()
    try:
        return _from_item(ConsultationItem.get(_pk(municipality), consultation_id))
    except ConsultationItem.DoesNotExist:
        return None


def list_consultations(municipality: str) -> list[Consultation]:
    bind()
    return [_from_item(i) for i in ConsultationItem.query(_pk(municipality))]


def list_indicator_rounds(municipality: str) -> list[Consultation]:
    """Oldest first: their ids are the round's date."""
    bind()
    condition = ConsultationItem.sk.startswith(INDICATOR_ROUND_PREFIX)
    return [_from_item(i) for i in ConsultationItem.query(_pk(municipality), condition)]


def task_token(municipality: str, consultation_id: str) -> str | None:
    bind()
    try:
        item = ConsultationItem.get(_pk(municipality), consultation_id, attributes_to_get=["task_token"])
    except ConsultationItem.DoesNotExist:
        return None
    return item.task_token


def _in(expected: Iterable[Status]) -> Condition:
    return ConsultationItem.pk.exists() & ConsultationItem.status.is_in(*expected)


def _update(municipality: str, consultation_id: str, actions: list, condition: Condition) -> ConsultationItem:
    """The item as updated, if the condition on its status held (else StatusChanged)."""
    bind()
    item = ConsultationItem(pk=_pk(municipality), sk=consultation_id)
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        current = get(municipality, consultation_id)
        raise StatusChanged(current.status if current else None) from error
    return item


def replace_content(
    municipality: str, consultation_id: str, content: Content, now: datetime, expected: Iterable[Status]
) -> None:
    _update(
        municipality,
        consultation_id,
        [
            ConsultationItem.content.set(content.model_dump_json()),
            ConsultationItem.kind.set(content.kind),
            ConsultationItem.updated_at.set(now),
        ],
        _in(expected),
    )


def move(
    municipality: str,
    consultation_id: str,
    expected: Iterable[Status],
    to: Status,
    now: datetime,
    *,
    cancellation: Cancellation | None = None,
) -> None:
    """Move to ``to`` if the consultation is in one of the ``expected`` statuses."""
    actions = [ConsultationItem.status.set(to), ConsultationItem.updated_at.set(now)]
    if to not in ("pending-approval", "cancelled"):
        # A token is only good while its approval task waits; cancelling reads it after this move,
        # to end that task with it (a task that keeps its token later finds the cancellation).
        actions.append(ConsultationItem.task_token.remove())
    if cancellation is not None:
        actions.append(ConsultationItem.cancellation.set(cancellation.model_dump_json()))
    _update(municipality, consultation_id, actions, _in(expected))


def record_submission(
    municipality: str, consultation_id: str, expected: Iterable[Status], to: Status, now: datetime
) -> int:
    """Move a draft on to approval or schedule; the submission's number names its execution."""
    actions = [
        ConsultationItem.status.set(to),
        ConsultationItem.updated_at.set(now),
        ConsultationItem.submissions.add(1),
        ConsultationItem.review.remove(),
    ]
    return int(_update(municipality, consultation_id, actions, _in(expected)).submissions)


def record_execution(municipality: str, consultation_id: str, execution_arn: str) -> None:
    bind()
    ConsultationItem(pk=_pk(municipality), sk=consultation_id).update(
        actions=[ConsultationItem.execution_arn.set(execution_arn)]
    )


def record_review(municipality: str, consultation_id: str, review: Review) -> None:
    """The first decision on a consultation awaiting approval; StatusChanged if it is decided already."""
    undecided = _in(["pending-approval"]) & ConsultationItem.review.does_not_exist()
    _update(municipality, consultation_id, [ConsultationItem.review.set(review.model_dump_json())], undecided)


def keep_task_token(municipality: str, consultation_id: str, token: str) -> None:
    """The approval task's token, while the consultation awaits approval (else StatusChanged)."""
    _update(
        municipality, consultation_id, [ConsultationItem.task_token.set(token)], _in(["pending-approval"])
    )


def keep_results(municipality: str, consultation_id: str, results: Results) -> None:
    _update(
        municipality,
        consultation_id,
        [ConsultationItem.results.set(results.model_dump_json())],
        _in(["closed"]),
    )
