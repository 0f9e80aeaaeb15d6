"""Configuration as models, validated when first needed (not at import) so tests can set it."""

from __future__ import annotations

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
