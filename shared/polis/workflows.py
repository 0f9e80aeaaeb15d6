"""The one port to Step Functions: starting a workflow's execution, answering a task that waits for
its token (``.waitForTaskToken``), stopping an execution."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import boto3
from botocore.exceptions import ClientError

# The token was answered already, or its execution has ended.
_SPENT_TOKEN = {"InvalidToken", "TaskDoesNotExist", "TaskTimedOut"}


class TaskTokenSpent(Exception):
    """Nothing waits for this token any more."""


@cache
def _client() -> Any:
    return boto3.client("stepfunctions")


def start_execution(state_machine_arn: str, name: str, payload: dict[str, Any]) -> str:
    """Start it under ``name`` (unique per state machine for 90 days); the execution's ARN."""
    response = _client().start_execution(
        stateMachineArn=state_machine_arn, name=name, input=json.dumps(payload)
    )
    return response["executionArn"]


def _answer(operation: str, **arguments: Any) -> None:
    try:
        getattr(_client(), operation)(**arguments)
    except ClientError as error:
        if error.response["Error"]["Code"] in _SPENT_TOKEN:
            raise TaskTokenSpent(str(error)) from error
        raise


def send_task_success(task_token: str, output: dict[str, Any]) -> None:
    """The waiting task succeeds with ``output``; TaskTokenSpent if nothing waits for the token."""
    _answer("send_task_success", taskToken=task_token, output=json.dumps(output))


def send_task_failure(task_token: str, error: str, cause: str) -> None:
    """The waiting task fails with ``error`` (what a Catch matches); TaskTokenSpent as above."""
    _answer("send_task_failure", taskToken=task_token, error=error, cause=cause)


def stop_execution(execution_arn: str, error: str, cause: str) -> None:
    _client().stop_execution(executionArn=execution_arn, error=error, cause=cause)
