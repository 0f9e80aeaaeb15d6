"""Request parameters shared by routes, validated with the domain's own types."""

from __future__ import annotations

from chalice import BadRequestError
from chalice.app import Request
from pydantic import TypeAdapter, ValidationError

from polis.municipality import MunicipalityId

_MUNICIPALITY = TypeAdapter(MunicipalityId)


def municipality_param(request: Request) -> str:
    value = (request.query_params or {}).get("municipality")
    if value is None:
        raise BadRequestError("query parameter 'municipality' is required")
    try:
        return _MUNICIPALITY.validate_python(value)
    except ValidationError as error:
        raise BadRequestError(f"municipality {value!r} is not a municipality id (lower-case slug)") from error
