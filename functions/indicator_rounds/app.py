"""Scheduled: a round of the digital strategy's indicators in every municipality served."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import StoreSettings, check_at_cold_start
from polis.consultations.executions import ExecutionSettings
from polis.consultations.indicators import start_rounds
from polis.observability import logger, tracer

check_at_cold_start(StoreSettings, ExecutionSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, list[str]]:
    return {"started": start_rounds(datetime.now(UTC))}
