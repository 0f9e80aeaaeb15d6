"""Citizens' service requests: report a problem, follow it, talk with staff, add photos, rate the outcome.

A citizen sees the private details (their contact, the steps, photos, comments) of their own
requests only; of anyone else's, the public fields, as Open311 shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field

from chalicelib.access import citizen_municipality, is_reporter, reporter_only
from chalicelib.auth import citizen_auth, current_principal
from chalicelib.contract import route
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

citizen_requests = Blueprint(__name__)


class ReferencePath(BaseModel):
    reference: Reference = Field(description="the request's reference, e.g. CHK-2026-000123")


def _where(request: Request, municipality: str | None) -> tuple[Principal, str]:
    principal = current_principal(request)
    return principal, citizen_municipality(principal, municipality)


def _found(request: Request, query: InMunicipality, reference: str) -> tuple[Principal, ServiceRequest]:
    principal, municipality = _where(request, query.municipality)
    return principal, desk.find(municipality, reference)


def _reported_by_caller(request: Request, query: InMunicipality, reference: str) -> ServiceRequest:
    principal, found = _found(request, query, reference)
    reporter_only(principal, found)
    return found


@route(
    citizen_requests,
    "/service-requests",
    "GET",
    authorizer=citizen_auth,
    query=InMunicipality,
    response=CitizenRequestList,
)
def my_requests(request: Request, query: InMunicipality) -> CitizenRequestList:
    """The caller's own requests in a municipality (?municipality=, else their home one), newest first."""
    principal, municipality = _where(request, query.municipality)
    found = desk.reported_by(municipality, principal.subject)
    return CitizenRequestList(service_requests=[private_view(r) for r in found])


@route(
    citizen_requests,
    "/service-requests",
    "POST",
    authorizer=citizen_auth,
    body=CitizenReport,
    response=Submission,
    status=201,
)
def report(request: Request, body: CitizenReport) -> Submission:
    """Report a problem; the answer names open requests close by that it may repeat.

    Updates go to the account's e-mail address, and by SMS to ``phone`` if given.
    """
    principal, municipality = _where(request, body.municipality)
    reporter = Reporter(subject=principal.subject, email=principal.email, phone=body.phone)
    filed, nearby = desk.submit(municipality, body.draft(), reporter, "app", datetime.now(UTC))
    return Submission(request=private_view(filed), possible_duplicates=[public_view(r) for r in nearby])


@route(
    citizen_requests,
    "/service-requests/{reference}",
    "GET",
    authorizer=citizen_auth,
    path_params=ReferencePath,
    query=InMunicipality,
    response=CitizenRequestDetail,
    errors=(404,),
)
def one_request(reference: str, request: Request, query: InMunicipality) -> CitizenRequestDetail:
    """A request: in full, with photos and the conversation, to its reporter; its public fields to others."""
    principal, found = _found(request, query, reference)
    return desk.citizen_detail(found, own=is_reporter(principal, found))


@route(
    citizen_requests,
    "/service-requests/{reference}/comments",
    "POST",
    authorizer=citizen_auth,
    path_params=ReferencePath,
    query=InMunicipality,
    body=ReporterComment,
    response=Comment,
    status=201,
    errors=(404, 409),
)
def comment(reference: str, request: Request, query: InMunicipality, body: ReporterComment) -> Comment:
    """Write to the staff working the request (while it is open)."""
    found = _reported_by_caller(request, query, reference)
    return desk.comment(found, REPORTER, body.text, internal=False, now=datetime.now(UTC))


@route(
    citizen_requests,
    "/service-requests/{reference}/photos",
    "POST",
    authorizer=citizen_auth,
    path_params=ReferencePath,
    query=InMunicipality,
    body=PhotoUpload,
    response=UploadForm,
    status=201,
    errors=(404, 409),
)
def photo_upload(reference: str, request: Request, query: InMunicipality, body: PhotoUpload) -> UploadForm:
    """A signed form to upload one photo straight to storage.

    JPEG, PNG or WebP, at most 10 MB and no more than declared in ``size_bytes``; 5 per request.
    """
    found = _reported_by_caller(request, query, reference)
    return desk.photo_upload(found, body, datetime.now(UTC))


@route(
    citizen_requests,
    "/service-requests/{reference}/rating",
    "POST",
    authorizer=citizen_auth,
    path_params=ReferencePath,
    query=InMunicipality,
    body=Rating,
    response=PrivateServiceRequest,
    errors=(404, 409),
)
def rate(reference: str, request: Request, query: InMunicipality, body: Rating) -> PrivateServiceRequest:
    """Rate how a resolved request was handled: 1 to 5 stars, once."""
    found = _reported_by_caller(request, query, reference)
    return private_view(desk.rate(found, body, datetime.now(UTC)))
