"""A consultation's lifecycle on Step Functions: each submission runs as one execution.

What the state machine expects of the API: its ARN, the approver's decision as the waiting task's
success or failure, and the error names its Catch clauses list. The decision itself is kept with
the consultation before it is sent: moto's SendTaskFailure drops the cause.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis import workflows
from polis.consultations.errors import ConsultationCancelled, ConsultationConflict
from polis.consultations.model import Review

REJECTED = "ConsultationRejected"
CANCELLED = ConsultationCancelled.__name__


class ExecutionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_CONSULTATION_")

    state_machine_arn: str = Field(min_length=1, description="the consultation lifecycle's state machine")


def start(name: str, workflow_input: dict[str, Any]) -> str:
    settings = ExecutionSettings()  # type: ignore[call-arg]  # filled from the environment
    return workflows.start_execution(settings.state_machine_arn, name, workflow_input)


def approve(task_token: str, review: Review) -> None:
    try:
        workflows.send_task_success(task_token, {"decision": review.decision})
    except workflows.TaskTokenSpent as error:
        raise ConsultationConflict("the consultation is no longer awaiting this decision") from error


def reject(task_token: str, review: Review) -> None:
    # The comment travels as the cause for the execution's history; the consultation keeps it.
    try:
        workflows.send_task_failure(task_token, REJECTED, review.comment or "")
    except workflows.TaskTokenSpent as error:
        raise ConsultationConflict("the consultation is no longer awaiting this decision") from error


def cancel_awaiting_approval(task_token: str, reason: str) -> None:
    """End the waiting approval task: on moto, StopExecution leaves a task waiting for its token.

    If a decision spent the token first, the next task finds the consultation cancelled instead.
    """
    try:
        workflows.send_task_failure(task_token, CANCELLED, reason)
    except workflows.TaskTokenSpent:
        return


def stop(execution_arn: str, reason: str) -> None:
    workflows.stop_execution(execution_arn, CANCELLED, reason)
