"""Chalkida's service desk for the service request tests: one stack per module, people, calls.

Provisioning the template's stack on moto takes seconds, so the service request modules share one
per module (``desk_platform``) and each test makes its own requests; counts are read as changes.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from chalice import Chalice
from chalice.test import Client
from polis_demo.service_desk import CHALKIDA_CATEGORIES, seed_service_desk

from polis.municipality import Municipality
from polis.notifications.store import list_notifications
from polis.requests.store.categories import put_category
from polis.store.municipalities import put_municipality
from polis_local.api_server import load_chalice_app
from polis_local.provision import Provisioner
from polis_local.template import LocalStack
from polis_local.users import LocalUser, LocalUserPools, seed_user, seed_users
from tests.conftest import _clear_process_caches
from tests.support import ROOT

# A spot on Chalkida's waterfront.
WATERFRONT = {"latitude": 38.4636, "longitude": 23.5944}

ROADS = LocalUser("chalkida-roads", "staff", "chalkida-roads@example.org", "chalkida", ("staff:roads",))
NIKOS = LocalUser("nikos@example.org", "citizen", "nikos@example.org", "chalkida")
HERAKLION = Municipality(municipality_id="heraklion", name="Heraklion", reference_prefix="HER")
HERAKLION_ADMIN = LocalUser(
    "heraklion-admin", "staff", "admin@heraklion.example", "heraklion", ("municipality-admin",)
)


@dataclass(frozen=True)
class Desk:
    """ID tokens of everyone the tests play, by role."""

    tokens: dict[str, str]

    def __getitem__(self, who: str) -> str:
        return self.tokens[who]


@dataclass(frozen=True)
class DeskPlatform:
    stack: LocalStack
    app: Chalice
    api: Client
    desk: Desk


@contextmanager
def desk_platform(moto_endpoint: str) -> Iterator[DeskPlatform]:
    """A fresh stack with Chalkida's categories, the API on it, and tokens of everyone played."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).close()
    stack = LocalStack(ROOT / "template.yaml", endpoint_url=moto_endpoint)
    _clear_process_caches()
    Provisioner(stack).provision()
    with pytest.MonkeyPatch.context() as environment:
        # The app runs in this process: with the API function's own environment, as in Lambda.
        for name, value in stack.functions["ApiFunction"].environment.items():
            environment.setenv(name, value)
        seed_users(stack)
        seed_service_desk()
        # A second municipality with the same categories: its staff must never reach Chalkida's.
        put_municipality(HERAKLION, datetime.now(UTC))
        for category in CHALKIDA_CATEGORIES:
            put_category(HERAKLION.municipality_id, category)
        pools = LocalUserPools(stack)
        for user in (ROADS, NIKOS, HERAKLION_ADMIN):
            pools.create_user(user)
        played = {
            "admin": seed_user("chalkida-admin"),
            "cleaning": seed_user("chalkida-cleaning"),
            "roads": ROADS,
            "operator": seed_user("chalkida-call-centre"),
            "driver": seed_user("chalkida-driver-1"),
            "eleni": seed_user("eleni@example.org"),
            "nikos": NIKOS,
            "heraklion-admin": HERAKLION_ADMIN,
        }
        desk = Desk({role: pools.id_token(user.kind, user.username) for role, user in played.items()})
        app = load_chalice_app(ROOT / "functions" / "api")
        with Client(app) as client:
            yield DeskPlatform(stack, app, client, desk)
    _clear_process_caches()


def subject_of(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sub"]


def call(
    api,
    method: str,
    path: str,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    payload = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
    response = getattr(api.http, method)(path, headers=sent, body=payload)
    try:
        answer = json.loads(response.body) if response.body else None
    except ValueError:
        answer = response.body
    return response.status_code, answer


def report(api, token: str, **changes: Any) -> dict[str, Any]:
    """A citizen reports an overflowing bin on the waterfront; the request as the answer gives it."""
    body = {
        "category": "overflowing-bin",
        "location": WATERFRONT,
        "address": "Akti Voudouri 12, Chalkida",
        "description": "The bin by the kiosk has been overflowing since Sunday.",
    } | changes
    status, answer = call(api, "post", "/v1/citizen/service-requests", token, body)
    assert status == 201, answer
    return answer["request"]


def inbox(municipality: str, user_id: str) -> list[tuple[str, str]]:
    """(topic, subject) of what a person was told, oldest first."""
    sent = reversed(list_notifications(municipality, user_id))
    return [(s.notification.topic, s.notification.subject) for s in sent]
