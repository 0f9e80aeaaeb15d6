"""Service requests in the table: the request, its comments, its Open311 token, the reference counter.

A request is one item holding the model as JSON, with the keys and the few attributes queries
need beside it. Every change is a Put conditioned on the version read (pynamodb's
``VersionAttribute``), so two staff members acting at once cannot overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from polis.requests.errors import ServiceRequestConflict, ServiceRequestNotFound
from polis.requests.models import Comment, ServiceRequest
from polis.requests.references import year_bounds
from polis.store.items import (
    ReferenceCounterItem,
    ReporterRequestItem,
    ServiceRequestCommentItem,
    ServiceRequestItem,
    ServiceRequestTokenItem,
)
from polis.store.keys import partition, time_sort_key
from polis.store.table import bind

_BATCH_GET_LIMIT = 100


@cache
def _connection() -> Connection:
    # Each Connection builds its own botocore client, which takes longer than the transaction.
    return Connection()


def _pk(municipality: str) -> str:
    return partition(municipality, "SERVICE_REQUEST")


def _open_pk(municipality: str) -> str:
    return partition(municipality, "SERVICE_REQUEST", "OPEN")


def _to_item(request: ServiceRequest) -> ServiceRequestItem:
    item = ServiceRequestItem(
        pk=_pk(request.municipality),
        sk=request.reference,
        municipality=request.municipality,
        reference=request.reference,
        submitted_at=request.submitted_at,
        status=request.status,
        request=request.model_dump_json(exclude={"version"}),
    )
    if request.version:
        item.version = request.version
    if request.is_open:
        item.gsi1pk = _open_pk(request.municipality)
        item.gsi1sk = request.reference
    return item


def _from_item(item: ServiceRequestItem) -> ServiceRequest:
    return ServiceRequest.model_validate_json(item.request).model_copy(update={"version": int(item.version)})


def next_sequence(municipality: str, year: int) -> int:
    """The next number of the year's references: an atomic counter, so no two requests share one."""
    bind()
    counter = ReferenceCounterItem(
        pk=partition(municipality, "SERVICE_REQUEST_COUNTER"), sk=str(year), municipality=municipality
    )
    counter.update(
        actions=[ReferenceCounterItem.last.add(1), ReferenceCounterItem.municipality.set(municipality)]
    )
    return int(counter.last)


def create(request: ServiceRequest) -> ServiceRequest:
    """Store a new request with its token and, for a citizen's, the pointer from their account."""
    bind()
    item = _to_item(request)
    municipality = request.municipality
    with TransactWrite(connection=_connection()) as transaction:
        transaction.save(item)  # the version attribute makes it conditional on not existing
        transaction.save(
            ServiceRequestTokenItem(
                pk=partition(municipality, "SERVICE_REQUEST_TOKEN"),
                sk=request.token,
                municipality=municipality,
                reference=request.reference,
            )
        )
        if request.reporter.subject:
            transaction.save(
                ReporterRequestItem(
                    pk=partition(municipality, "USER", request.reporter.subject, "SERVICE_REQUEST"),
                    sk=request.reference,
                    municipality=municipality,
                    reference=request.reference,
                )
            )
    return _from_item(item)


def get(municipality: str, reference: str) -> ServiceRequest:
    bind()
    try:
        return _from_item(ServiceRequestItem.get(_pk(municipality), reference, consistent_read=True))
    except ServiceRequestItem.DoesNotExist:
        raise ServiceRequestNotFound(reference) from None


def get_many(municipality: str, references: Iterable[str]) -> list[ServiceRequest]:
    """Those that exist, in the order asked."""
    bind()
    wanted = list(dict.fromkeys(references))
    found: dict[str, ServiceRequest] = {}
    for start in range(0, len(wanted), _BATCH_GET_LIMIT):
        keys = [(_pk(municipality), reference) for reference in wanted[start : start + _BATCH_GET_LIMIT]]
        for item in ServiceRequestItem.batch_get(keys):
            found[item.sk] = _from_item(item)
    return [found[reference] for reference in wanted if reference in found]


def save(request: ServiceRequest) -> ServiceRequest:
    """Store a change to a request read at ``request.version``; ``ServiceRequestConflict`` if it moved on."""
    bind()
    item = _to_item(request)
    try:
        item.save()
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise ServiceRequestConflict(
                f"{request.reference} was changed meanwhile; read it again"
            ) from error
        raise
    return _from_item(item)


def save_together(requests: Iterable[ServiceRequest]) -> list[ServiceRequest]:
    """Store changes to several requests at once, or none of them (a merge)."""
    bind()
    items = [_to_item(request) for request in requests]
    try:
        with TransactWrite(connection=_connection()) as transaction:
            for item in items:
                transaction.save(item)
    except TransactWriteError as error:
        if any(r is not None and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons):
            raise ServiceRequestConflict("a request was changed meanwhile; read it again") from error
        raise
    return [_from_item(item) for item in items]


def open_requests(municipality: str) -> list[ServiceRequest]:
    """Every open request of the municipality (the sparse index holds nothing else)."""
    bind()
    return [_from_item(item) for item in ServiceRequestItem.open_requests.query(_open_pk(municipality))]


def submitted_between(
    municipality: str, prefix: str, start: datetime, end: datetime, limit: int
) -> list[ServiceRequest]:
    """Newest first: the key condition narrows to the span's years, the filter to the span itself."""
    bind()
    low, high = year_bounds(prefix, start.year, end.year)
    items = ServiceRequestItem.query(
        _pk(municipality),
        ServiceRequestItem.sk.between(low, high),
        filter_condition=ServiceRequestItem.submitted_at.between(start, end),
        scan_index_forward=False,
    )
    found: list[ServiceRequest] = []
    for item in items:
        found.append(_from_item(item))
        if len(found) >= limit:
            break
    return found


def reporter_requests(municipality: str, subject: str) -> list[ServiceRequest]:
    """A citizen's own requests, newest first."""
    bind()
    pointers = ReporterRequestItem.query(
        partition(municipality, "USER", subject, "SERVICE_REQUEST"), scan_index_forward=False
    )
    return get_many(municipality, (p.reference for p in pointers))


def reference_for_token(municipality: str, token: str) -> str | None:
    bind()
    try:
        return ServiceRequestTokenItem.get(partition(municipality, "SERVICE_REQUEST_TOKEN"), token).reference
    except ServiceRequestTokenItem.DoesNotExist:
        return None


def _comment_pk(municipality: str, reference: str) -> str:
    return partition(municipality, "SERVICE_REQUEST", reference, "COMMENT")


def add_comment(municipality: str, comment: Comment) -> None:
    bind()
    ServiceRequestCommentItem(
        pk=_comment_pk(municipality, comment.reference),
        sk=time_sort_key(comment.at, comment.comment_id),
        municipality=municipality,
        reference=comment.reference,
        comment=comment.model_dump_json(),
    ).save()


def list_comments(municipality: str, reference: str) -> list[Comment]:
    """Oldest first, as a conversation reads."""
    bind()
    return [
        Comment.model_validate_json(item.comment)
        for item in ServiceRequestCommentItem.query(_comment_pk(municipality, reference))
    ]
