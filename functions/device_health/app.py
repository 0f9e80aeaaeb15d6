"""Scheduled fleet check: flags devices silent longer than their expected interval."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.fleet_health import check_fleet
from polis.observability import logger, metrics, tracer


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    changes = check_fleet(datetime.now(UTC))
    metrics.add_metric(name="DeviceSilenceChanges", unit="Count", value=sum(changes.values()))
    return changes
