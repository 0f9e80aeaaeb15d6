"""GeoJSON (RFC 7946) as models: what maps and open-data clients read, longitude first."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from polis.devices.model import Location


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float]

    @classmethod
    def at(cls, location: Location) -> Point:
        return cls(coordinates=(location.longitude, location.latitude))


class LineString(BaseModel):
    type: Literal["LineString"] = "LineString"
    coordinates: list[tuple[float, float]]


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str | None = None
    geometry: Point | LineString | None
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
