"""Scheduled fleet check: flags devices silent longer than their expected interval."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import StoreSettings, check_at_cold_start
from polis.devices.silence_check import check_silence
from polis.observability import logger, metrics, tracer

check_at_cold_start(StoreSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    changes = check_silence(datetime.now(UTC))
    metrics.add_metric(name="DeviceSilenceChanges", unit="Count", value=sum(changes.values()))
    return changes
