"""No input makes the API answer 5xx: every route, called with malformed parameters and bodies.

A hand-rolled generator (seeded, so a failure replays): junk path parameters, unknown and
ill-typed query parameters, bodies that are not JSON, JSON of the wrong shape, and a route's own
documented fields with values of the wrong type or size. Each route is called as the caller its
authorizer lets through, so the input reaches the route's own checks.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from polis_local.template import LOCAL_API_KEY
from tests.integration.service_desk_support import call, desk_platform, report

SEED = 20260311
JUNK_TEXT = ["", " ", "x" * 3000, "ñ€😀", "../../etc/passwd", "%00", "null", "-1", "1e309", "{}"]
JUNK_VALUES: list[Any] = [None, True, -1, 0, 10**30, 1.5e308, "", "x" * 5000, [], {}, [1, "a"], {"a": []}]
NOT_OBJECTS = [b"", b"{", b"\xff\xfe", "[1, 2", json.dumps([1, 2]), json.dumps("text"), json.dumps(None)]
WITH_BODY = ("POST", "PUT", "PATCH")
# Routes whose 400 answers list the failing fields (Open311's name them in the description).
FIELD_NAMING = ("/v1/citizen/service-requests", "/v1/staff/service-requests", "/v1/staff/categories")


def _bodies(rng: random.Random, fields: list[str]) -> list[Any]:
    bodies: list[Any] = [
        b"",
        b"{",
        b"\xff\xfe",
        "[1, 2",
        json.dumps([1, 2]),
        json.dumps("text"),
        json.dumps(None),
    ]
    bodies.append(json.dumps({"unexpected": rng.choice(JUNK_VALUES)}))
    for name in fields:
        bodies.append(json.dumps({name: rng.choice(JUNK_VALUES)}))
    if fields:
        bodies.append(json.dumps({name: rng.choice(JUNK_VALUES) for name in fields}))
    return bodies


def _documented_fields(view) -> tuple[list[str], list[str]]:
    operation = getattr(view, "openapi_operation", None)
    body = list(operation.body.model_fields) if operation and operation.body else []
    query = list(operation.query.model_fields) if operation and operation.query else []
    return body, query


def _path(route: str, rng: random.Random, known: dict[str, str]) -> str:
    def junk(match: re.Match) -> str:
        name = match.group(1)
        value = rng.choice([*JUNK_TEXT, known.get(name, "x")])
        return quote(value, safe="") or "%20"

    return re.sub(r"\{(\w+)\}", junk, route)


@pytest.fixture(scope="module")
def platform(moto_endpoint):
    with desk_platform(moto_endpoint) as running:
        yield running


def test_no_input_makes_any_route_answer_5xx(platform):
    rng = random.Random(SEED)
    api, desk = platform.api, platform.desk
    reference = report(api, desk["eleni"])["reference"]
    known = {"reference": reference, "municipality": "chalkida", "code": "pothole"}
    failures: list[str] = []
    calls = 0
    for route, entries in sorted(platform.app.routes.items()):
        for method, entry in sorted(entries.items()):
            authorizer = entry.authorizer.name if entry.authorizer else None
            token = {"citizen_auth": desk["eleni"], "staff_auth": desk["admin"]}.get(authorizer)
            headers = {"x-api-key": LOCAL_API_KEY} if entry.api_key_required else {}
            body_fields, query_fields = _documented_fields(entry.view_function)
            bodies = _bodies(rng, body_fields) if method in WITH_BODY else [None]
            queries = [{"unknown": "1"}, {name: rng.choice(JUNK_TEXT) for name in query_fields}]
            cases = [(_path(route, rng, known), body, {}) for body in bodies]
            cases += [(_path(route, rng, known), None, query) for query in queries if method not in WITH_BODY]
            for path, body, query in cases:
                target = f"{path}?{urlencode(query)}" if query else path
                status, answer = call(api, method.lower(), target, token, body, headers)
                calls += 1
                if status >= 500:
                    failures.append(f"{method} {target[:120]} body={str(body)[:80]} -> {status} {answer}")
                elif status == 400 and route.startswith(FIELD_NAMING) and not answer.get("errors"):
                    failures.append(f"{method} {target[:120]} -> 400 naming no field: {answer}")
    assert calls > 300
    assert failures == [], "\n".join(failures)
