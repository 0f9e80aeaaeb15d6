"""The consultation lifecycle's tasks: the state machine names the task in each Payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import StoreSettings, check_at_cold_start
from polis.consultations.settings import ConsultationSettings
from polis.consultations.tasks import run_task
from polis.notifications.service import NotificationSettings
from polis.observability import logger, tracer

check_at_cold_start(StoreSettings, ConsultationSettings, NotificationSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run_task(event, datetime.now(UTC))
