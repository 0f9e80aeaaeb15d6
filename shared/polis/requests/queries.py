"""What staff and citizens ask for when they list requests."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from polis.identity.principal import Department
from polis.municipality import MunicipalityId
from polis.requests.categories import CategoryCode
from polis.requests.models import ServiceRequest, Status

DEFAULT_SPAN_DAYS = 90
MAX_LISTED = 1000


def comma_list(value: Any) -> Any:
    """``a,b`` in a query string as a list."""
    return [part.strip() for part in value.split(",")] if isinstance(value, str) else value


_RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc_3339(value: Any) -> Any:
    # pydantic would also read "0.5" as a Unix time; the document promises a date-time.
    if isinstance(value, str) and not _RFC_3339.match(value):
        raise ValueError("a date-time with its offset is expected, e.g. 2026-03-11T08:00:00Z")
    return value


QueryDateTime = Annotated[AwareDatetime, BeforeValidator(_rfc_3339)]
"""A date-time in a query string, as RFC 3339 writes it (``format: date-time``)."""


class InMunicipality(BaseModel):
    """A citizen's choice of municipality; without it, their home municipality."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    municipality: MunicipalityId | None = None


class StaffListing(BaseModel):
    """Open requests by default; ``state=closed`` or ``all`` reads those submitted in ``since``-``until``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: Literal["open", "closed", "all"] = "open"
    status: Annotated[list[Status], BeforeValidator(comma_list)] | None = None
    category: CategoryCode | None = None
    department: Department | None = None
    assignee: str | None = Field(default=None, min_length=1, max_length=128)
    overdue: bool | None = None
    since: QueryDateTime | None = Field(default=None, description="default: 90 days before until")
    until: QueryDateTime | None = Field(default=None, description="default: now")

    @model_validator(mode="after")
    def _ordered(self) -> StaffListing:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until")
        return self

    def span(self, now: datetime) -> tuple[datetime, datetime]:
        until = self.until or now
        return self.since or until - timedelta(days=DEFAULT_SPAN_DAYS), until

    def wants(self, request: ServiceRequest, now: datetime) -> bool:
        if self.state != "all" and request.is_open != (self.state == "open"):
            return False
        if self.status and request.status not in self.status:
            return False
        if self.category and request.category != self.category:
            return False
        if self.department and request.department != self.department:
            return False
        if self.assignee and request.assignee != self.assignee:
            return False
        return self.overdue is None or request.overdue(now) == self.overdue


class MetricsWindow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    window_days: int = Field(default=DEFAULT_SPAN_DAYS, ge=1, le=366)
