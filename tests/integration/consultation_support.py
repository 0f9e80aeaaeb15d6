"""Citizens, calls and waits the consultation tests share."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import jwt

from polis_local.users import LocalUser, LocalUserPools

SQUARE = {
    "kind": "single-choice",
    "question_id": "square",
    "text": "What should the central square become?",
    "options": [
        {"option_id": "park", "label": "A park"},
        {"option_id": "market", "label": "A market"},
        {"option_id": "parking", "label": "A car park"},
    ],
}
SATISFIED = {"kind": "likert", "question_id": "satisfied", "text": "I like the square as it is."}
COMMENT = {"kind": "free-text", "question_id": "comment", "text": "Anything else?"}


@dataclass(frozen=True)
class Citizen:
    token: str
    subject: str


def call(api, method: str, path: str, token: str | None = None, body: Any = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = getattr(api.http, method)(
        path, headers=headers, body=None if body is None else json.dumps(body)
    )
    return response.status_code, json.loads(response.body) if response.body else None


def citizen(stack, id_token, name: str, municipality: str = "chalkida") -> Citizen:
    user = LocalUser(f"{name}@example.org", "citizen", f"{name}@example.org", municipality)
    LocalUserPools(stack).create_user(user)
    token = id_token(user)
    return Citizen(token, jwt.decode(token, options={"verify_signature": False})["sub"])


def draft(opens_in: float, open_for: float, **changes: Any) -> dict[str, Any]:
    opens_at = datetime.now(UTC) + timedelta(seconds=opens_in)
    return {
        "title": "The central square",
        "description": "The square is to be rebuilt; tell us what it should become.",
        "attachments": [{"title": "The plan", "url": "https://chalkida.example/square.pdf", "kind": "plan"}],
        "questions": [SQUARE, SATISFIED, COMMENT],
        "opens_at": opens_at.isoformat(),
        "closes_at": (opens_at + timedelta(seconds=open_for)).isoformat(),
    } | changes


def eventually(predicate, timeout: float = 20, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def consultation(api, token: str, consultation_id: str) -> dict:
    status, body = call(api, "get", f"/v1/staff/consultations/{consultation_id}", token)
    assert status == 200, body
    return body


def status_becomes(api, token: str, consultation_id: str, wanted: str, timeout: float = 20) -> dict:
    return eventually(
        lambda: (c := consultation(api, token, consultation_id))["status"] == wanted and c, timeout
    )


def decide(api, token: str, consultation_id: str, decision: dict) -> tuple[int, Any]:
    """The decision, once the approval task has kept its token (409 until then)."""
    path = f"/v1/staff/consultations/{consultation_id}/decision"
    return eventually(lambda: (r := call(api, "post", path, token, decision))[0] != 409 and r, timeout=10)


def finished_execution(execution_arn: str, timeout: float = 30) -> dict:
    sfn = boto3.client("stepfunctions")
    return eventually(
        lambda: (d := sfn.describe_execution(executionArn=execution_arn))["status"] != "RUNNING" and d,
        timeout,
        interval=0.2,
    )


def states_entered(execution_arn: str) -> list[str]:
    history = boto3.client("stepfunctions").get_execution_history(executionArn=execution_arn, maxResults=1000)
    return [
        e["stateEnteredEventDetails"]["name"] for e in history["events"] if "stateEnteredEventDetails" in e
    ]
