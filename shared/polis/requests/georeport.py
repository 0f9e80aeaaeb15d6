"""The desk as Open311 GeoReport v2 clients see it: each municipality a jurisdiction, the standard's shapes.

Every function first checks that the jurisdiction is one this deployment serves (an unknown one is
``JurisdictionNotFound``), and names failing fields as the standard does (``service_code``, not
Polis's ``category``). The shapes and the mapping are ``polis.requests.open311``'s.
"""

from __future__ import annotations

from datetime import datetime

from polis.requests import desk
from polis.requests import open311 as shapes
from polis.requests.errors import (
    CategoryNotFound,
    InvalidField,
    JurisdictionNotFound,
    ServiceRequestNotFound,
)
from polis.requests.open311 import (
    Open311Query,
    Open311Receipt,
    Open311Receipts,
    Open311Report,
    Open311Requests,
    Open311ServiceDefinition,
    Open311Services,
    Open311Token,
    Open311Tokens,
)
from polis.requests.store import categories as category_store
from polis.requests.store import service_requests as request_store
from polis.store.municipalities import get_municipality


def _served(municipality: str) -> None:
    if get_municipality(municipality) is None:
        raise JurisdictionNotFound(municipality)


def _same_jurisdiction(municipality: str, jurisdiction_id: str | None) -> None:
    # Clients of several cities send the one they mean; the endpoint is already one city's.
    if jurisdiction_id not in (None, municipality):
        raise InvalidField("jurisdiction_id", f"this is the endpoint of {municipality}")


def services(municipality: str) -> Open311Services:
    """The municipality's categories, as services."""
    _served(municipality)
    return Open311Services([shapes.service(c) for c in category_store.list_categories(municipality)])


def service_definition(municipality: str, service_code: str) -> Open311ServiceDefinition:
    _served(municipality)
    return shapes.service_definition(category_store.get_category(municipality, service_code))


def requests(municipality: str, query: Open311Query, now: datetime) -> Open311Requests:
    """Those the query asks for, public fields only."""
    _served(municipality)
    _same_jurisdiction(municipality, query.jurisdiction_id)
    found = desk.open311_requests(municipality, query, now)
    categories = desk.categories_by_code(municipality)
    return Open311Requests([shapes.request(r, categories.get(r.category)) for r in found])


def one_request(municipality: str, service_request_id: str) -> Open311Requests:
    """One request, in a list as the standard has it."""
    _served(municipality)
    found = request_store.get(municipality, service_request_id)
    category = desk.categories_by_code(municipality).get(found.category)
    return Open311Requests([shapes.request(found, category)])


def token(municipality: str, token: str) -> Open311Tokens:
    """The request id a token stands for."""
    _served(municipality)
    reference = request_store.reference_for_token(municipality, token)
    if reference is None:
        raise ServiceRequestNotFound(f"for token {token!r}")
    return Open311Tokens([Open311Token(service_request_id=reference, token=token)])


def submit(municipality: str, report: Open311Report, now: datetime) -> Open311Receipts:
    """File a client app's report; the receipt says when the department aims to act."""
    _served(municipality)
    _same_jurisdiction(municipality, report.jurisdiction_id)
    try:
        category = category_store.get_category(municipality, report.service_code)
    except CategoryNotFound:
        problem = f"{municipality} has no service {report.service_code!r} (see services.json)"
        raise InvalidField("service_code", problem) from None
    filed, _ = desk.submit(municipality, report.draft(), report.reporter(), "open311", now)
    receipt = Open311Receipt(
        service_request_id=filed.reference,
        token=filed.token,
        service_notice=shapes.service_notice(category),
        account_id=None,
    )
    return Open311Receipts([receipt])
