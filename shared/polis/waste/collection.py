"""A municipality's collection fleet: its trucks and the disposal sites they unload at."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from polis.devices.model import Location
from polis.municipality import MunicipalityId
from polis.unique import UniqueSet
from polis.waste.bins import WasteStreamName
from polis.waste.time_of_day import DailyWindow

# Ids become parts of keys, file names and URLs: no separators, no spaces.
_RECORD_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
RecordId = Annotated[str, Field(pattern=_RECORD_ID, description="a truck or disposal site id")]


WasteStreams = Annotated[UniqueSet[WasteStreamName], Field(min_length=1)]


class TruckDetails(BaseModel):
    """What staff say about a truck they add; the municipality is theirs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    truck_id: RecordId
    name: str | None = Field(default=None, max_length=120)
    depot: Location
    volume_capacity_litres: int = Field(
        gt=0,
        le=1_000_000,
        description="litres of loose waste as it sits in bins (a compactor packs several into one)",
    )
    weight_capacity_kg: int = Field(gt=0, le=100_000, description="payload")
    waste_streams: WasteStreams
    shift: DailyWindow = Field(description="local time; the truck leaves the depot and is back within it")
    driver: str | None = Field(default=None, description="the staff username of its assigned driver")

    @field_serializer("waste_streams")
    def _sorted_streams(self, streams: frozenset[WasteStreamName]) -> list[str]:
        return sorted(streams)


class Truck(TruckDetails):
    """A truck of the municipality's collection fleet."""

    municipality: MunicipalityId


class DisposalSiteDetails(BaseModel):
    """A landfill, transfer station or recycling centre, as staff add it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site_id: RecordId
    name: str | None = Field(default=None, max_length=120)
    location: Location
    waste_streams: WasteStreams
    unload_minutes: int = Field(default=15, ge=0, le=240)

    @field_serializer("waste_streams")
    def _sorted_streams(self, streams: frozenset[WasteStreamName]) -> list[str]:
        return sorted(streams)


class DisposalSite(DisposalSiteDetails):
    """A landfill, transfer station or recycling centre."""

    municipality: MunicipalityId
