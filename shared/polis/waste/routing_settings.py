"""Settings of the waste-routing workflow, read per use so a test's or a function's values apply at once."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WasteRoutingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_ROUTING_")

    engine: str = Field(default="portfolio", description="polis.routing.solver engine")
    time_limit_s: float = Field(default=60, gt=0, description="the solver's wall-time budget")
    timezone: str = Field(default="Europe/Athens", description="the clock of shifts and service days")
    full_bins_to_start: int = Field(default=5, ge=1, description="full bins that start a run of their own")
    quiet_minutes: int = Field(
        default=180, ge=0, description="full bins start no run when one started less than this ago"
    )
    history_readings: int = Field(
        default=200, ge=4, description="newest readings per bin the forecast sees (two days at 20 min)"
    )
    state_machine_arn: str | None = Field(default=None, description="what the starters start")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
