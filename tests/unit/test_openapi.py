"""The OpenAPI document: generated from the code, valid OpenAPI 3.1, the same in the repository and served.

Regenerate the committed copy with ``polis api openapi > docs/openapi.json``.
"""

from __future__ import annotations

import json
import re

import pytest
from chalice.test import Client
from openapi_spec_validator import validate

from polis_local.api_document import openapi_text
from polis_local.api_server import load_chalice_app
from tests.support import ROOT

COMMITTED = ROOT / "docs" / "openapi.json"


@pytest.fixture(scope="module")
def generated() -> str:
    return openapi_text(ROOT)


def test_the_committed_document_is_what_the_code_generates(generated):
    assert COMMITTED.read_text() == generated, "run: polis api openapi > docs/openapi.json"


def test_the_document_is_valid_openapi_3_1(generated):
    validate(json.loads(generated))


def test_every_route_is_documented_with_its_security(generated):
    document = json.loads(generated)
    app = load_chalice_app(ROOT / "functions" / "api")
    for path, entries in app.routes.items():
        for method, entry in entries.items():
            operation = document["paths"][path][method.lower()]
            expected = [{entry.authorizer.name: []}] if entry.authorizer else []
            expected += [{"api_key": []}] if entry.api_key_required else []
            assert operation["security"] == expected, (method, path)
    documented = {(p, m.upper()) for p, ops in document["paths"].items() for m in ops}
    assert documented == {(p, m) for p, entries in app.routes.items() for m in entries}


def test_documented_routes_carry_their_models_json_schemas(generated):
    document = json.loads(generated)
    report = document["paths"]["/v1/citizen/service-requests"]["post"]
    schemas = document["components"]["schemas"]

    assert report["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CitizenReport"
    }
    assert set(schemas["CitizenReport"]["required"]) == {"category", "location", "description"}
    assert report["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Submission"
    }
    open311_post = document["paths"]["/v1/open311/{municipality}/requests.json"]["post"]
    assert set(open311_post["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded",
        "application/json",
    }
    assert open311_post["responses"]["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Open311Errors"
    }


def test_the_api_serves_the_document_anonymously(generated):
    with Client(load_chalice_app(ROOT / "functions" / "api")) as client:
        response = client.http.get("/v1/openapi.json")

    assert response.status_code == 200
    assert json.loads(response.body) == json.loads(generated)


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_route_is_declared_through_the_contract():
    app = load_chalice_app(ROOT / "functions" / "api")
    from chalicelib.contract import operation_of  # importable once the app's folder is on the path

    undeclared = [
        (method, path)
        for path, entries in app.routes.items()
        for method, entry in entries.items()
        if getattr(operation_of(entry.view_function), "method", "") != method
    ]
    assert undeclared == [], "declare these with chalicelib.contract.route"


def test_every_operation_documents_its_parameters_body_and_success_answer(generated):
    document = json.loads(generated)
    gaps = []
    for path, method, operation in _operations(document):
        declared = {(p["in"], p["name"]): p for p in operation.get("parameters", [])}
        for name in re.findall(r"\{(\w+)\}", path):
            if not declared.get(("path", name), {}).get("required"):
                gaps.append((method, path, f"path parameter {name}"))
        for parameter in declared.values():
            if "schema" not in parameter:
                gaps.append((method, path, f"schema of {parameter['name']}"))
        body = operation.get("requestBody", {}).get("content", {})
        if any(media.get("schema") == {"type": "string"} for ct, media in body.items() if "json" in ct):
            gaps.append((method, path, "JSON body without a schema"))
        successes = {status: answer for status, answer in operation["responses"].items() if status < "300"}
        if not successes:
            gaps.append((method, path, "no success answer"))
        for status, answer in successes.items():
            if status != "204" and "schema" not in answer.get("content", {}).get("application/json", {}):
                gaps.append((method, path, f"{status} without a schema"))
        for status, answer in operation["responses"].items():
            if status >= "400" and status != "401" and "content" not in answer:
                gaps.append((method, path, f"{status} without an error schema"))
    assert gaps == []
