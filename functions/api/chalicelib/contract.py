"""Every route of the API is declared here, one way: what it takes, what it answers, how it fails.

``@route(blueprint, path, method, ...)`` registers a view with Chalice and wraps it so that:
- the path parameters, the query string and the body are parsed into the route's pydantic models
  (the body read once from the raw bytes, with a size limit, by ``model_validate_json``) and
  handed to the view as keyword arguments (``query=``, ``body=``, one per path parameter, and
  ``request=`` if the view asks for it);
- the view returns its response model (or ``Reply`` for a second success status, or ``None``
  for 204), which is serialised once, here;
- every failure is answered here: pydantic's ``ValidationError`` and ``InvalidField`` are 400
  naming the fields, and each kind of ``polis.errors`` error has one status;
- the ``Operation`` kept on the view is what ``openapi.py`` documents, so a route cannot be
  served without being documented, nor documented differently from what it does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast
from urllib.parse import parse_qsl

import pydantic_core
from chalice import Blueprint, ChaliceViewError, Response
from chalice.app import Authorizer, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from polis.errors import Conflict, Forbidden, InvalidField, NotFound, PolisError, Refused
from polis.observability import logger
from polis.requests.open311 import Open311Error, Open311Errors

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
CSV = "text/csv"
GEOJSON = "application/geo+json"

MAX_BODY_BYTES = 1_000_000
"""A JSON body larger than this is refused (413) before it is parsed: no form of the API needs more."""

MAX_UPLOAD_BYTES = 5_000_000
"""CSV and GeoJSON imports: some thousands of rows, well under Lambda's 6 MB request limit."""

_MAX_FORM_FIELDS = 50

ErrorFormat = Literal["polis", "open311"]


class FieldProblem(BaseModel):
    field: str
    problem: str


class ErrorAnswer(BaseModel):
    """Every error's body (Chalice's own errors too): ``errors`` names the failing fields of a 400."""

    Code: str
    Message: str
    errors: list[FieldProblem] | None = None
    reasons: list[str] | None = None


class GatewayAnswer(BaseModel):
    """A refusal API Gateway answers itself, before the function runs (a denied token, 403).

    AWS spells it ``message``; chalice's local gateway ``Message``.
    """

    model_config = ConfigDict(extra="allow")

    message: str | None = None
    Message: str | None = None


@dataclass(frozen=True)
class Reply:
    """A response model with a success status other than the route's usual one (207 after an import)."""

    body: BaseModel
    status: int


@dataclass(frozen=True)
class Operation:
    """What a route takes and answers: the one description its handling and its documentation share."""

    method: str
    path_params: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    body: type[BaseModel] | type[str] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    other_statuses: tuple[int, ...] = ()
    errors: tuple[int, ...] = ()
    content_types: tuple[str, ...] = (JSON,)
    max_body_bytes: int = MAX_BODY_BYTES
    error_format: ErrorFormat = "polis"
    authorized: bool = False
    api_key_required: bool = False
    passes_request: bool = field(default=False, compare=False)

    @property
    def takes_body(self) -> bool:
        return self.body is not None

    def error_statuses(self, path_names: tuple[str, ...]) -> set[int]:
        statuses = set(self.errors)
        if path_names or self.query or self.takes_body:
            statuses.add(400)
        if self.takes_body:
            statuses.update((413, 415))
        if self.authorized:
            statuses.update((401, 403))
        if self.api_key_required:
            statuses.add(403)
        return statuses


class BodyTooLarge(PolisError):
    pass


_STATUS_OF: tuple[tuple[type[Exception], int, str], ...] = (
    (BodyTooLarge, 413, "RequestEntityTooLargeError"),
    (InvalidField, 400, "BadRequestError"),
    (NotFound, 404, "NotFoundError"),
    (Conflict, 409, "ConflictError"),
    (Refused, 422, "UnprocessableEntityError"),
    (Forbidden, 403, "ForbiddenError"),
)


def _problems(error: ValidationError) -> list[FieldProblem]:
    return [
        FieldProblem(field=".".join(str(p) for p in e["loc"]) or "body", problem=e["msg"])
        for e in error.errors(include_url=False)
    ]


def _error_body(error: Exception) -> tuple[int, ErrorAnswer]:
    if isinstance(error, ValidationError):
        return 400, ErrorAnswer(Code="BadRequestError", Message="invalid request", errors=_problems(error))
    if isinstance(error, InvalidField):
        problem = FieldProblem(field=error.field, problem=error.problem)
        return 400, ErrorAnswer(Code="BadRequestError", Message="invalid request", errors=[problem])
    if isinstance(error, ChaliceViewError):
        return error.STATUS_CODE, ErrorAnswer(Code=type(error).__name__, Message=str(error))
    for kind, status, code in _STATUS_OF:
        if isinstance(error, kind):
            reasons = error.reasons if isinstance(error, Forbidden) else None
            return status, ErrorAnswer(Code=code, Message=str(error), reasons=reasons)
    raise error


def error_response(error: Exception, error_format: ErrorFormat = "polis") -> Response:
    status, answer = _error_body(error)
    if error_format == "open311":
        problems = [f"{p.field}: {p.problem}" for p in answer.errors or ()]
        description = "; ".join([answer.Message, *problems])
        errors = Open311Errors([Open311Error(code=status, description=description)])
        body: Any = errors.model_dump(mode="json")
    else:
        body = answer.model_dump(mode="json", exclude_none=True)
    return Response(body=body, status_code=status)


def _raw_body(request: Request, limit: int) -> bytes:
    # chalice annotates raw_body str | bytes, but it always decodes or encodes the body to bytes.
    raw = cast(bytes, request.raw_body or b"")
    if len(raw) > limit:
        raise BodyTooLarge(f"the body is {len(raw)} bytes; at most {limit} are accepted")
    return raw


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidField("body", "not UTF-8 text") from None


def _json_body(raw: bytes, model: type[BaseModel]) -> BaseModel:
    # pydantic accepts NaN and Infinity, which are not JSON: nothing could answer them back.
    try:
        pydantic_core.from_json(raw, allow_inf_nan=False)
    except ValueError as error:
        raise InvalidField("body", f"not JSON: {error}") from None
    # A NUL character is valid JSON but no text anyone typed; stores and exports cut text at it.
    if b"\\u0000" in raw:
        raise InvalidField("body", "text with a NUL character (\\u0000) is not accepted")
    # Strict: JSON has its own types, so a 0 is no boolean and "12" no number (forms stay lax).
    return model.model_validate_json(raw, strict=True)


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", JSON).split(";")[0].strip().lower()


def _parse_body(request: Request, operation: Operation) -> Any:
    raw = _raw_body(request, operation.max_body_bytes)
    body = operation.body
    if body is str:
        return _text(raw)
    assert isinstance(body, type)
    assert issubclass(body, BaseModel)
    if _content_type(request) == FORM:
        try:
            pairs = parse_qsl(_text(raw), keep_blank_values=True, max_num_fields=_MAX_FORM_FIELDS)
        except ValueError:
            raise InvalidField("body", f"a form of at most {_MAX_FORM_FIELDS} fields is expected") from None
        if any("\x00" in name or "\x00" in value for name, value in pairs):
            raise InvalidField("body", "text with a NUL character is not accepted")
        return body.model_validate(dict(pairs))
    return _json_body(raw, body)


def _arguments(operation: Operation, request: Request, path: dict[str, str]) -> dict[str, Any]:
    arguments: dict[str, Any] = dict(path)
    if operation.path_params:
        parsed = operation.path_params.model_validate(path)
        arguments = {name: getattr(parsed, name) for name in path}
    if operation.query:
        arguments["query"] = operation.query.model_validate(dict(request.query_params or {}))
    if operation.takes_body:
        arguments["body"] = _parse_body(request, operation)
    if operation.passes_request:
        arguments["request"] = request
    return arguments


def _respond(operation: Operation, result: Any) -> Response:
    status = operation.status
    if isinstance(result, Reply):
        if result.status not in operation.other_statuses:
            raise TypeError(f"status {result.status} is not documented for this route")
        result, status = result.body, result.status
    if operation.response is None:
        if result is not None:
            raise TypeError("this route documents no response body")
        return Response(body="", status_code=status)
    if not isinstance(result, operation.response):
        raise TypeError(f"the route answers {operation.response.__name__}, not {type(result).__name__}")
    return Response(body=result.model_dump(mode="json", by_alias=True), status_code=status)


def route(
    blueprint: Blueprint,
    path: str,
    method: str,
    *,
    authorizer: Authorizer | None = None,
    path_params: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | type[str] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    other_statuses: tuple[int, ...] = (),
    errors: tuple[int, ...] = (),
    content_types: tuple[str, ...] = (JSON,),
    max_body_bytes: int = MAX_BODY_BYTES,
    error_format: ErrorFormat = "polis",
    api_key_required: bool = False,
    guard: Callable[[Request], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``view`` for ``method path`` on ``blueprint``, parsed, answered and documented as declared.

    ``guard`` runs before anything is parsed: what a gateway would refuse first (a missing key).
    """

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        operation = Operation(
            method=method,
            path_params=path_params,
            query=query,
            body=body,
            response=response,
            status=status,
            other_statuses=other_statuses,
            errors=errors,
            content_types=content_types,
            max_body_bytes=max_body_bytes,
            error_format=error_format,
            authorized=authorizer is not None,
            api_key_required=api_key_required,
            passes_request="request" in inspect.signature(view).parameters,
        )

        @functools.wraps(view)
        def handle(**path_values: str) -> Response:
            request = blueprint.current_request
            # The local server answers requests on threads: keys per thread, not per process,
            # cleared first because a Lambda (one thread) would otherwise carry them to the next.
            logger.thread_safe_clear_keys()
            logger.thread_safe_append_keys(route=f"{method} {request.context.get('resourcePath', path)}")
            try:
                if guard is not None:
                    guard(request)
                arguments = _arguments(operation, request, path_values)
                where = getattr(arguments.get("query"), "municipality", None)
                if where is not None:
                    logger.thread_safe_append_keys(municipality=where)
                return _respond(operation, view(**arguments))
            except (PolisError, ValidationError, ChaliceViewError) as error:
                return error_response(error, operation.error_format)

        handle.operation = operation  # type: ignore[attr-defined]
        blueprint.route(
            path,
            methods=[method],
            authorizer=authorizer,
            content_types=list(content_types),
            api_key_required=api_key_required,
        )(handle)
        return handle

    return register


def operation_of(view: Callable[..., Any]) -> Operation | None:
    return getattr(view, "operation", None)
