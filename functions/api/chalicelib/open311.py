"""Open311 GeoReport v2 (JSON) for each municipality: its categories as services, its requests.

Reading is anonymous, like the rest of the open data. Posting a request needs an API key of the
usage plan (the standard's ``api_key``): the key names the client app, whose users report without
a Polis account. Citizens with an account post through ``/v1/citizen/service-requests`` instead.
Errors are the standard's list of ``{"code", "description"}``, the description naming the field.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Annotated, Any
from urllib.parse import parse_qsl

import pydantic_core
from chalice import Blueprint
from chalice.app import Request
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from pydantic_settings import BaseSettings, SettingsConfigDict

from chalicelib.contract import FORM, JSON, MAX_BODY_BYTES, route
from polis.errors import Forbidden
from polis.municipality import MunicipalityId
from polis.requests import georeport
from polis.requests.categories import CategoryCode
from polis.requests.models import Reference
from polis.requests.open311 import (
    Open311Query,
    Open311Receipts,
    Open311Report,
    Open311Requests,
    Open311ServiceDefinition,
    Open311Services,
    Open311Tokens,
)

open311 = Blueprint(__name__)

_Token = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


@dataclass(frozen=True)
class JsonFile:
    """A path segment ``<name>.json``: the standard puts the format in the path; the view gets ``<name>``,
    checked as ``stem``, and a failure says which Open311 field it is."""

    name: str
    stem: Any
    example: str

    @cached_property
    def _adapter(self) -> TypeAdapter[str]:
        return TypeAdapter(self.stem)

    def _validate(self, value: Any) -> str:
        if not isinstance(value, str) or not value.endswith(".json"):
            problem = f"only the JSON format is served, as <{self.name}>.json (e.g. {self.example})"
            raise ValueError(f"{self.name}: {problem}")
        stem = value.removesuffix(".json")
        try:
            return self._adapter.validate_python(stem)
        except ValidationError:
            raise ValueError(f"{stem!r} is not a {self.name} (e.g. {self.example})") from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self._validate)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        pattern = self._adapter.json_schema()["pattern"].removesuffix("$") + r"\.json$"
        return {
            "type": "string",
            "pattern": pattern,
            "description": f"<{self.name}>.json, e.g. {self.example}",
        }


ServiceFile = Annotated[str, JsonFile("service_code", CategoryCode, "pothole.json")]
RequestFile = Annotated[str, JsonFile("service_request_id", Reference, "CHK-2026-000123.json")]
TokenFile = Annotated[str, JsonFile("token", _Token, f"{'0' * 32}.json")]


class Jurisdiction(BaseModel):
    municipality: MunicipalityId = Field(description="the jurisdiction: a municipality's id, e.g. chalkida")


class ServicePath(Jurisdiction):
    service_file: ServiceFile


class RequestPath(Jurisdiction):
    request_file: RequestFile


class TokenPath(Jurisdiction):
    token_file: TokenFile


class Open311Posting(Open311Report):
    """The form of ``POST requests.json`` as a client sends it: the report and the app's ``api_key``."""

    api_key: str | None = Field(default=None, max_length=128, description="or the x-api-key header")


class KeyInQuery(BaseModel):
    """Some clients send the ``api_key`` in the query string of the POST; anything else there is ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    api_key: str | None = Field(default=None, max_length=128, description="or the x-api-key header")


class LocalApiKeySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_")

    local_api_key: str | None = None
    """Set on the local platform only, which has no API Gateway to check keys."""


def _presented_in_body(request: Request) -> str | None:
    # Read leniently, only to find the key: the route parses the body properly once it is let in.
    body = request.raw_body or b""
    raw = body.encode() if isinstance(body, str) else body
    if len(raw) > MAX_BODY_BYTES:
        return None
    try:
        if request.headers.get("content-type", "").startswith(FORM):
            fields: Any = dict(parse_qsl(raw.decode("utf-8"), max_num_fields=50))
        else:
            fields = pydantic_core.from_json(raw)
    except ValueError:
        return None
    key = fields.get("api_key") if isinstance(fields, dict) else None
    return key if isinstance(key, str) else None


def _client_app_guard(request: Request) -> None:
    """A request without a valid key is refused before its body is read, as API Gateway would."""
    query = request.query_params
    _client_app(request, _presented_in_body(request), query.get("api_key") if query else None)


def _client_app(request: Request, *presented: str | None) -> None:
    """The key may come as the ``x-api-key`` header (what API Gateway reads) or as the standard's
    ``api_key`` parameter, in the body or the query string: the first one given is checked.

    In AWS, API Gateway checks the key (``ApiKeyRequired`` in template.yaml) before the function
    runs, and ``POLIS_LOCAL_API_KEY`` is unset. The local platform has no gateway, so the app
    checks the local key itself.
    """
    expected = LocalApiKeySettings().local_api_key
    if expected is None:
        return
    given = next((key for key in (request.headers.get("x-api-key"), *presented) if key), "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden(
            "api_key: a valid API key is required (the api_key parameter or the x-api-key header)"
        )


@route(
    open311,
    "/{municipality}/services.json",
    "GET",
    path_params=Jurisdiction,
    response=Open311Services,
    errors=(404,),
    error_format="open311",
)
def services(municipality: str) -> Open311Services:
    """The municipality's categories of service requests, as Open311 services."""
    return georeport.services(municipality)


@route(
    open311,
    "/{municipality}/services/{service_file}",
    "GET",
    path_params=ServicePath,
    response=Open311ServiceDefinition,
    errors=(404,),
    error_format="open311",
)
def service_definition(municipality: str, service_file: str) -> Open311ServiceDefinition:
    """A service's definition (``services/<service_code>.json``): Polis categories ask nothing more."""
    return georeport.service_definition(municipality, service_file)


@route(
    open311,
    "/{municipality}/requests.json",
    "GET",
    path_params=Jurisdiction,
    query=Open311Query,
    response=Open311Requests,
    errors=(404,),
    error_format="open311",
)
def list_requests(municipality: str, query: Open311Query) -> Open311Requests:
    """Requests, newest first: by ``service_request_id`` (comma-separated), or filtered.

    ``service_code``, ``status`` (open, closed) and ``start_date``/``end_date`` filter; without
    dates the last 90 days, at most 1000. Only public fields: reporters are never shown.
    """
    return georeport.requests(municipality, query, datetime.now(UTC))


@route(
    open311,
    "/{municipality}/requests.json",
    "POST",
    path_params=Jurisdiction,
    query=KeyInQuery,
    body=Open311Posting,
    response=Open311Receipts,
    errors=(404,),
    content_types=(FORM, JSON),
    error_format="open311",
    api_key_required=True,
    guard=_client_app_guard,
)
def create_request(municipality: str, query: KeyInQuery, body: Open311Posting) -> Open311Receipts:
    """Create a request (form-encoded as the standard says, or JSON); ``lat`` and ``long`` are required.

    The reporter hears of every status at ``email`` or ``phone``, if given.
    """
    return georeport.submit(municipality, body, datetime.now(UTC))


@route(
    open311,
    "/{municipality}/requests/{request_file}",
    "GET",
    path_params=RequestPath,
    response=Open311Requests,
    errors=(404,),
    error_format="open311",
)
def one_request(municipality: str, request_file: str) -> Open311Requests:
    """One request (``requests/<service_request_id>.json``), in a list as the standard has it."""
    return georeport.one_request(municipality, request_file)


@route(
    open311,
    "/{municipality}/tokens/{token_file}",
    "GET",
    path_params=TokenPath,
    response=Open311Tokens,
    errors=(404,),
    error_format="open311",
)
def token(municipality: str, token_file: str) -> Open311Tokens:
    """The request id a token stands for (``tokens/<token>.json``)."""
    return georeport.token(municipality, token_file)
