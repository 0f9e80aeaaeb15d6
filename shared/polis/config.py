"""Configuration as models: read when first needed, and checked whole when a function starts.

Domain code reads its settings when it first needs them (not at import), so tests can set them.
A function's handler module also calls ``check_at_cold_start`` with every settings model the
function reads: inside Lambda they are all built during the function's init, so a missing or
malformed variable fails the deployment's first invocation at init, not a request hours later.
"""

from __future__ import annotations

import os
from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StoreSettings(BaseSettings):
    """Where state lives. Names are the physical ones, passed in by the template."""

    model_config = SettingsConfigDict(env_prefix="POLIS_")

    table_name: str = Field(description="the single-table store of every municipal record")
    idempotency_table_name: str = Field(description="powertools idempotency records")
    event_bus_name: str = Field(default="default", description="EventBridge bus for domain events")
    reading_retention_days: int = Field(default=400, ge=1)
    reject_retention_days: int = Field(default=90, ge=1)


@cache
def store_settings() -> StoreSettings:
    return StoreSettings()  # type: ignore[call-arg]  # filled from the environment


class IngestSettings(BaseSettings):
    """An ingest function's own settings: which domain's uplinks its rule sends it."""

    model_config = SettingsConfigDict(env_prefix="POLIS_")

    domain: str = Field(pattern=r"^[a-z]+$")


def check_at_cold_start(*models: type[BaseSettings]) -> None:
    """Validate every settings model a function reads, when running as that function.

    ``AWS_LAMBDA_FUNCTION_NAME`` is set by Lambda (and by the local platform's runtime) for the
    function's process; a test or tool importing a handler module has no function's variables.
    """
    if "AWS_LAMBDA_FUNCTION_NAME" not in os.environ:
        return
    for model in models:
        model()
