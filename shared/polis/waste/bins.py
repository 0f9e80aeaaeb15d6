"""Bins and their fill level as the bin's ultrasonic sensor sees it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from polis.devices.model import Location
from polis.geojson import Feature, FeatureCollection, Point
from polis.municipality import MunicipalityId
from polis.readings import Reading
from polis.waste.time_of_day import DailyWindow

WasteStreamName = Literal["mixed", "recycling", "organic", "paper", "glass"]
"""What a bin holds and a truck or disposal site takes (polis.routing's ``WasteStream`` values)."""


class Bin(BaseModel):
    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    bin_id: str = Field(min_length=1, max_length=64)
    name: str | None = None
    location: Location
    depth_mm: float = Field(gt=0, description="from the sensor face to the bin floor")
    volume_litres: float = Field(gt=0)
    waste_stream: WasteStreamName = "mixed"
    full_threshold_pct: float = Field(default=80, gt=0, le=100)
    dev_eui: str | None = None
    fill_pct: float | None = Field(default=None, ge=0, le=100)
    observed_at: datetime | None = None
    access: DailyWindow | None = Field(
        default=None, description="when a truck can reach it (a pedestrian street); None: any time"
    )

    @property
    def is_full(self) -> bool:
        return self.fill_pct is not None and self.fill_pct >= self.full_threshold_pct


def fill_percentage(distance_mm: float, depth_mm: float) -> float:
    """Share of the bin's depth taken by waste; readings past the floor or the sensor are clamped."""
    filled = (depth_mm - distance_mm) / depth_mm * 100
    return round(min(100.0, max(0.0, filled)), 1)


def with_reading(bin_: Bin, reading: Reading) -> Bin | None:
    """The bin's new state from a reading, or None when the reading tells nothing newer."""
    distance = reading.number("distance")
    if distance is None:
        return None
    if bin_.observed_at is not None and reading.observed_at <= bin_.observed_at:
        return None
    return bin_.model_copy(
        update={"fill_pct": fill_percentage(distance, bin_.depth_mm), "observed_at": reading.observed_at}
    )


def bins_geojson(bins: list[Bin]) -> FeatureCollection:
    """A GeoJSON FeatureCollection (RFC 7946: longitude first) of bins with their fill level."""
    return FeatureCollection(
        features=[
            Feature(
                id=b.bin_id,
                geometry=Point.at(b.location),
                properties={
                    "municipality": b.municipality,
                    "bin_id": b.bin_id,
                    "name": b.name,
                    "waste_stream": b.waste_stream,
                    "volume_litres": b.volume_litres,
                    "fill_pct": b.fill_pct,
                    "full": b.is_full,
                    "observed_at": b.observed_at.isoformat() if b.observed_at else None,
                },
            )
            for b in bins
        ],
    )
