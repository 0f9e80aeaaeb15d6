"""Devices: the sensors and controllers a municipality has provisioned."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from polis.municipality import MunicipalityId

Domain = Literal["waste", "parking", "environment", "lighting", "hydromet", "occupancy", "fleet", "telecare"]
"""Ingestion domains: each has its own IoT rule, ingest function and latest-state logic."""
DOMAINS: tuple[str, ...] = get_args(Domain)


class Location(BaseModel):
    model_config = ConfigDict(frozen=True)

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)

    @field_validator("latitude", "longitude")
    @classmethod
    def _to_a_centimetre(cls, degrees: float) -> float:
        # Finer than 1e-7 degrees (about 1 cm) is noise, and DynamoDB cannot store below 1e-130.
        return round(degrees, 7)


class Device(BaseModel):
    model_config = ConfigDict(frozen=True)

    dev_eui: str = Field(pattern=r"^[0-9a-f]{16}$")
    municipality: MunicipalityId
    model: str = Field(description="TTN device-repository id, vendor/device")
    domain: Domain
    location: Location
    asset_id: str | None = Field(default=None, description="the bin, spot, light... it measures")
    name: str | None = None
    active: bool = True
    created_at: datetime
    last_seen_at: datetime | None = None
    last_fcnt: int | None = None
    expected_interval_s: int | None = Field(default=None, gt=0, description="None: the model's default")
    # Vitals, as of the newest uplink (the health check also flags silence).
    battery_voltage: float | None = None
    battery_level: float | None = None
    battery_low: bool = False
    rssi: float | None = None
    snr: float | None = None
    silent: bool = False
    decommissioned_at: datetime | None = None
