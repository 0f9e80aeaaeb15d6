"""The statuses' moves, and the state machine in step with the tasks and errors of the code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from polis.consultations import executions
from polis.consultations.lifecycle import CANCELLABLE, EDITABLE, TRANSITIONS, sources
from polis.consultations.model import Content, Draft, ReviewDecision, timestamp
from polis.consultations.tasks import TASKS
from tests.support import ROOT
from tests.unit.consultations.builders import SATISFIED, SQUARE

ASL = json.loads((ROOT / "infra/statemachines/consultation.asl.json").read_text())
OPENS = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _content(**changes) -> dict:
    return {
        "title": "The central square",
        "description": "What should become of it?",
        "questions": [SQUARE.model_dump(), SATISFIED.model_dump()],
        "opens_at": OPENS.isoformat(),
        "closes_at": (OPENS + timedelta(days=14)).isoformat(),
    } | changes


def test_once_closed_a_consultation_can_no_longer_be_cancelled():
    assert {"draft", "rejected", "pending-approval", "scheduled", "open"} == CANCELLABLE
    assert sources("pending-approval") == EDITABLE


def test_every_status_but_the_ends_moves_on():
    ends = {status for status, targets in TRANSITIONS.items() if not targets}
    assert ends == {"archived", "cancelled"}


def test_times_are_whole_utc_seconds_as_the_workflow_waits_for_them():
    content = Content.model_validate(_content(opens_at="2026-12-01T11:00:00.700+02:00"))

    assert content.opens_at == OPENS
    assert timestamp(content.opens_at) == "2026-12-01T09:00:00Z"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"closes_at": OPENS.isoformat()}, "closes_at must be after opens_at"),
        ({"kind": "poll"}, "a quick poll asks exactly one question"),
        ({"questions": [SQUARE.model_dump(), SQUARE.model_dump()]}, "question ids must be distinct"),
        ({"opens_at": "2026-12-01T09:00:00"}, "timezone"),
        ({"kind": "indicators"}, "kind"),
    ],
)
def test_a_draft_must_make_sense(changes, problem):
    with pytest.raises(ValidationError, match=problem):
        Draft.model_validate(_content(**changes))


def test_a_rejection_says_why():
    with pytest.raises(ValidationError, match="needs a comment"):
        ReviewDecision(decision="reject")


def _states() -> dict:
    return ASL["States"]


def test_every_task_state_names_a_task_of_the_code_and_every_task_is_used():
    named = {s["Parameters"]["Payload"]["task"] for s in _states().values() if s["Type"] == "Task"}
    assert named == set(TASKS)


def test_every_error_the_state_machine_catches_is_one_the_code_raises_or_sends():
    caught = {e for s in _states().values() for c in s.get("Catch", []) for e in c["ErrorEquals"]}
    assert caught == {executions.REJECTED, executions.CANCELLED}


def test_the_wait_states_wait_for_the_times_the_workflow_is_given():
    waits = {s["TimestampPath"] for s in _states().values() if s["Type"] == "Wait"}
    assert waits == {"$.opens_at", "$.closes_at", "$.archive_at"}


def test_the_approval_task_waits_for_its_token():
    approval = _states()["AwaitApproval"]
    assert approval["Resource"] == "arn:aws:states:::lambda:invoke.waitForTaskToken"
    assert approval["Parameters"]["Payload"]["task_token.$"] == "$$.Task.Token"
