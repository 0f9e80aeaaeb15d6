"""Open311 GeoReport v2: the same categories and requests in the standard's shapes and names.

A category is a ``service`` (its code the ``service_code``), a request's reference is its
``service_request_id``, and every Polis status maps onto ``open`` or ``closed``. Polis departs from
the standard where it must say so: a request needs ``lat`` and ``long`` (duplicates and maps need
coordinates and Polis has no geocoder for ``address_string`` or ``address_id``), only the JSON format
is served, and photos are never given as ``media_url`` (they may show people; see ``views``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    RootModel,
    model_validator,
)

from polis.devices.model import Location
from polis.municipality import MunicipalityId
from polis.requests.categories import Category, CategoryCode
from polis.requests.models import Description, Draft, PersonName, Phone, Reference, Reporter, ServiceRequest
from polis.requests.queries import QueryDateTime, comma_list

_DEPARTMENT_NAMES = {
    "cleaning": "Cleaning department",
    "lighting": "Street lighting department",
    "roads": "Roads department",
    "parks": "Parks and green spaces department",
}


def _stamp(at: datetime) -> str:
    return at.replace(microsecond=0).isoformat()


class Open311Service(BaseModel):
    service_code: str
    service_name: str
    description: str | None
    metadata: bool = Field(description="whether the service definition asks more questions")
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str | None
    group: str | None


class Open311Services(RootModel[list[Open311Service]]):
    pass


class Open311ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[dict[str, Any]] = Field(description="Polis categories ask no further questions")


class Open311Request(BaseModel):
    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class Open311Requests(RootModel[list[Open311Request]]):
    pass


class Open311Receipt(BaseModel):
    service_request_id: str
    token: str
    service_notice: str | None
    account_id: str | None


class Open311Receipts(RootModel[list[Open311Receipt]]):
    pass


class Open311Token(BaseModel):
    service_request_id: str
    token: str


class Open311Tokens(RootModel[list[Open311Token]]):
    pass


class Open311Error(BaseModel):
    code: int
    description: str


class Open311Errors(RootModel[list[Open311Error]]):
    pass


def service(category: Category) -> Open311Service:
    return Open311Service(
        service_code=category.code,
        service_name=category.name,
        description=category.description,
        metadata=False,
        type="realtime",
        keywords=",".join(category.keywords) or None,
        group=category.group,
    )


def service_definition(category: Category) -> Open311ServiceDefinition:
    return Open311ServiceDefinition(service_code=category.code, attributes=[])


def service_notice(category: Category) -> str:
    return (
        f"The {_DEPARTMENT_NAMES[category.department].lower()} aims to act within {category.due_hours} hours."
    )


def request(found: ServiceRequest, category: Category | None) -> Open311Request:
    return Open311Request(
        service_request_id=found.reference,
        status="open" if found.is_open else "closed",
        status_notes=found.status_note,
        service_name=category.name if category else None,
        service_code=found.category,
        description=found.description,
        agency_responsible=_DEPARTMENT_NAMES[found.department],
        service_notice=service_notice(category) if category else None,
        requested_datetime=_stamp(found.submitted_at),
        updated_datetime=_stamp(found.updated_at),
        expected_datetime=_stamp(found.due_at),
        address=found.address,
        address_id=None,
        zipcode=None,
        lat=found.location.latitude,
        long=found.location.longitude,
        media_url=None,
    )


class Open311Report(BaseModel):
    """The form of ``POST requests.json``. Fields Polis has no use for (device_id, account_id,
    address_id, media_url, attribute[...], api_key in the body) are accepted and ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    jurisdiction_id: MunicipalityId | None = None
    service_code: CategoryCode
    lat: float = Field(ge=-90, le=90, description="required by Polis (the standard allows an address)")
    long: float = Field(ge=-180, le=180, description="required by Polis (the standard allows an address)")
    address_string: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    description: Description | None = None
    email: EmailStr | None = None
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    phone: Phone | None = None

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, values: Any) -> Any:
        # Form encoders send empty optional fields as "field=".
        if isinstance(values, dict):
            return {key: value for key, value in values.items() if value != ""}
        return values

    def draft(self) -> Draft:
        return Draft(
            category=self.service_code,
            location=Location(latitude=self.lat, longitude=self.long),
            address=self.address_string,
            description=self.description,
        )

    def reporter(self) -> Reporter:
        return Reporter(
            first_name=self.first_name, last_name=self.last_name, phone=self.phone, email=self.email
        )


class Open311Query(BaseModel):
    """The filters of ``GET requests.json``; with ``service_request_id`` the others are ignored.

    Without dates, the standard's default span: the last 90 days (at most 1000 requests).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    jurisdiction_id: MunicipalityId | None = None
    service_request_id: (
        Annotated[list[Reference], BeforeValidator(comma_list), Field(max_length=100)] | None
    ) = None
    service_code: Annotated[list[CategoryCode], BeforeValidator(comma_list), Field(max_length=50)] | None = (
        None
    )
    start_date: QueryDateTime | None = None
    end_date: QueryDateTime | None = None
    status: Annotated[list[Literal["open", "closed"]], BeforeValidator(comma_list)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Open311Query:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError("start_date is after end_date")
        return self

    def wants(self, found: ServiceRequest) -> bool:
        if self.service_code and found.category not in self.service_code:
            return False
        if self.status and ("open" if found.is_open else "closed") not in self.status:
            return False
        if self.start_date and found.submitted_at < self.start_date:
            return False
        return not (self.end_date and found.submitted_at > self.end_date)
