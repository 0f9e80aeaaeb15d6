"""The OpenAPI document: generated from the code, valid OpenAPI 3.1, the same in the repository and served.

Regenerate the committed copy with ``polis api openapi > docs/openapi.json``.
"""

from __future__ import annotations

import json

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
