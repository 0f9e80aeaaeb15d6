"""Scheduled escalation: open service requests past their due time are marked and announced."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import StoreSettings, check_at_cold_start
from polis.notifications.service import NotificationSettings
from polis.observability import logger, metrics, tracer
from polis.requests.escalation import escalate_overdue

check_at_cold_start(StoreSettings, NotificationSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    escalated = escalate_overdue(datetime.now(UTC))
    metrics.add_metric(name="ServiceRequestsEscalated", unit="Count", value=sum(escalated.values()))
    return escalated
