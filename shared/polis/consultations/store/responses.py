"""Responses and their free-text answers: one response per participant, while the consultation is open.

A response is written in one transaction with a check that the consultation is open, so nothing
is written after the workflow closes it, and with a condition on the response itself: none yet for
a first response, the very one the participant last saw for a change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from polis.consultations.eligibility import AudienceGroup
from polis.consultations.model import Response, Text, TextStatus
from polis.store.items import ConsultationItem, ResponseItem, TextItem
from polis.store.keys import partition
from polis.store.table import bind


class NotOpen(Exception):
    pass


class ResponseExists(Exception):
    pass


class ResponseChanged(Exception):
    """No response to change, or it changed since the participant read it."""


def _response_pk(municipality: str, consultation_id: str) -> str:
    return partition(municipality, "CONSULTATION", consultation_id, "RESPONSE")


def _text_pk(municipality: str, consultation_id: str) -> str:
    return partition(municipality, "CONSULTATION", consultation_id, "TEXT")


def _response_item(response: Response) -> ResponseItem:
    return ResponseItem(
        pk=_response_pk(response.municipality, response.consultation_id),
        sk=response.participant,
        municipality=response.municipality,
        consultation_id=response.consultation_id,
        participant=response.participant,
        answers=json.dumps(response.answers),
        age_band=response.group.age_band,
        gender=response.group.gender,
        district=response.group.district,
        keep_me_informed=response.keep_me_informed,
        email=response.email,
        text_ids=json.dumps(response.text_ids),
        submitted_at=response.submitted_at,
        updated_at=response.updated_at,
    )


def _from_item(item: ResponseItem) -> Response:
    return Response(
        municipality=item.municipality,
        consultation_id=item.consultation_id,
        participant=item.participant,
        answers=json.loads(item.answers),
        group=AudienceGroup(
            age_band=item.age_band,
            gender=item.gender,  # type: ignore[arg-type]  # written from Gender only
            district=item.district,
        ),
        keep_me_informed=item.keep_me_informed,
        email=item.email,
        text_ids=json.loads(item.text_ids),
        submitted_at=item.submitted_at,
        updated_at=item.updated_at,
    )


def _text_item(municipality: str, consultation_id: str, text: Text) -> TextItem:
    return TextItem(
        pk=_text_pk(municipality, consultation_id),
        sk=text.text_id,
        municipality=municipality,
        consultation_id=consultation_id,
        text_id=text.text_id,
        question_id=text.question_id,
        text=text.text,
        status=text.status,
        submitted_at=text.submitted_at,
    )


def put_response(response: Response, texts: list[Text], previous: Response | None) -> None:
    """A first response (``previous`` None), or a change replacing ``previous`` and its texts."""
    bind()
    municipality, consultation_id = response.municipality, response.consultation_id
    with_check = ConsultationItem(pk=partition(municipality, "CONSULTATION"), sk=consultation_id)
    try:
        with TransactWrite(connection=Connection()) as transaction:
            transaction.condition_check(
                ConsultationItem, with_check.pk, with_check.sk, condition=ConsultationItem.status == "open"
            )
            condition: Condition
            if previous is None:
                condition = ResponseItem.pk.does_not_exist()
            else:
                condition = ResponseItem.updated_at == previous.updated_at
                for text_id in previous.text_ids.values():
                    transaction.delete(TextItem(pk=_text_pk(municipality, consultation_id), sk=text_id))
            transaction.save(_response_item(response), condition=condition)
            for text in texts:
                transaction.save(_text_item(municipality, consultation_id, text))
    except TransactWriteError as error:
        reasons = [r.code if r else None for r in error.cancellation_reasons]
        if not reasons or "ConditionalCheckFailed" not in reasons:
            raise
        # The condition check is the transaction's first item; the response's is the only other.
        if reasons[0] == "ConditionalCheckFailed":
            raise NotOpen from error
        raise (ResponseExists() if previous is None else ResponseChanged()) from error


def get_response(municipality: str, consultation_id: str, participant: str) -> Response | None:
    bind()
    try:
        return _from_item(ResponseItem.get(_response_pk(municipality, consultation_id), participant))
    except ResponseItem.DoesNotExist:
        return None


def iter_responses(municipality: str, consultation_id: str) -> Iterator[Response]:
    bind()
    for item in ResponseItem.query(_response_pk(municipality, consultation_id)):
        yield _from_item(item)


def list_texts(municipality: str, consultation_id: str, status: TextStatus | None = None) -> list[Text]:
    bind()
    condition = TextItem.status == status if status else None
    return [
        Text(
            text_id=i.text_id,
            question_id=i.question_id,
            text=i.text,
            status=i.status,  # type: ignore[arg-type]  # written from TextStatus only
            submitted_at=i.submitted_at,
        )
        for i in TextItem.query(_text_pk(municipality, consultation_id), filter_condition=condition)
    ]


def moderate_text(municipality: str, consultation_id: str, text_id: str, status: TextStatus) -> bool:
    """False if there is no such text."""
    bind()
    item = TextItem(pk=_text_pk(municipality, consultation_id), sk=text_id)
    try:
        item.update(actions=[TextItem.status.set(status)], condition=TextItem.pk.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def erase_responses(municipality: str, consultation_id: str) -> int:
    """Archiving: every response and every unpublished text goes; published texts stay. How many went."""
    bind()
    erased = 0
    with ResponseItem.batch_write() as batch:
        for item in ResponseItem.query(_response_pk(municipality, consultation_id)):
            batch.delete(item)
            erased += 1
    with TextItem.batch_write() as batch:
        for text in TextItem.query(
            _text_pk(municipality, consultation_id), filter_condition=TextItem.status != "published"
        ):
            batch.delete(text)
    return erased
