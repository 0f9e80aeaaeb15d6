"""The API keeps its own OpenAPI document: Schemathesis over every operation, as every kind of caller.

The document is the one the API serves (``GET /v1/openapi.json``, generated from the code). The app
is the real one, over HTTP on chalice's local server (``ApiServer``) with moto behind it, on
Chalkida's service desk (``desk_platform``: categories, seeded users, a reported request). Every
operation is called with no credentials, a citizen's ID token, a staff admin's ID token, and (the
route that takes one) the API key. Schemathesis's engine, as ``schemathesis run`` drives it,
generates valid and invalid requests in its examples, coverage and fuzzing phases, and its own
checks judge the answers. A fixed corpus of hostile bodies and query values runs on top. Every
failure is collected, then reported at once, grouped, each with a curl command that replays it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import engine
from schemathesis.engine import events

from tests.integration.contract_support import (
    BODY_CORPUS,
    CALLERS,
    ContractTarget,
    Findings,
    admits,
    admitted_caller,
    body_fields,
    contract_target_on,
    corpus_query_cases,
    filled_path,
    operation_ids,
    takes_only_text,
)

# Fuzzing-phase examples per operation for the caller it is for, and for the others, whom the
# authorizer turns away before the route runs (more would only repeat the 401/403). The examples and
# coverage phases add their own cases, bounded by the document (no coverage for those turned away).
MAX_EXAMPLES = 8
MAX_EXAMPLES_TURNED_AWAY = 1
SEED = 20260311

# Schemathesis's own checks, each chosen here; all others are off.
# - not_a_server_error: any 5xx.
# - status_code_conformance: a status the operation does not document (so its body has no schema).
# - content_type_conformance, response_schema_conformance: the body is not what the document says
#   for that status.
# - negative_data_rejection: a request the document says is invalid is not refused (e.g. a 2xx).
# - ignored_auth: an operation that declares security answers 2xx without (valid) credentials.
CHECKS: dict[str, Any] = {
    "enabled": False,
    "not_a_server_error": {"enabled": True, "expected-statuses": ["2xx", "3xx", "4xx"]},
    "status_code_conformance": {"enabled": True},
    "content_type_conformance": {"enabled": True},
    "response_schema_conformance": {"enabled": True, "validate-formats": True},
    # A 5xx is not_a_server_error's to report; 413 is a refusal too (API Gateway's, over 10 MB).
    "negative_data_rejection": {
        "enabled": True,
        "expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "5xx"],
    },
    "ignored_auth": {"enabled": True},
}
# The coverage phase also calls each path with methods it does not declare. Not TRACE or QUERY:
# chalice's local server (http.server) answers 501 to methods it has no handler for, a 5xx of the
# harness, not of the app (API Gateway answers 403 there).
UNEXPECTED_METHODS = ["get", "put", "post", "delete", "patch", "options"]


@pytest.fixture(scope="module")
def contract_target(moto_endpoint: str) -> Iterator[ContractTarget]:
    with contract_target_on(moto_endpoint) as target:
        yield target


def _config(target: ContractTarget, caller: str) -> schemathesis.Config:
    per_operation = []
    turned_away = operation_ids(target.document, lambda operation: not admits(operation, caller))
    if turned_away:
        per_operation.append(
            {
                "include-operation-id": turned_away,
                "generation": {"max-examples": MAX_EXAMPLES_TURNED_AWAY},
                "phases": {"coverage": {"enabled": False}},
            }
        )
    text_only = operation_ids(target.document, takes_only_text)
    if text_only:
        # A text body (e.g. text/csv) documented as a string has no invalid value on the wire: the
        # "non-string" bodies Schemathesis generates are sent as text, that is, as valid strings.
        per_operation.append({"include-operation-id": text_only, "generation": {"mode": "positive"}})
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Every failure of an operation, not only its first (where the engine stops by default).
            "continue-on-failure": True,
            "base-url": target.url,
            "headers": target.headers[caller],
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "no-shrink": True,
                "database": "none",
                "deterministic": True,
                # The caller's credentials are the headers above, not generated ones.
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True, "unexpected-methods": UNEXPECTED_METHODS},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": CHECKS,
            # The report puts placeholders in for the tokens itself; its curl commands stay whole.
            "output": {"sanitization": {"enabled": False}},
            "operations": per_operation,
        }
    )


def _schema(target: ContractTarget, caller: str) -> Any:
    schema = schemathesis.openapi.from_dict(target.document, config=_config(target, caller))
    if caller == "api-key":
        # The key means something to the route that requires it; elsewhere it is an unknown header.
        schema = schema.include(operation_id=operation_ids(target.document, lambda op: admits(op, caller)))
    return schema


@pytest.mark.parametrize("caller", CALLERS)
def test_every_operation_keeps_its_documented_contract(contract_target: ContractTarget, caller: str):
    findings = Findings(contract_target, caller)
    for event in engine.from_schema(_schema(contract_target, caller)).execute():
        if isinstance(event, events.ScenarioFinished):
            findings.record_scenario(event.recorder)
        elif isinstance(event, events.NonFatalError):
            findings.engine_error(event.label, event.info.format())
        elif isinstance(event, events.FatalError):
            raise event.exception

    assert findings.cases > 0
    if findings.failures:
        pytest.fail(findings.report(f"as the {caller} caller"), pytrace=False)


def test_a_fixed_corpus_of_hostile_input_is_refused_cleanly(contract_target: ContractTarget):
    target = contract_target
    # A service request of its own, which the Schemathesis runs have not moved on (e.g. closed).
    reference = target.fresh_reference()
    examples = target.examples | {"reference": reference, "request_file": f"{reference}.json"}
    findings = Findings(target)
    session = requests.Session()
    for path, methods in target.document["paths"].items():
        for method, operation in methods.items():
            caller = admitted_caller(operation)
            filled, names_unknown = filled_path(path, operation, examples)
            url = target.url + filled
            # A route may look up what the path names before it reads the body: when that is nothing
            # the desk holds, 404 is a refusal as right as the 400/413.
            not_found = frozenset({404} if names_unknown else ())
            if "requestBody" in operation:
                content_type = _corpus_content_type(operation)
                fields = body_fields(target.document, operation)
                for item in BODY_CORPUS:
                    if item.json_only and content_type != "application/json":
                        continue
                    body = item.make(fields)
                    # As the caller the route is for: the body reaches the route's own checks.
                    expected = item.expected | not_found
                    findings.expect(
                        session, method, path, url, caller, item.name, expected, body, content_type
                    )
                    if caller == "anonymous":
                        continue
                    # Without credentials the body must not matter. API Gateway answers 401 without a
                    # token (before the function runs) and 403 without the API key (locally the app
                    # does, in API Gateway's place). Over 10 MB API Gateway answers 413 first, while
                    # chalice's local gateway authorizes first: either.
                    refused = frozenset({401} if caller in ("citizen", "staff-admin") else {403})
                    if item.name == "10 MB body":
                        refused |= {413}
                    findings.expect(
                        session, method, path, url, "anonymous", item.name, refused, body, content_type
                    )
            for name, query, expected in corpus_query_cases(target.document, operation):
                findings.expect(session, method, path, f"{url}?{query}", caller, name, expected | not_found)

    assert findings.cases > 0
    if findings.failures:
        pytest.fail(findings.report("with the fixed corpus"), pytrace=False)


def _corpus_content_type(operation: dict[str, Any]) -> str:
    content_types = list(operation["requestBody"]["content"])
    return "application/json" if "application/json" in content_types else content_types[0]
