"""Uplink ingest for one domain (POLIS_DOMAIN), invoked by that domain's IoT rule."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from polis.config import IngestSettings, StoreSettings, check_at_cold_start
from polis.ingestion.deduplication import deduplicated_ingest
from polis.ingestion.pipeline import process_uplink_event
from polis.observability import logger, metrics, tracer

check_at_cold_start(StoreSettings, IngestSettings)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    domain = IngestSettings().domain  # type: ignore[call-arg]
    outcome = process_uplink_event(event, domain, ingest_once=deduplicated_ingest(context))
    return outcome.model_dump()
