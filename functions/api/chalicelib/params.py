"""Request parameters shared by routes, validated with the domain's own types."""

from __future__ import annotations

from typing import TypeVar

from chalice import BadRequestError
from chalice.app import Request
from pydantic import BaseModel, TypeAdapter, ValidationError

from polis.municipality import MunicipalityId
from polis.requests.errors import InvalidField

_Model = TypeVar("_Model", bound=BaseModel)

_MUNICIPALITY = TypeAdapter(MunicipalityId)


def municipality_param(request: Request) -> str:
    value = (request.query_params or {}).get("municipality")
    if value is None:
        raise BadRequestError("query parameter 'municipality' is required")
    try:
        return _MUNICIPALITY.validate_python(value)
    except ValidationError as error:
        raise BadRequestError(f"municipality {value!r} is not a municipality id (lower-case slug)") from error


def body_as(request: Request, model: type[_Model]) -> _Model:
    """The JSON body as ``model``; anything else (no body, not JSON, wrong fields) is a ValidationError."""
    return model.model_validate_json(request.raw_body or b"")


def query_as(request: Request, model: type[_Model]) -> _Model:
    return model.model_validate(request.query_params or {})


def path_value(name: str, value: str, adapter: TypeAdapter[str], expected: str) -> str:
    """A path parameter checked against its type; a malformed one is a 400 naming it."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        raise InvalidField(name, f"not {expected}") from None
