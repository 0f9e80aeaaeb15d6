"""The OpenAPI 3.1 document of the whole API, generated from the Chalice app itself.

Chalice knows each route's path, methods, authorizer, API-key requirement, content types and
docstring (what its own ``SwaggerGenerator`` reads, for Swagger 2.0 and API Gateway); the
``Operation`` that ``contract.route`` keeps on each view adds what it cannot know: the pydantic
models a route takes and answers with, and its statuses. Their JSON Schemas
become the document's components, so the document changes exactly when the code does. OpenAPI 3.1
rather than Swagger 2.0, because 3.1 schemas are JSON Schema and take pydantic's unchanged.

The copy in the repository (``docs/openapi.json``) is regenerated with
``polis api openapi > docs/openapi.json``; a test fails when it differs from the code.
"""

from __future__ import annotations

import inspect
import json
from http import HTTPStatus
from typing import Any, cast

from chalice import Chalice
from chalice.app import RouteEntry
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.contract import ErrorAnswer, GatewayAnswer, Operation, operation_of
from polis.requests.open311 import Open311Errors

_REF = "#/components/schemas/{model}"

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


def _operation_of(entry: RouteEntry) -> Operation:
    # A route registered without ``contract.route`` is documented bare, and the contract test fails.
    return operation_of(entry.view_function) or Operation(method=entry.method)


def _error_model(operation: Operation) -> type[BaseModel]:
    return Open311Errors if operation.error_format == "open311" else ErrorAnswer


def _routes(app: Chalice) -> list[tuple[str, str, RouteEntry]]:
    return sorted(
        ((path, method, entry) for path, methods in app.routes.items() for method, entry in methods.items()),
        key=lambda route: (route[0], route[1]),
    )


def _schemas(app: Chalice) -> tuple[dict[tuple[type[BaseModel], str], dict[str, Any]], dict[str, Any]]:
    wanted: dict[tuple[type[BaseModel], Any], None] = {}
    for _, _, entry in _routes(app):
        operation = _operation_of(entry)
        if isinstance(operation.body, type) and issubclass(operation.body, BaseModel):
            wanted[(operation.body, "validation")] = None
        if operation.response:
            wanted[(operation.response, "serialization")] = None
        wanted[(_error_model(operation), "serialization")] = None
    wanted[(GatewayAnswer, "serialization")] = None
    refs, definitions = models_json_schema(list(wanted), ref_template=_REF)
    # Keyed by the (model, mode) pairs given, all BaseModels here; pydantic types keys as dataclasses too.
    return cast(dict[tuple[type[BaseModel], str], dict[str, Any]], refs), definitions.get("$defs", {})


def _parameters(model: type[BaseModel], where: str, components: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=_REF)
    components.update(schema.get("$defs", {}))
    required = set(schema.get("required", ()))
    parameters = []
    for name, field_schema in schema.get("properties", {}).items():
        parameter: dict[str, Any] = {
            "name": name,
            "in": where,
            "required": where == "path" or name in required,
        }
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
    security: list[dict[str, list[str]]] = []
    if entry.authorizer is not None:
        security.append({entry.authorizer.name: []})
    if entry.api_key_required:
        security.append({"api_key": []})
    spec["security"] = security
    if operation.path_params:
        parameters = _parameters(operation.path_params, "path", components)
    else:
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in entry.view_args
        ]
    if operation.query:
        parameters.extend(_parameters(operation.query, "query", components))
    if parameters:
        spec["parameters"] = parameters
    if operation.body is not None:
        if issubclass(operation.body, BaseModel):
            schema = refs[(operation.body, "validation")]
        else:
            schema = {"type": "string"}
        spec["requestBody"] = {
            "required": True,
            "content": {content_type: {"schema": schema} for content_type in entry.content_types},
        }
    responses: dict[str, Any] = {}
    for status in (operation.status, *operation.other_statuses):
        success: dict[str, Any] = {"description": HTTPStatus(status).phrase}
        if operation.response:
            schema = refs[(operation.response, "serialization")]
            success["content"] = {"application/json": {"schema": schema}}
        responses[str(status)] = success
    errors = operation.error_statuses(tuple(entry.view_args))
    error_schema = {"application/json": {"schema": refs[(_error_model(operation), "serialization")]}}
    for status in sorted(errors):
        responses[str(status)] = {"description": HTTPStatus(status).phrase, "content": error_schema}
    if operation.authorized:
        # The gateway refuses a token the route's authorizer denies, in its own shape.
        either = {
            "anyOf": [error_schema["application/json"]["schema"], refs[(GatewayAnswer, "serialization")]]
        }
        responses["403"] = {"description": "Forbidden", "content": {"application/json": {"schema": either}}}
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
