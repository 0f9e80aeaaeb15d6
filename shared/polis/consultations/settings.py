"""Consultation settings, read per use so a deployment's (or a test's) environment applies at once."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsultationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_CONSULTATION_")

    min_group_size: int = Field(
        default=10, ge=2, description="the fewest participants any published aggregate may count (k)"
    )
    results_period: timedelta = Field(
        default=timedelta(days=30),
        description="from close to archive: time to moderate the last free-text answers",
    )
    indicator_round_period: timedelta = Field(
        default=timedelta(days=14), description="how long an indicator round stays open"
    )


def consultation_settings() -> ConsultationSettings:
    return ConsultationSettings()
