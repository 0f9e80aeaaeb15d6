"""The OpenAPI 3.1 document of the whole API, generated from the Chalice app itself.

Chalice knows each route's path, methods, authorizer, API-key requirement, content types and
docstring (what its own ``SwaggerGenerator`` reads, for Swagger 2.0 and API Gateway); ``documented``
adds what it cannot know: the pydantic models a route takes and answers with. Their JSON Schemas
become the document's components, so the document changes exactly when the code does. OpenAPI 3.1
rather than Swagger 2.0, because 3.1 schemas are JSON Schema and take pydantic's unchanged.

The copy in the repository (``docs/openapi.json``) is regenerated with
``polis api openapi > docs/openapi.json``; a test fails when it differs from the code.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from chalice import Chalice
from chalice.app import RouteEntry
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.errors import ErrorAnswer

_REF = "#/components/schemas/{model}"
_WITH_BODY = ("POST", "PUT", "PATCH")

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "citizen_auth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "an ID token of the citizen user pool",
    },
    "staff_auth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "an ID token of the staff user pool; the groups are the roles",
    },
    "api_key": {
        "type": "apiKey",
        "in": "header",
        "name": "x-api-key",
        "description": "a key of the API's usage plan, issued by the municipality to a client app",
    },
}


@dataclass(frozen=True)
class Operation:
    """What a route takes and answers, beyond what Chalice knows of it."""

    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    error_model: type[BaseModel] = ErrorAnswer


def documented(**fields: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Put innermost (under ``answers_errors``, which copies the mark onto its wrapper)."""
    operation = Operation(**fields)

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.openapi_operation = operation  # type: ignore[attr-defined]
        return view

    return mark


def _operation_of(entry: RouteEntry) -> Operation:
    return getattr(entry.view_function, "openapi_operation", None) or Operation()


def _routes(app: Chalice) -> list[tuple[str, str, RouteEntry]]:
    return sorted(
        ((path, method, entry) for path, methods in app.routes.items() for method, entry in methods.items()),
        key=lambda route: (route[0], route[1]),
    )


def _schemas(app: Chalice) -> tuple[dict[tuple[type[BaseModel], str], dict[str, Any]], dict[str, Any]]:
    wanted: dict[tuple[type[BaseModel], Any], None] = {}
    for _, _, entry in _routes(app):
        operation = _operation_of(entry)
        if operation.body:
            wanted[(operation.body, "validation")] = None
        if operation.response:
            wanted[(operation.response, "serialization")] = None
        wanted[(operation.error_model, "serialization")] = None
    refs, definitions = models_json_schema(list(wanted), ref_template=_REF)
    return refs, definitions.get("$defs", {})


def _query_parameters(model: type[BaseModel], components: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=_REF)
    components.update(schema.get("$defs", {}))
    required = set(schema.get("required", ()))
    parameters = []
    for name, field_schema in schema.get("properties", {}).items():
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required}
        if "description" in field_schema:
            parameter["description"] = field_schema["description"]
        parameter["schema"] = field_schema
        parameters.append(parameter)
    return parameters


def _operation(
    path: str,
    method: str,
    entry: RouteEntry,
    refs: dict[tuple[type[BaseModel], str], dict[str, Any]],
    components: dict[str, Any],
) -> dict[str, Any]:
    view = entry.view_function
    operation = _operation_of(entry)
    module = view.__module__.rsplit(".", 1)[-1]
    spec: dict[str, Any] = {"operationId": f"{module}.{view.__name__}", "tags": [path.split("/")[2]]}
    doc = inspect.getdoc(view)
    if doc:
        summary, _, description = doc.partition("\n")
        spec["summary"] = summary
        if description.strip():
            spec["description"] = description.strip()
    security = []
    if entry.authorizer is not None:
        security.append({entry.authorizer.name: []})
    if entry.api_key_required:
        security.append({"api_key": []})
    spec["security"] = security
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in entry.view_args
    ]
    if operation.query:
        parameters.extend(_query_parameters(operation.query, components))
    if parameters:
        spec["parameters"] = parameters
    if method in _WITH_BODY:
        schema = refs[(operation.body, "validation")] if operation.body else {"type": "string"}
        spec["requestBody"] = {
            "required": True,
            "content": {content_type: {"schema": schema} for content_type in entry.content_types},
        }
    success: dict[str, Any] = {"description": HTTPStatus(operation.status).phrase}
    if operation.response:
        success["content"] = {"application/json": {"schema": refs[(operation.response, "serialization")]}}
    responses = {str(operation.status): success}
    errors = set(operation.errors)
    if parameters or method in _WITH_BODY:
        errors.add(400)
    if entry.authorizer is not None:
        errors.update((401, 403))
    if entry.api_key_required:
        errors.add(403)
    error_schema = {"application/json": {"schema": refs[(operation.error_model, "serialization")]}}
    for status in sorted(errors):
        responses[str(status)] = {"description": HTTPStatus(status).phrase, "content": error_schema}
    if 401 in errors:
        # API Gateway answers it before the function runs, in its own shape.
        responses["401"] = {"description": "no Authorization header"}
    spec["responses"] = responses
    return spec


def openapi_document(app: Chalice) -> dict[str, Any]:
    refs, components = _schemas(app)
    paths: dict[str, dict[str, Any]] = {}
    used_schemes: set[str] = set()
    for path, method, entry in _routes(app):
        spec = _operation(path, method, entry, refs, components)
        used_schemes.update(name for requirement in spec["security"] for name in requirement)
        paths.setdefault(path, {})[method.lower()] = spec
    schemes = {
        name: SECURITY_SCHEMES.get(name, {"type": "http", "scheme": "bearer"})
        for name in sorted(used_schemes)
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Polis API",
            "version": "1",
            "description": "Open data, citizens, staff and Open311 GeoReport v2 for the municipalities "
            "one Polis deployment serves.",
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items())), "securitySchemes": schemes},
    }


def openapi_json(app: Chalice) -> str:
    """The document as it is kept in the repository."""
    return json.dumps(openapi_document(app), indent=2, ensure_ascii=False) + "\n"
