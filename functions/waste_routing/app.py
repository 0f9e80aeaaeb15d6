"""The waste-routing workflow: one module, a handler per template function.

The task handlers (select_bins ... notify_drivers) are the states of the WasteRoutingStateMachine;
start_runs starts executions on the daily schedule and on ``bin.full`` events.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import StoreSettings, check_at_cold_start
from polis.notifications.service import NotificationSettings
from polis.observability import logger, tracer
from polis.waste import routing_run
from polis.waste.routing_run import RunRef, Solution
from polis.waste.run_problem import RunRequest
from polis.waste.run_starts import start_daily, start_if_many_full

check_at_cold_start(StoreSettings, NotificationSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def select_bins(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """``{"request": <the execution's input>, "run_id": <the execution's name>}``."""
    request = RunRequest.model_validate({**event["request"], "run_id": event["run_id"]})
    return routing_run.select_bins(request, datetime.now(UTC)).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def measure_travel(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return routing_run.measure_travel(RunRef.model_validate(event)).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def solve_routes(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return routing_run.solve_routes(RunRef.model_validate(event)).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def fall_back(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """``{"run": ..., "solve_error": {"Error": ..., "Cause": ...}}`` as the Solve state's Catch left it."""
    run = RunRef.model_validate(event["run"])
    return routing_run.fall_back(run, _failure(event.get("solve_error") or {})).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def store_plan(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    run, solution = RunRef.model_validate(event["run"]), Solution.model_validate(event["solution"])
    return routing_run.store_plan(run, solution).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def notify_drivers(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return routing_run.notify_drivers(RunRef.model_validate(event)).model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def start_runs(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """An EventBridge event: ``bin.full`` from the ingest functions, or the daily schedule's."""
    now = datetime.now(UTC)
    if event.get("detail-type") == "bin.full":
        started = start_if_many_full(event["detail"]["municipality"], now)
        return {"started": [started.run_id] if started else []}
    return {"started": [run.run_id for run in start_daily(now)]}


def _failure(error: dict[str, Any]) -> str:
    # A Lambda error's Cause is the function's error object as JSON; its message says what happened.
    try:
        message = json.loads(error.get("Cause", ""))["errorMessage"]
    except (ValueError, KeyError, TypeError):
        message = error.get("Cause") or "unknown"
    return f"{error.get('Error', 'Error')}: {message}"[:500]
