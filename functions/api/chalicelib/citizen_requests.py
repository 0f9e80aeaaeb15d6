"""Citizens' service requests: report a problem, follow it, talk with staff, add photos, rate the outcome.

A citizen sees the private details (their contact, the steps, photos, comments) of their own
requests only; of anyone else's, the public fields, as Open311 shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint, Response
from pydantic import TypeAdapter

from chalicelib.access import citizen_municipality, is_reporter, reporter_only
from chalicelib.auth import citizen_auth, current_principal
from chalicelib.errors import answers_errors
from chalicelib.openapi import documented
from chalicelib.params import body_as, path_value, query_as
from polis.identity.principal import Principal
from polis.requests import desk
from polis.requests.models import (
    REPORTER,
    CitizenReport,
    Comment,
    Rating,
    Reference,
    Reporter,
    ReporterComment,
    ServiceRequest,
)
from polis.requests.photos import PhotoUpload, UploadForm
from polis.requests.queries import InMunicipality
from polis.requests.views import (
    CitizenRequestDetail,
    CitizenRequestList,
    PrivateServiceRequest,
    Submission,
    private_view,
    public_view,
)
from polis.store import photos as photo_store
from polis.store import service_requests as request_store

citizen_requests = Blueprint(__name__)

_REFERENCE = TypeAdapter(Reference)


def _own_or_other(reference: str) -> tuple[Principal, ServiceRequest]:
    request = citizen_requests.current_request
    principal = current_principal(request)
    where = query_as(request, InMunicipality)
    reference = path_value("reference", reference, _REFERENCE, "a reference such as CHK-2026-000123")
    return principal, request_store.get(citizen_municipality(principal, where.municipality), reference)


def _reported_by_caller(reference: str) -> ServiceRequest:
    principal, found = _own_or_other(reference)
    reporter_only(principal, found)
    return found


def _created(model: Submission | Comment | UploadForm) -> Response:
    return Response(body=model.model_dump(mode="json"), status_code=201)


@citizen_requests.route("/service-requests", methods=["GET"], authorizer=citizen_auth)
@answers_errors
@documented(query=InMunicipality, response=CitizenRequestList)
def my_requests() -> dict:
    """The caller's own requests in a municipality (?municipality=, else their home one), newest first."""
    request = citizen_requests.current_request
    principal = current_principal(request)
    where = query_as(request, InMunicipality)
    found = request_store.reporter_requests(
        citizen_municipality(principal, where.municipality), principal.subject
    )
    return CitizenRequestList(service_requests=[private_view(r) for r in found]).model_dump(mode="json")


@citizen_requests.route("/service-requests", methods=["POST"], authorizer=citizen_auth)
@answers_errors
@documented(body=CitizenReport, response=Submission, status=201)
def report() -> Response:
    """Report a problem; the answer names open requests close by that it may repeat.

    Updates go to the account's e-mail address, and by SMS to ``phone`` if given.
    """
    request = citizen_requests.current_request
    principal = current_principal(request)
    report = body_as(request, CitizenReport)
    municipality = citizen_municipality(principal, report.municipality)
    reporter = Reporter(subject=principal.subject, email=principal.email, phone=report.phone)
    filed, nearby = desk.submit(municipality, report.draft(), reporter, "app", datetime.now(UTC))
    return _created(
        Submission(request=private_view(filed), possible_duplicates=[public_view(r) for r in nearby])
    )


@citizen_requests.route("/service-requests/{reference}", methods=["GET"], authorizer=citizen_auth)
@answers_errors
@documented(query=InMunicipality, response=CitizenRequestDetail, errors=(404,))
def one_request(reference: str) -> dict:
    """A request: in full, with photos and the conversation, to its reporter; its public fields to others."""
    principal, found = _own_or_other(reference)
    if not is_reporter(principal, found):
        return CitizenRequestDetail(own=False, request=public_view(found), comments=[], photos=[]).model_dump(
            mode="json"
        )
    comments = [c for c in request_store.list_comments(found.municipality, found.reference) if not c.internal]
    photos = photo_store.list_photos(found.municipality, found.reference)
    detail = CitizenRequestDetail(own=True, request=private_view(found), comments=comments, photos=photos)
    return detail.model_dump(mode="json")


@citizen_requests.route("/service-requests/{reference}/comments", methods=["POST"], authorizer=citizen_auth)
@answers_errors
@documented(query=InMunicipality, body=ReporterComment, response=Comment, status=201, errors=(404, 409))
def comment(reference: str) -> Response:
    """Write to the staff working the request (while it is open)."""
    found = _reported_by_caller(reference)
    text = body_as(citizen_requests.current_request, ReporterComment).text
    return _created(desk.comment(found, REPORTER, text, internal=False, now=datetime.now(UTC)))


@citizen_requests.route("/service-requests/{reference}/photos", methods=["POST"], authorizer=citizen_auth)
@answers_errors
@documented(query=InMunicipality, body=PhotoUpload, response=UploadForm, status=201, errors=(404, 409))
def photo_upload(reference: str) -> Response:
    """A signed form to upload one photo straight to storage.

    JPEG, PNG or WebP, at most 10 MB and no more than declared in ``size_bytes``; 5 per request.
    """
    found = _reported_by_caller(reference)
    upload = body_as(citizen_requests.current_request, PhotoUpload)
    return _created(desk.photo_upload(found, upload, datetime.now(UTC)))


@citizen_requests.route("/service-requests/{reference}/rating", methods=["POST"], authorizer=citizen_auth)
@answers_errors
@documented(query=InMunicipality, body=Rating, response=PrivateServiceRequest, errors=(404, 409))
def rate(reference: str) -> dict:
    """Rate how a resolved request was handled: 1 to 5 stars, once."""
    found = _reported_by_caller(reference)
    rating = body_as(citizen_requests.current_request, Rating)
    return private_view(desk.rate(found, rating, datetime.now(UTC))).model_dump(mode="json")
