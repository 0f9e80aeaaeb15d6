"""Open311 GeoReport v2 (JSON) for each municipality: its categories as services, its requests.

Reading is anonymous, like the rest of the open data. Posting a request needs an API key of the
usage plan (the standard's ``api_key``, sent as the ``x-api-key`` header API Gateway reads): the
key names the client app, whose users report without a Polis account. Citizens with an account
post through ``/v1/citizen/service-requests`` instead. Errors are the standard's list of
``{"code", "description"}``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import parse_qsl

from chalice import Blueprint, NotFoundError
from chalice.app import Request
from pydantic import StringConstraints, TypeAdapter

from chalicelib.access import api_client
from chalicelib.errors import answers_errors, answers_open311_errors
from chalicelib.openapi import documented
from chalicelib.params import path_value, query_as
from polis.municipality import MunicipalityId
from polis.requests import desk
from polis.requests import open311 as georeport
from polis.requests.categories import CategoryCode
from polis.requests.errors import InvalidField, ServiceRequestNotFound
from polis.requests.models import Reference
from polis.requests.open311 import (
    Open311Errors,
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
from polis.store import categories as category_store
from polis.store import service_requests as request_store
from polis.store.municipalities import get_municipality

open311 = Blueprint(__name__)

_MUNICIPALITY = TypeAdapter(MunicipalityId)
_REFERENCE = TypeAdapter(Reference)
_CATEGORY_CODE = TypeAdapter(CategoryCode)
_TOKEN = TypeAdapter(Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")])
_MAX_FORM_FIELDS = 50


def _jurisdiction(municipality: str) -> str:
    municipality = path_value("municipality", municipality, _MUNICIPALITY, "a municipality id")
    if get_municipality(municipality) is None:
        raise NotFoundError(f"no jurisdiction {municipality!r} here")
    return municipality


def _json_file(name: str, file: str) -> str:
    """``overflowing-bin.json`` -> ``overflowing-bin``: the standard puts the format in the path."""
    stem, dot, extension = file.rpartition(".")
    if not dot or extension != "json":
        raise InvalidField(name, "only the JSON format is served: end it with .json")
    return stem


def _form(request: Request) -> dict[str, str]:
    if (request.headers or {}).get("content-type", "").startswith("application/json"):
        body = request.json_body
        if not isinstance(body, dict):
            raise InvalidField("body", "a JSON object is expected")
        return body
    try:
        text = (request.raw_body or b"").decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=_MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidField("body", f"not a UTF-8 form of at most {_MAX_FORM_FIELDS} fields") from error
    return dict(pairs)


@open311.route("/{municipality}/services.json", methods=["GET"])
@answers_open311_errors
@answers_errors
@documented(response=Open311Services, error_model=Open311Errors, errors=(404,))
def services(municipality: str) -> list:
    """The municipality's categories of service requests, as Open311 services."""
    municipality = _jurisdiction(municipality)
    found = Open311Services([georeport.service(c) for c in category_store.list_categories(municipality)])
    return found.model_dump(mode="json")


@open311.route("/{municipality}/services/{service_file}", methods=["GET"])
@answers_open311_errors
@answers_errors
@documented(response=Open311ServiceDefinition, error_model=Open311Errors, errors=(404,))
def service_definition(municipality: str, service_file: str) -> dict:
    """A service's definition (``services/<service_code>.json``): Polis categories ask nothing more."""
    municipality = _jurisdiction(municipality)
    code = path_value(
        "service_code", _json_file("service_code", service_file), _CATEGORY_CODE, "a service code"
    )
    return georeport.service_definition(category_store.get_category(municipality, code)).model_dump(
        mode="json"
    )


@open311.route("/{municipality}/requests.json", methods=["GET"])
@answers_open311_errors
@answers_errors
@documented(query=Open311Query, response=Open311Requests, error_model=Open311Errors, errors=(404,))
def list_requests(municipality: str) -> list:
    """Requests, newest first: by ``service_request_id`` (comma-separated), or filtered.

    ``service_code``, ``status`` (open, closed) and ``start_date``/``end_date`` filter; without
    dates the last 90 days, at most 1000. Only public fields: reporters are never shown.
    """
    municipality = _jurisdiction(municipality)
    query = query_as(open311.current_request, Open311Query)
    found = desk.open311_requests(municipality, query, datetime.now(UTC))
    categories = desk.categories_by_code(municipality)
    answer = Open311Requests([georeport.request(r, categories.get(r.category)) for r in found])
    return answer.model_dump(mode="json")


@open311.route(
    "/{municipality}/requests.json",
    methods=["POST"],
    api_key_required=True,
    content_types=["application/x-www-form-urlencoded", "application/json"],
)
@answers_open311_errors
@answers_errors
@documented(body=Open311Report, response=Open311Receipts, error_model=Open311Errors, errors=(403, 404))
def create_request(municipality: str) -> list:
    """Create a request (form-encoded as the standard says, or JSON); ``lat`` and ``long`` are required.

    The reporter hears of every status at ``email`` or ``phone``, if given.
    """
    api_client(open311.current_request)
    municipality = _jurisdiction(municipality)
    report = Open311Report.model_validate(_form(open311.current_request))
    if report.jurisdiction_id not in (None, municipality):
        raise InvalidField("jurisdiction_id", f"this is the endpoint of {municipality}")
    filed, _ = desk.submit(municipality, report.draft(), report.reporter(), "open311", datetime.now(UTC))
    category = category_store.get_category(municipality, filed.category)
    receipt = Open311Receipt(
        service_request_id=filed.reference,
        token=filed.token,
        service_notice=georeport.service_notice(category),
        account_id=None,
    )
    return Open311Receipts([receipt]).model_dump(mode="json")


@open311.route("/{municipality}/requests/{request_file}", methods=["GET"])
@answers_open311_errors
@answers_errors
@documented(response=Open311Requests, error_model=Open311Errors, errors=(404,))
def one_request(municipality: str, request_file: str) -> list:
    """One request (``requests/<service_request_id>.json``), in a list as the standard has it."""
    municipality = _jurisdiction(municipality)
    reference = path_value(
        "service_request_id", _json_file("service_request_id", request_file), _REFERENCE, "a request id"
    )
    found = request_store.get(municipality, reference)
    category = desk.categories_by_code(municipality).get(found.category)
    return Open311Requests([georeport.request(found, category)]).model_dump(mode="json")


@open311.route("/{municipality}/tokens/{token_file}", methods=["GET"])
@answers_open311_errors
@answers_errors
@documented(response=Open311Tokens, error_model=Open311Errors, errors=(404,))
def token(municipality: str, token_file: str) -> list:
    """The request id a token stands for (``tokens/<token>.json``)."""
    municipality = _jurisdiction(municipality)
    token = path_value("token", _json_file("token", token_file), _TOKEN, "a token")
    reference = request_store.reference_for_token(municipality, token)
    if reference is None:
        raise ServiceRequestNotFound(f"for token {token!r}")
    return Open311Tokens([Open311Token(service_request_id=reference, token=token)]).model_dump(mode="json")
