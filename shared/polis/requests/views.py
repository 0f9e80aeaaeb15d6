"""What each audience sees of a service request.

Anyone: the public fields (what, where, its status and why). The reporter: also who they are, the
timeline, the photos and the comments meant for them. Staff of the municipality: everything.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from polis.devices.model import Location
from polis.requests import lifecycle
from polis.requests.models import Channel, Comment, Rating, Reporter, ServiceRequest, Status, TimelineEntry


class Photo(BaseModel):
    url: str = Field(description="a short-lived link to the image")
    size_bytes: int
    uploaded_at: datetime


class PublicServiceRequest(BaseModel):
    reference: str
    municipality: str
    category: str
    department: str
    status: Status
    location: Location
    address: str | None
    description: str | None
    submitted_at: datetime
    updated_at: datetime
    due_at: datetime
    closed_at: datetime | None
    status_note: str | None
    merged_into: str | None


class Step(BaseModel):
    """A status the reporter's request went through; staff stay unnamed."""

    at: datetime
    status: Status
    note: str | None


class PrivateServiceRequest(PublicServiceRequest):
    """The reporter's own request."""

    channel: Channel
    reporter: Reporter
    steps: list[Step]
    rating: Rating | None


class StaffServiceRequest(PublicServiceRequest):
    channel: Channel
    reporter: Reporter
    timeline: list[TimelineEntry]
    rating: Rating | None
    assignee: str | None
    filed_by: str | None
    escalated_at: datetime | None
    overdue: bool
    duplicates: list[str]
    next_statuses: list[Status] = Field(description="what it may become from here")


def public_view(request: ServiceRequest) -> PublicServiceRequest:
    return PublicServiceRequest.model_validate(
        request.model_dump(include=set(PublicServiceRequest.model_fields))
    )


def _steps(timeline: tuple[TimelineEntry, ...]) -> list[Step]:
    steps: list[Step] = []
    for entry in timeline:
        if steps and steps[-1].status == entry.status:
            continue  # a hand-over or an escalation: internal
        # An assignment's note names the staff member.
        steps.append(
            Step(at=entry.at, status=entry.status, note=None if entry.status == "assigned" else entry.note)
        )
    return steps


def private_view(request: ServiceRequest) -> PrivateServiceRequest:
    fields = request.model_dump(include=set(PrivateServiceRequest.model_fields))
    return PrivateServiceRequest.model_validate(fields | {"steps": _steps(request.timeline)})


def staff_view(request: ServiceRequest, now: datetime) -> StaffServiceRequest:
    fields = request.model_dump(include=set(StaffServiceRequest.model_fields))
    return StaffServiceRequest.model_validate(
        fields
        | {"overdue": request.overdue(now), "next_statuses": sorted(lifecycle.allowed_next(request.status))}
    )


class CitizenRequestDetail(BaseModel):
    own: bool = Field(description="whether the caller reported it; if not, only the public fields are given")
    request: PrivateServiceRequest | PublicServiceRequest
    comments: list[Comment] = Field(description="the conversation with staff; the reporter's own only")
    photos: list[Photo] = Field(description="the reporter's own only")


class StaffRequestDetail(BaseModel):
    request: StaffServiceRequest
    comments: list[Comment]
    photos: list[Photo]
    possible_duplicates: list[PublicServiceRequest] = Field(
        description="open requests of its category within 50 m, nearest first"
    )


class CitizenRequestList(BaseModel):
    service_requests: list[PrivateServiceRequest]


class StaffRequestList(BaseModel):
    count: int
    service_requests: list[StaffServiceRequest]


class Submission(BaseModel):
    """A request just filed, with any open request it may repeat (the app can offer to follow that one)."""

    request: PrivateServiceRequest
    possible_duplicates: list[PublicServiceRequest]


class AssistedSubmission(BaseModel):
    """A request an operator filed: the reference is what they read out to the caller."""

    request: StaffServiceRequest
    possible_duplicates: list[PublicServiceRequest]


class MergeOutcome(BaseModel):
    merged: StaffServiceRequest
    into: StaffServiceRequest
