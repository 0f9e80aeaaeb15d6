"""Staff and service requests: the desk of a municipality's departments, call centre and administrator.

Everyone at the desk sees every request of their municipality, reporters' contacts included (to
call them back); changing one is for its department and the administrator; the call centre files
requests for callers without a device and finds them again by reference and phone or last name.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field

from chalicelib.access import call_centre, may_comment, may_work, municipality_admin, service_desk
from chalicelib.auth import staff_auth
from chalicelib.contract import route
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

staff_requests = Blueprint(__name__)


class ReferencePath(BaseModel):
    reference: Reference = Field(description="the request's reference, e.g. CHK-2026-000123")


class CategoryPath(BaseModel):
    code: CategoryCode = Field(description="the category's code (Open311's service_code), e.g. pothole")


class CategoryList(BaseModel):
    categories: list[Category]


def _at_desk(request: Request, reference: str) -> tuple[Principal, ServiceRequest]:
    principal, municipality = service_desk(request)
    return principal, desk.find(municipality, reference)


def _to_work(request: Request, reference: str) -> tuple[Principal, ServiceRequest]:
    principal, found = _at_desk(request, reference)
    may_work(principal, found)
    return principal, found


@route(
    staff_requests,
    "/service-requests",
    "GET",
    authorizer=staff_auth,
    query=StaffListing,
    response=StaffRequestList,
)
def list_requests(request: Request, query: StaffListing) -> StaffRequestList:
    """The municipality's requests: open ones (oldest first) unless ``state`` says otherwise.

    ``status``, ``category``, ``department``, ``assignee`` and ``overdue`` narrow the list; closed
    ones are those submitted between ``since`` and ``until`` (the last 90 days by default).
    """
    _, municipality = service_desk(request)
    now = datetime.now(UTC)
    found = [staff_view(r, now) for r in desk.listed(municipality, query, now)]
    return StaffRequestList(count=len(found), service_requests=found)


@route(
    staff_requests,
    "/service-requests",
    "POST",
    authorizer=staff_auth,
    body=AssistedReport,
    response=AssistedSubmission,
    status=201,
)
def file_for_caller(request: Request, body: AssistedReport) -> AssistedSubmission:
    """File a request for a caller without a device; read them its reference to follow it by phone.

    The caller is told of every status by SMS (and e-mail, if they gave one).
    """
    principal, municipality = call_centre(request)
    caller = body.caller
    reporter = Reporter(
        first_name=caller.first_name, last_name=caller.last_name, phone=caller.phone, email=caller.email
    )
    now = datetime.now(UTC)
    filed, nearby = desk.submit(
        municipality, body.draft(), reporter, "call-centre", now, filed_by=principal.username
    )
    return AssistedSubmission(
        request=staff_view(filed, now), possible_duplicates=[public_view(r) for r in nearby]
    )


@route(
    staff_requests,
    "/service-requests/lookup",
    "POST",
    authorizer=staff_auth,
    body=Lookup,
    response=StaffRequestDetail,
    errors=(404,),
)
def look_up(request: Request, body: Lookup) -> StaffRequestDetail:
    """A caller's request by its reference and their phone or last name (no match: not found)."""
    _, municipality = call_centre(request)
    return desk.staff_detail(desk.look_up(municipality, body), datetime.now(UTC))


@route(
    staff_requests,
    "/service-requests/{reference}",
    "GET",
    authorizer=staff_auth,
    path_params=ReferencePath,
    response=StaffRequestDetail,
    errors=(404,),
)
def one_request(reference: str, request: Request) -> StaffRequestDetail:
    """A request in full: reporter, timeline, comments (internal ones too), photos, possible duplicates."""
    _, found = _at_desk(request, reference)
    return desk.staff_detail(found, datetime.now(UTC))


@route(
    staff_requests,
    "/service-requests/{reference}/status",
    "POST",
    authorizer=staff_auth,
    path_params=ReferencePath,
    body=StatusUpdate,
    response=StaffServiceRequest,
    errors=(404, 409),
)
def change_status(reference: str, request: Request, body: StatusUpdate) -> StaffServiceRequest:
    """Acknowledge, start, resolve or reject (with the reason); the reporter is told."""
    principal, found = _to_work(request, reference)
    now = datetime.now(UTC)
    return staff_view(desk.update_status(found, body, principal.username, now), now)


@route(
    staff_requests,
    "/service-requests/{reference}/assignment",
    "POST",
    authorizer=staff_auth,
    path_params=ReferencePath,
    body=AssignmentUpdate,
    response=StaffServiceRequest,
    errors=(404, 409),
)
def assign(reference: str, request: Request, body: AssignmentUpdate) -> StaffServiceRequest:
    """Give the request to a member of its department's staff, who is told."""
    principal, found = _to_work(request, reference)
    now = datetime.now(UTC)
    return staff_view(desk.assign(found, body.assignee, principal.username, now), now)


@route(
    staff_requests,
    "/service-requests/{reference}/merge",
    "POST",
    authorizer=staff_auth,
    path_params=ReferencePath,
    body=MergeInto,
    response=MergeOutcome,
    errors=(404, 409),
)
def merge(reference: str, request: Request, body: MergeInto) -> MergeOutcome:
    """Close this request as a duplicate of an open one; its reporter then hears how that one goes."""
    principal, found = _to_work(request, reference)
    now = datetime.now(UTC)
    merged, carrying = desk.merge(found, body.into, principal.username, now)
    return MergeOutcome(merged=staff_view(merged, now), into=staff_view(carrying, now))


@route(
    staff_requests,
    "/service-requests/{reference}/comments",
    "POST",
    authorizer=staff_auth,
    path_params=ReferencePath,
    body=StaffComment,
    response=Comment,
    status=201,
    errors=(404, 409),
)
def comment(reference: str, request: Request, body: StaffComment) -> Comment:
    """Write to the reporter, or (``internal``) a note among staff."""
    principal, found = _at_desk(request, reference)
    may_comment(principal, found)
    return desk.comment(found, principal.username, body.text, body.internal, datetime.now(UTC))


@route(
    staff_requests,
    "/metrics/service-requests",
    "GET",
    authorizer=staff_auth,
    query=MetricsWindow,
    response=ServiceRequestMetrics,
)
def metrics(request: Request, query: MetricsWindow) -> ServiceRequestMetrics:
    """Open requests by category and department, overdue ones, and the median time to resolve."""
    _, municipality = service_desk(request)
    return desk.metrics(municipality, query.window_days, datetime.now(UTC))


@route(staff_requests, "/categories", "GET", authorizer=staff_auth, response=CategoryList)
def list_categories(request: Request) -> CategoryList:
    """The municipality's categories of service requests, with their departments and due hours."""
    _, municipality = service_desk(request)
    return CategoryList(categories=desk.categories(municipality))


@route(
    staff_requests,
    "/categories/{code}",
    "PUT",
    authorizer=staff_auth,
    path_params=CategoryPath,
    body=CategoryDetails,
    response=Category,
)
def put_category(code: str, request: Request, body: CategoryDetails) -> Category:
    """Add or change a category (administrator); requests already filed keep their due time."""
    _, municipality = municipality_admin(request)
    return desk.save_category(municipality, code, body)
