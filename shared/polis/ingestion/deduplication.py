"""Each uplink stored once, however many gateways heard it or the network server retried it.

Powertools idempotency keys an uplink on (DevEUI, FCnt, payload) for an hour: copies from
several gateways or retries share all three, while a device that rejoined and restarted its frame
counter sends a different payload. A copy gets the first copy's outcome, marked ``duplicate``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer

from polis.config import store_settings
from polis.ingestion.lorawan.uplink import Uplink
from polis.ingestion.pipeline import IngestOutcome, ingest

DUPLICATE_WINDOW_SECONDS = 3600


def _mark_duplicate(response: IngestOutcome, idempotent_data: DataRecord) -> IngestOutcome:
    return response.model_copy(update={"status": "duplicate"})


@cache
def _idempotent_ingest() -> tuple[IdempotencyConfig, Callable[..., IngestOutcome]]:
    config = IdempotencyConfig(
        event_key_jmespath="[dev_eui, fcnt, payload]",
        expires_after_seconds=DUPLICATE_WINDOW_SECONDS,
        response_hook=_mark_duplicate,
    )
    persistence = DynamoDBPersistenceLayer(table_name=store_settings().idempotency_table_name)

    @idempotent_function(
        data_keyword_argument="uplink",
        persistence_store=persistence,
        config=config,
        output_serializer=PydanticSerializer(model=IngestOutcome),
    )
    def ingest_once(*, uplink: Uplink, domain: str) -> IngestOutcome:
        return ingest(uplink, domain)

    return config, ingest_once


def deduplicated_ingest(lambda_context: Any | None = None) -> Callable[[Uplink, str], IngestOutcome]:
    """``ingest``, once per uplink; the context lets an interrupted run's lock expire with it."""
    config, ingest_once = _idempotent_ingest()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    return lambda uplink, domain: ingest_once(uplink=uplink, domain=domain)
