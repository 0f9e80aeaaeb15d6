"""Staff and service requests: the desk of a municipality's departments, call centre and administrator.

Everyone at the desk sees every request of their municipality, reporters' contacts included (to
call them back); changing one is for its department and the administrator; the call centre files
requests for callers without a device and finds them again by reference and phone or last name.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint, Response
from pydantic import BaseModel, TypeAdapter

from chalicelib.access import call_centre, may_comment, may_work, municipality_admin, service_desk
from chalicelib.auth import staff_auth
from chalicelib.errors import answers_errors
from chalicelib.openapi import documented
from chalicelib.params import body_as, path_value, query_as
from polis.identity.principal import Principal
from polis.requests import desk
from polis.requests.categories import Category, CategoryCode, CategoryDetails
from polis.requests.metrics import ServiceRequestMetrics
from polis.requests.models import (
    AssignmentUpdate,
    AssistedReport,
    Comment,
    Lookup,
    MergeInto,
    Reference,
    Reporter,
    ServiceRequest,
    StaffComment,
    StatusUpdate,
)
from polis.requests.queries import MetricsWindow, StaffListing
from polis.requests.views import (
    AssistedSubmission,
    MergeOutcome,
    StaffRequestDetail,
    StaffRequestList,
    StaffServiceRequest,
    public_view,
    staff_view,
)
from polis.store import categories as category_store
from polis.store import photos as photo_store
from polis.store import service_requests as request_store

staff_requests = Blueprint(__name__)

_REFERENCE = TypeAdapter(Reference)
_CATEGORY_CODE = TypeAdapter(CategoryCode)


class CategoryList(BaseModel):
    categories: list[Category]


def _at_desk(reference: str) -> tuple[Principal, ServiceRequest]:
    principal, municipality = service_desk(staff_requests.current_request)
    reference = path_value("reference", reference, _REFERENCE, "a reference such as CHK-2026-000123")
    return principal, request_store.get(municipality, reference)


def _to_work(reference: str) -> tuple[Principal, ServiceRequest]:
    principal, found = _at_desk(reference)
    may_work(principal, found)
    return principal, found


def _detail(found: ServiceRequest, now: datetime) -> dict:
    detail = StaffRequestDetail(
        request=staff_view(found, now),
        comments=request_store.list_comments(found.municipality, found.reference),
        photos=photo_store.list_photos(found.municipality, found.reference),
        possible_duplicates=[public_view(r) for r in desk.nearby_open(found)],
    )
    return detail.model_dump(mode="json")


def _staff_json(found: ServiceRequest) -> dict:
    return staff_view(found, datetime.now(UTC)).model_dump(mode="json")


@staff_requests.route("/service-requests", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(query=StaffListing, response=StaffRequestList)
def list_requests() -> dict:
    """The municipality's requests: open ones (oldest first) unless ``state`` says otherwise.

    ``status``, ``category``, ``department``, ``assignee`` and ``overdue`` narrow the list; closed
    ones are those submitted between ``since`` and ``until`` (the last 90 days by default).
    """
    _, municipality = service_desk(staff_requests.current_request)
    listing = query_as(staff_requests.current_request, StaffListing)
    now = datetime.now(UTC)
    found = [staff_view(r, now) for r in desk.listed(municipality, listing, now)]
    return StaffRequestList(count=len(found), service_requests=found).model_dump(mode="json")


@staff_requests.route("/service-requests", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=AssistedReport, response=AssistedSubmission, status=201)
def file_for_caller() -> Response:
    """File a request for a caller without a device; read them its reference to follow it by phone.

    The caller is told of every status by SMS (and e-mail, if they gave one).
    """
    principal, municipality = call_centre(staff_requests.current_request)
    report = body_as(staff_requests.current_request, AssistedReport)
    caller = report.caller
    reporter = Reporter(
        first_name=caller.first_name, last_name=caller.last_name, phone=caller.phone, email=caller.email
    )
    now = datetime.now(UTC)
    filed, nearby = desk.submit(
        municipality, report.draft(), reporter, "call-centre", now, filed_by=principal.username
    )
    submission = AssistedSubmission(
        request=staff_view(filed, now), possible_duplicates=[public_view(r) for r in nearby]
    )
    return Response(body=submission.model_dump(mode="json"), status_code=201)


@staff_requests.route("/service-requests/lookup", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=Lookup, response=StaffRequestDetail, errors=(404,))
def look_up() -> dict:
    """A caller's request by its reference and their phone or last name (no match: not found)."""
    _, municipality = call_centre(staff_requests.current_request)
    lookup = body_as(staff_requests.current_request, Lookup)
    return _detail(desk.look_up(municipality, lookup), datetime.now(UTC))


@staff_requests.route("/service-requests/{reference}", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(response=StaffRequestDetail, errors=(404,))
def one_request(reference: str) -> dict:
    """A request in full: reporter, timeline, comments (internal ones too), photos, possible duplicates."""
    _, found = _at_desk(reference)
    return _detail(found, datetime.now(UTC))


@staff_requests.route("/service-requests/{reference}/status", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=StatusUpdate, response=StaffServiceRequest, errors=(404, 409))
def change_status(reference: str) -> dict:
    """Acknowledge, start, resolve or reject (with the reason); the reporter is told."""
    principal, found = _to_work(reference)
    update = body_as(staff_requests.current_request, StatusUpdate)
    return _staff_json(desk.update_status(found, update, principal.username, datetime.now(UTC)))


@staff_requests.route("/service-requests/{reference}/assignment", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=AssignmentUpdate, response=StaffServiceRequest, errors=(404, 409))
def assign(reference: str) -> dict:
    """Give the request to a member of its department's staff, who is told."""
    principal, found = _to_work(reference)
    update = body_as(staff_requests.current_request, AssignmentUpdate)
    return _staff_json(desk.assign(found, update.assignee, principal.username, datetime.now(UTC)))


@staff_requests.route("/service-requests/{reference}/merge", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=MergeInto, response=MergeOutcome, errors=(404, 409))
def merge(reference: str) -> dict:
    """Close this request as a duplicate of an open one; its reporter then hears how that one goes."""
    principal, found = _to_work(reference)
    into = body_as(staff_requests.current_request, MergeInto).into
    now = datetime.now(UTC)
    merged, carrying = desk.merge(found, into, principal.username, now)
    return MergeOutcome(merged=staff_view(merged, now), into=staff_view(carrying, now)).model_dump(
        mode="json"
    )


@staff_requests.route("/service-requests/{reference}/comments", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=StaffComment, response=Comment, status=201, errors=(404, 409))
def comment(reference: str) -> Response:
    """Write to the reporter, or (``internal``) a note among staff."""
    principal, found = _at_desk(reference)
    may_comment(principal, found)
    said = body_as(staff_requests.current_request, StaffComment)
    added = desk.comment(found, principal.username, said.text, said.internal, datetime.now(UTC))
    return Response(body=added.model_dump(mode="json"), status_code=201)


@staff_requests.route("/metrics/service-requests", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(query=MetricsWindow, response=ServiceRequestMetrics)
def metrics() -> dict:
    """Open requests by category and department, overdue ones, and the median time to resolve."""
    _, municipality = service_desk(staff_requests.current_request)
    window = query_as(staff_requests.current_request, MetricsWindow)
    return desk.metrics(municipality, window.window_days, datetime.now(UTC)).model_dump(mode="json")


@staff_requests.route("/categories", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(response=CategoryList)
def list_categories() -> dict:
    """The municipality's categories of service requests, with their departments and due hours."""
    _, municipality = service_desk(staff_requests.current_request)
    return CategoryList(categories=category_store.list_categories(municipality)).model_dump(mode="json")


@staff_requests.route("/categories/{code}", methods=["PUT"], authorizer=staff_auth)
@answers_errors
@documented(body=CategoryDetails, response=Category)
def put_category(code: str) -> dict:
    """Add or change a category (administrator); requests already filed keep their due time."""
    _, municipality = municipality_admin(staff_requests.current_request)
    code = path_value("code", code, _CATEGORY_CODE, "a category code (lower-case slug)")
    details = body_as(staff_requests.current_request, CategoryDetails)
    category = Category(code=code, **details.model_dump())
    category_store.put_category(municipality, category)
    return category.model_dump(mode="json")
