"""The access matrix of service requests: every endpoint, by role and municipality.

Each cell calls the real app with a real token of the role (or none). A cell is allowed (2xx),
allowed for the caller's own municipality only (2xx, none of Chalkida's data), or denied (401, 403
or 404, and no data of the request at all). Allowed callers who are not the reporter or Chalkida's
desk must not see the private details either. A route of these areas missing from the matrix fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from polis.requests.store import service_requests as request_store
from polis_local.template import LOCAL_API_KEY
from tests.integration.service_desk_support import WATERFRONT, DeskPlatform, call, desk_platform, report

ROLES = (
    "anonymous",
    "open311-client",
    "eleni",
    "nikos",
    "admin",
    "cleaning",
    "roads",
    "operator",
    "driver",
    "heraklion-admin",
)
EVERYONE = frozenset(ROLES)
CITIZENS = frozenset({"eleni", "nikos"})
DESK = frozenset({"admin", "cleaning", "roads", "operator"})
WORKERS = frozenset({"admin", "cleaning"})  # the subject request is the cleaning department's
CALL_CENTRE = frozenset({"admin", "operator"})
HERAKLION = frozenset({"heraklion-admin"})

# What the subject request and its people must never show to those not allowed: notes among staff,
# private details...
STAFF_ONLY = ("INTERNAL-NOTE",)
PRIVATE = ("eleni@example.org", "PRIVATE-WORD-TO-STAFF", "Papadopoulou", "+302221012345", *STAFF_ONLY)
# ...and, to those denied, anything of the request.
PUBLIC = ("SUBJECT-DESCRIPTION", "Akti Voudouri 12")
MATRIX_AREAS = ("/v1/citizen/service-requests", "/v1/staff/service-requests", "/v1/staff/metrics/")
MATRIX_AREAS += ("/v1/staff/categories", "/v1/open311/", "/v1/openapi.json")


@dataclass
class Subject:
    """The requests the cells act on, made once; ``fresh`` makes one for a cell that changes it."""

    platform: DeskPlatform
    reference: str
    resolved: str
    assisted: str
    token: str

    def fresh(self) -> str:
        return report(self.platform.api, self.platform.desk["eleni"])["reference"]


@dataclass(frozen=True)
class Endpoint:
    method: str
    route: str
    allowed: frozenset[str]
    target: Callable[[Subject, str], tuple[str, Any]]
    """The path and body a role calls it with."""
    own_municipality: frozenset[str] = frozenset()
    sees_private: frozenset[str] = field(default_factory=frozenset)


def _at(path: str, body: Any = None) -> Callable[[Subject, str], tuple[str, Any]]:
    return lambda subject, role: (path.format(ref=subject.reference), body)


def _changing(suffix: str, body: Callable[[Subject], Any]) -> Callable[[Subject, str], tuple[str, Any]]:
    # The allowed change a request: each gets one of its own; the others try the subject.
    def target(subject: Subject, role: str) -> tuple[str, Any]:
        reference = subject.fresh() if role in WORKERS else subject.reference
        return f"/v1/staff/service-requests/{reference}/{suffix}", body(subject)

    return target


def _rating(subject: Subject, role: str) -> tuple[str, Any]:
    return f"/v1/citizen/service-requests/{subject.resolved}/rating", {"stars": 4}


def _lookup(subject: Subject, role: str) -> tuple[str, Any]:
    return "/v1/staff/service-requests/lookup", {"reference": subject.assisted, "last_name": "Papadopoulou"}


REPORT = {"category": "overflowing-bin", "location": WATERFRONT, "description": "Another full bin."}
CALLER = {"first_name": "Giorgos", "last_name": "Ioannou", "phone": "+302221055555"}
ASSISTED = REPORT | {"address": "Day centre", "caller": CALLER}
OPEN311_REPORT = {"service_code": "pothole", "lat": 38.4641, "long": 23.5951}

ENDPOINTS = (
    Endpoint("GET", "/v1/citizen/service-requests", CITIZENS, _at("/v1/citizen/service-requests"),
             sees_private=frozenset({"eleni"})),
    Endpoint("POST", "/v1/citizen/service-requests", CITIZENS, _at("/v1/citizen/service-requests", REPORT),
             sees_private=frozenset({"eleni"})),
    Endpoint("GET", "/v1/citizen/service-requests/{reference}", CITIZENS,
             _at("/v1/citizen/service-requests/{ref}"), sees_private=frozenset({"eleni"})),
    Endpoint("POST", "/v1/citizen/service-requests/{reference}/comments", frozenset({"eleni"}),
             _at("/v1/citizen/service-requests/{ref}/comments", {"text": "A word."}),
             sees_private=frozenset({"eleni"})),
    Endpoint("POST", "/v1/citizen/service-requests/{reference}/photos", frozenset({"eleni"}),
             _at("/v1/citizen/service-requests/{ref}/photos", {"content_type": "image/png", "size_bytes": 9}),
             sees_private=frozenset({"eleni"})),
    Endpoint("POST", "/v1/citizen/service-requests/{reference}/rating", frozenset({"eleni"}), _rating,
             sees_private=frozenset({"eleni"})),
    Endpoint("GET", "/v1/staff/service-requests", DESK, _at("/v1/staff/service-requests"),
             own_municipality=HERAKLION, sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests", CALL_CENTRE, _at("/v1/staff/service-requests", ASSISTED),
             own_municipality=HERAKLION, sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests/lookup", CALL_CENTRE, _lookup, sees_private=DESK),
    Endpoint("GET", "/v1/staff/service-requests/{reference}", DESK, _at("/v1/staff/service-requests/{ref}"),
             sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests/{reference}/status", WORKERS,
             _changing("status", lambda s: {"status": "acknowledged"}), sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests/{reference}/assignment", WORKERS,
             _changing("assignment", lambda s: {"assignee": "chalkida-cleaning"}), sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests/{reference}/merge", WORKERS,
             _changing("merge", lambda s: {"into": s.fresh()}), sees_private=DESK),
    Endpoint("POST", "/v1/staff/service-requests/{reference}/comments", DESK - {"roads"},
             _at("/v1/staff/service-requests/{ref}/comments", {"text": "Noted."}), sees_private=DESK),
    Endpoint("GET", "/v1/staff/metrics/service-requests", DESK, _at("/v1/staff/metrics/service-requests"),
             own_municipality=HERAKLION),
    Endpoint("GET", "/v1/staff/categories", DESK, _at("/v1/staff/categories"), own_municipality=HERAKLION),
    Endpoint("PUT", "/v1/staff/categories/{code}", frozenset({"admin"}),
             _at("/v1/staff/categories/potholes-2", {"name": "Pot", "department": "roads", "due_hours": 9}),
             own_municipality=HERAKLION),
    Endpoint("GET", "/v1/open311/{municipality}/services.json", EVERYONE,
             _at("/v1/open311/chalkida/services.json")),
    Endpoint("GET", "/v1/open311/{municipality}/services/{service_file}", EVERYONE,
             _at("/v1/open311/chalkida/services/pothole.json")),
    Endpoint("GET", "/v1/open311/{municipality}/requests.json", EVERYONE,
             _at("/v1/open311/chalkida/requests.json")),
    Endpoint("POST", "/v1/open311/{municipality}/requests.json", frozenset({"open311-client"}),
             _at("/v1/open311/chalkida/requests.json", OPEN311_REPORT)),
    Endpoint("GET", "/v1/open311/{municipality}/requests/{request_file}", EVERYONE,
             _at("/v1/open311/chalkida/requests/{ref}.json")),
    Endpoint("GET", "/v1/open311/{municipality}/tokens/{token_file}", EVERYONE,
             lambda subject, role: (f"/v1/open311/chalkida/tokens/{subject.token}.json", None)),
    Endpoint("GET", "/v1/openapi.json", EVERYONE, _at("/v1/openapi.json")),
)  # fmt: skip


@pytest.fixture(scope="module")
def platform(moto_endpoint):
    with desk_platform(moto_endpoint) as running:
        yield running


@pytest.fixture(scope="module")
def subject(platform) -> Subject:
    api, desk = platform.api, platform.desk
    filed = report(
        api, desk["eleni"], description="SUBJECT-DESCRIPTION", address="Akti Voudouri 12, Chalkida"
    )
    reference = filed["reference"]
    call(api, "post", f"/v1/citizen/service-requests/{reference}/comments", desk["eleni"],
         {"text": "PRIVATE-WORD-TO-STAFF"})  # fmt: skip
    call(api, "post", f"/v1/staff/service-requests/{reference}/comments", desk["cleaning"],
         {"text": "INTERNAL-NOTE", "internal": True})  # fmt: skip
    resolved = report(api, desk["eleni"], description="SUBJECT-DESCRIPTION")["reference"]
    for status in ("acknowledged", "in-progress", "resolved"):
        if status == "in-progress":
            call(api, "post", f"/v1/staff/service-requests/{resolved}/assignment", desk["admin"],
                 {"assignee": "chalkida-cleaning"})  # fmt: skip
        call(api, "post", f"/v1/staff/service-requests/{resolved}/status", desk["admin"],
             {"status": status, "note": "Done."})  # fmt: skip
    caller = {"first_name": "Maria", "last_name": "Papadopoulou", "phone": "+302221012345"}
    assisted = call(api, "post", "/v1/staff/service-requests", desk["operator"],
                    {**REPORT, "address": "Day centre", "caller": caller})[1]  # fmt: skip
    token = request_store.get("chalkida", reference).token
    return Subject(platform, reference, resolved, assisted["request"]["reference"], token)


def _headers(role: str) -> dict[str, str]:
    return {"x-api-key": LOCAL_API_KEY} if role == "open311-client" else {}


def _token(platform: DeskPlatform, role: str) -> str | None:
    return None if role in ("anonymous", "open311-client") else platform.desk[role]


def test_every_route_of_service_requests_open311_and_the_document_is_in_the_matrix(platform):
    routes = {
        (method, path)
        for path, entries in platform.app.routes.items()
        for method in entries
        if path.startswith(MATRIX_AREAS)
    }
    assert routes == {(e.method, e.route) for e in ENDPOINTS}


def _hidden_from(endpoint: Endpoint, role: str) -> tuple[str, ...]:
    if role in endpoint.sees_private:
        return () if role in DESK else STAFF_ONLY
    if role in endpoint.allowed:
        return PRIVATE
    return PRIVATE + PUBLIC


def test_the_access_matrix(platform, subject):
    wrong: list[str] = []
    for endpoint in ENDPOINTS:
        for role in ROLES:
            path, body = endpoint.target(subject, role)
            status, answer = call(
                platform.api, endpoint.method.lower(), path, _token(platform, role), body, _headers(role)
            )
            text = json.dumps(answer)
            cell = f"{endpoint.method} {endpoint.route} as {role}: {status}"
            allowed = role in endpoint.allowed or role in endpoint.own_municipality
            if allowed and not 200 <= status < 300:
                wrong.append(f"{cell}, expected 2xx: {text[:200]}")
            if not allowed and status not in (401, 403, 404):
                wrong.append(f"{cell}, expected 401, 403 or 404: {text[:200]}")
            leaked = [marker for marker in _hidden_from(endpoint, role) if marker in text]
            if leaked:
                wrong.append(f"{cell} shows {leaked}")
    assert wrong == [], "\n".join(wrong)
