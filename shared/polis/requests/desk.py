"""The service desk: filing, working and following requests, stored and told to the people concerned.

Routes decide who may call what (``chalicelib/access.py``); these functions apply the lifecycle's
rules, store the outcome and notify: the reporter (and the reporters of requests merged into it) at
every status, the assignee when given one.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from polis.identity.directory import staff_contact
from polis.notifications import Recipient, notify
from polis.requests import lifecycle, notices
from polis.requests.categories import Category, CategoryDetails
from polis.requests.duplicates import possible_duplicates
from polis.requests.errors import (
    CategoryNotFound,
    InvalidField,
    ServiceRequestConflict,
    ServiceRequestNotFound,
)
from polis.requests.metrics import ServiceRequestMetrics, summarize
from polis.requests.models import (
    REPORTER,
    Channel,
    Comment,
    Draft,
    Lookup,
    Rating,
    Reporter,
    ServiceRequest,
    StatusUpdate,
    TimelineEntry,
)
from polis.requests.open311 import Open311Query
from polis.requests.photos import MAX_PHOTOS, PhotoUpload, UploadForm
from polis.requests.queries import DEFAULT_SPAN_DAYS, MAX_LISTED, StaffListing
from polis.requests.references import format_reference, reference_prefix
from polis.requests.store import categories as category_store
from polis.requests.store import photos as photo_store
from polis.requests.store import service_requests as request_store
from polis.requests.views import (
    CitizenRequestDetail,
    StaffRequestDetail,
    private_view,
    public_view,
    staff_view,
)
from polis.store.municipalities import get_municipality

# Resolution times are read from at most this many recent requests (a large city's quarter).
_METRICS_SAMPLE = 20_000


def prefix_of(municipality: str) -> str:
    return reference_prefix(municipality, get_municipality(municipality))


def submit(
    municipality: str,
    draft: Draft,
    reporter: Reporter,
    channel: Channel,
    now: datetime,
    filed_by: str | None = None,
) -> tuple[ServiceRequest, list[ServiceRequest]]:
    """File a request; with it, the open requests it may repeat."""
    try:
        category = category_store.get_category(municipality, draft.category)
    except CategoryNotFound:
        raise InvalidField("category", f"{municipality} has no category {draft.category!r}") from None
    sequence = request_store.next_sequence(municipality, now.year)
    filed = request_store.create(
        ServiceRequest(
            reference=format_reference(prefix_of(municipality), now.year, sequence),
            municipality=municipality,
            category=category.code,
            department=category.department,
            location=draft.location,
            address=draft.address,
            description=draft.description,
            channel=channel,
            reporter=reporter,
            filed_by=filed_by,
            submitted_at=now,
            updated_at=now,
            due_at=now + timedelta(hours=category.due_hours),
            timeline=(TimelineEntry(at=now, status="submitted", by=filed_by or REPORTER),),
            token=uuid.uuid4().hex,
        )
    )
    _tell_reporters(filed)
    return filed, possible_duplicates(filed, request_store.open_requests(municipality))


def update_status(request: ServiceRequest, update: StatusUpdate, by: str, now: datetime) -> ServiceRequest:
    changed = request_store.save(
        lifecycle.change_status(request, update.status, by=by, at=now, note=update.note)
    )
    _tell_reporters(changed)
    return changed


def assign(request: ServiceRequest, username: str, by: str, now: datetime) -> ServiceRequest:
    """Give it to a staff member of its department (the staff directory says who is)."""
    assignee = staff_contact(username)
    role = f"staff:{request.department}"
    if assignee is None or assignee.municipality != request.municipality or role not in assignee.roles:
        problem = f"{username!r} is not staff of the {request.department} department here"
        raise InvalidField("assignee", problem)
    changed = request_store.save(lifecycle.assign(request, assignee.username, by=by, at=now))
    if changed.status != request.status:
        _tell_reporters(changed)
    if assignee.email or assignee.phone:
        recipient = Recipient(user_id=assignee.subject, email=assignee.email, phone=assignee.phone)
        notify(notices.assigned_notice(changed, recipient))
    return changed


def merge(
    duplicate: ServiceRequest, into: str, by: str, now: datetime
) -> tuple[ServiceRequest, ServiceRequest]:
    try:
        target = request_store.get(duplicate.municipality, into)
    except ServiceRequestNotFound:
        raise InvalidField("into", f"no service request {into}") from None
    merged, carrying = request_store.save_together(lifecycle.merge(duplicate, target, by=by, at=now))
    _tell_reporters(merged)
    return merged, carrying


def comment(request: ServiceRequest, by: str, text: str, internal: bool, now: datetime) -> Comment:
    if not request.is_open and not internal:
        raise ServiceRequestConflict(f"{request.reference} is {request.status}; the conversation is closed")
    added = Comment(
        comment_id=uuid.uuid4().hex, reference=request.reference, at=now, by=by, text=text, internal=internal
    )
    request_store.add_comment(request.municipality, added)
    return added


def rate(request: ServiceRequest, rating: Rating, now: datetime) -> ServiceRequest:
    return request_store.save(lifecycle.rate(request, rating, now))


def photo_upload(request: ServiceRequest, upload: PhotoUpload, now: datetime) -> UploadForm:
    if not request.is_open:
        raise ServiceRequestConflict(f"{request.reference} is {request.status}; photos are taken while open")
    if len(photo_store.list_photos(request.municipality, request.reference)) >= MAX_PHOTOS:
        raise ServiceRequestConflict(f"{request.reference} has its {MAX_PHOTOS} photos already")
    return photo_store.upload_form(request.municipality, request.reference, upload, now)


def look_up(municipality: str, lookup: Lookup) -> ServiceRequest:
    """The request, if the caller's phone or last name is its reporter's; otherwise as if it did not exist."""
    found = request_store.get(municipality, lookup.reference)
    reporter = found.reporter
    phone_matches = lookup.phone is not None and lookup.phone == reporter.phone
    name_matches = (
        lookup.last_name is not None
        and reporter.last_name is not None
        and lookup.last_name.casefold() == reporter.last_name.casefold()
    )
    if not (phone_matches or name_matches):
        raise ServiceRequestNotFound(lookup.reference)
    return found


def listed(municipality: str, listing: StaffListing, now: datetime) -> list[ServiceRequest]:
    """Open ones from the open index; closed ones from those submitted in the listing's span."""
    if listing.state == "open":
        candidates = request_store.open_requests(municipality)
    else:
        since, until = listing.span(now)
        candidates = request_store.submitted_between(
            municipality, prefix_of(municipality), since, until, MAX_LISTED
        )
    return [r for r in candidates if listing.wants(r, now)]


def open311_requests(municipality: str, query: Open311Query, now: datetime) -> list[ServiceRequest]:
    """By id; the open ones from the open index; else those submitted in the span (90 days by default)."""
    if query.service_request_id:
        return request_store.get_many(municipality, query.service_request_id)
    if query.status == ["open"] and query.start_date is None and query.end_date is None:
        return [r for r in reversed(request_store.open_requests(municipality)) if query.wants(r)]
    end = query.end_date or now
    start = query.start_date or end - timedelta(days=DEFAULT_SPAN_DAYS)
    candidates = request_store.submitted_between(
        municipality, prefix_of(municipality), start, end, MAX_LISTED
    )
    return [r for r in candidates if query.wants(r)]


def metrics(municipality: str, window_days: int, now: datetime) -> ServiceRequestMetrics:
    since = now - timedelta(days=window_days)
    recent = request_store.submitted_between(
        municipality, prefix_of(municipality), since, now, _METRICS_SAMPLE
    )
    return summarize(municipality, request_store.open_requests(municipality), recent, now, window_days)


def nearby_open(request: ServiceRequest) -> list[ServiceRequest]:
    return possible_duplicates(request, request_store.open_requests(request.municipality))


def categories_by_code(municipality: str) -> dict[str, Category]:
    return {category.code: category for category in category_store.list_categories(municipality)}


def find(municipality: str, reference: str) -> ServiceRequest:
    """The request of this municipality with this reference; another municipality's is not found."""
    return request_store.get(municipality, reference)


def reported_by(municipality: str, subject: str) -> list[ServiceRequest]:
    """A citizen's own requests in a municipality, newest first."""
    return request_store.reporter_requests(municipality, subject)


def citizen_detail(request: ServiceRequest, own: bool) -> CitizenRequestDetail:
    """To its reporter (``own``), the request in full with its photos and the conversation (internal
    notes left out); to anyone else, its public fields only."""
    if not own:
        return CitizenRequestDetail(own=False, request=public_view(request), comments=[], photos=[])
    comments = [
        c for c in request_store.list_comments(request.municipality, request.reference) if not c.internal
    ]
    return CitizenRequestDetail(
        own=True,
        request=private_view(request),
        comments=comments,
        photos=photo_store.list_photos(request.municipality, request.reference),
    )


def staff_detail(request: ServiceRequest, now: datetime) -> StaffRequestDetail:
    """The request as the desk works it: all comments, photos, and the open requests it may repeat."""
    return StaffRequestDetail(
        request=staff_view(request, now),
        comments=request_store.list_comments(request.municipality, request.reference),
        photos=photo_store.list_photos(request.municipality, request.reference),
        possible_duplicates=[public_view(r) for r in nearby_open(request)],
    )


def categories(municipality: str) -> list[Category]:
    """The municipality's categories, by code."""
    return category_store.list_categories(municipality)


def save_category(municipality: str, code: str, details: CategoryDetails) -> Category:
    """Add or change a category; requests already filed keep the due time they were given."""
    category = Category(code=code, **details.model_dump())
    category_store.put_category(municipality, category)
    return category


def _tell_reporters(request: ServiceRequest) -> None:
    """The reporter, and the reporters of every request merged into it, of its current status."""
    concerned = [request, *request_store.get_many(request.municipality, request.duplicates)]
    for about in concerned:
        recipient = about.reporter.recipient(about.reference)
        if recipient is not None:
            notify(notices.status_notice(request, recipient, about))
