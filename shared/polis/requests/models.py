"""A service request, its reporter and its timeline, and what people send to file or change one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from polis.devices.model import Location
from polis.identity.principal import Department
from polis.municipality import MunicipalityId
from polis.notifications import Recipient
from polis.requests.categories import CategoryCode

Status = Literal["submitted", "acknowledged", "assigned", "in-progress", "resolved", "rejected", "merged"]
OPEN_STATUSES: frozenset[Status] = frozenset({"submitted", "acknowledged", "assigned", "in-progress"})
"""Someone still has to act; the rest are closed (Open311's ``open`` and ``closed``)."""

Channel = Literal["app", "open311", "call-centre"]
"""How the request came in: a citizen's app, an Open311 client, or a call-centre operator."""

Reference = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}-[0-9]{4}-[0-9]{6}$")]
"""What people quote on the phone: the municipality's prefix, the year and a number (CHK-2026-000123)."""

Phone = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{7,14}$")]
"""E.164, as SMS needs it."""

PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]

REPORTER = "reporter"
"""``by`` of what the reporter did themselves (staff are named by their username)."""


class Reporter(BaseModel):
    """Who reported it and how to reach them: seen only by them and the municipality's staff."""

    model_config = ConfigDict(frozen=True)

    subject: str | None = Field(default=None, description="their citizen account (Cognito sub), if any")
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    phone: Phone | None = None
    email: EmailStr | None = None

    def recipient(self, reference: str) -> Recipient | None:
        """Where status changes go; None when they left no way to reach them."""
        if not (self.email or self.phone):
            return None
        # Someone without an account has no inbox of their own; the request's reference is theirs.
        return Recipient(user_id=self.subject or reference, email=self.email, phone=self.phone)


class TimelineEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    status: Status = Field(description="the status from this moment on")
    by: str = Field(description="a staff username, 'reporter', or 'escalation'")
    note: str | None = None


class Rating(BaseModel):
    """The reporter's verdict once the request is resolved."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    stars: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, min_length=1, max_length=500)


class ServiceRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    reference: Reference
    municipality: MunicipalityId
    category: CategoryCode
    department: Department
    status: Status = "submitted"
    location: Location
    address: str | None = None
    description: str | None = None
    channel: Channel
    reporter: Reporter
    filed_by: str | None = Field(default=None, description="the operator who filed it for the reporter")
    submitted_at: datetime
    updated_at: datetime
    due_at: datetime = Field(description="when it becomes overdue: submission plus the category's due hours")
    closed_at: datetime | None = None
    assignee: str | None = Field(default=None, description="the staff username working it")
    status_note: str | None = Field(
        default=None, description="why it has its status: a reason, what was done"
    )
    escalated_at: datetime | None = None
    merged_into: Reference | None = None
    duplicates: tuple[Reference, ...] = Field(default=(), description="requests merged into this one")
    rating: Rating | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    token: str = Field(description="Open311's token: finds the request without its reference")
    version: int = Field(default=0, description="bumped by every stored change; 0 before it is stored")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, now: datetime) -> bool:
        return self.is_open and now > self.due_at


class Comment(BaseModel):
    model_config = ConfigDict(frozen=True)

    comment_id: str
    reference: Reference
    at: datetime
    by: str = Field(description="a staff username, or 'reporter'")
    text: str
    internal: bool = Field(default=False, description="among staff only; the reporter never sees it")


# ------------------------------------------------------------------ what callers send


class Draft(BaseModel):
    """What every channel gives to file a request."""

    model_config = ConfigDict(frozen=True)

    category: CategoryCode
    location: Location
    address: Address | None = None
    description: Description | None = None


class CitizenReport(BaseModel):
    """A citizen reporting through the app."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    municipality: MunicipalityId | None = Field(
        default=None, description="defaults to their home municipality"
    )
    category: CategoryCode
    location: Location
    address: Address | None = None
    description: Description
    phone: Phone | None = Field(default=None, description="for updates by SMS as well as e-mail")

    def draft(self) -> Draft:
        return Draft(
            category=self.category, location=self.location, address=self.address, description=self.description
        )


class Caller(BaseModel):
    """A person reporting by phone or in person, with no app: how the municipality gets back to them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_name: PersonName
    last_name: PersonName
    phone: Phone
    email: EmailStr | None = None


class AssistedReport(BaseModel):
    """A call-centre operator filing a request on behalf of a caller."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: CategoryCode
    location: Location = Field(description="where the caller says, as picked on the operator's map")
    address: Address
    description: Description
    caller: Caller

    def draft(self) -> Draft:
        return Draft(
            category=self.category, location=self.location, address=self.address, description=self.description
        )


class StatusUpdate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    status: Literal["acknowledged", "in-progress", "resolved", "rejected"] = Field(
        description="assignment and merging have their own routes"
    )
    note: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        validate_default=True,
        description="shown to the reporter: required when rejecting (the reason)",
    )

    @field_validator("note")
    @classmethod
    def _reason_for_rejection(cls, note: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("status") == "rejected" and not note:
            raise ValueError("a rejection needs the reason")
        return note


class AssignmentUpdate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    assignee: str = Field(min_length=1, max_length=128, description="a staff username of the department")


class MergeInto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    into: Reference = Field(description="the open request this one duplicates")


class ReporterComment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=2000)


class StaffComment(ReporterComment):
    internal: bool = Field(default=False, description="among staff only")


class Lookup(BaseModel):
    """A caller asking after their request: the reference, and their phone or last name to prove it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference: Reference
    phone: Phone | None = None
    last_name: PersonName | None = None

    @model_validator(mode="after")
    def _proof(self) -> Lookup:
        if self.phone is None and self.last_name is None:
            raise ValueError("give the caller's phone or last name with the reference")
        return self
