"""The solver-neutral waste-collection routing problem.

Units, everywhere in ``polis.routing``:

- distance: metres (int); a problem read from VRPLIB uses its own rounded Euclidean unit instead;
- time: seconds (int) from a reference instant the caller chooses, usually midnight of the
  service day, so a shift from 06:00 to 14:00 is ``TimeWindow(start_s=21600, end_s=50400)``;
- volume: litres (int) of loose waste as it sits in the bins, so truck capacities are in
  bin-litres too (a compactor body holds several times its geometric volume);
- weight: kilograms (int);
- cost and penalties: metres of driving, so skipping an optional bin with penalty 800 is worth
  the same to the solver as 800 m of extra route.

Places are indices into one travel matrix. Coordinates are optional because benchmark instances
come with planar coordinates and a matrix of their own; the city builds its problems from lat/lon
with a :class:`~polis.routing.travel.TravelMatrixProvider`.

A truck that is full drives to a disposal site that accepts its waste stream, unloads and goes on
collecting (multi-trip). When the problem has disposal sites, a truck must also return to its
depot empty, so its last trip ends at a disposal site; without disposal sites (classic CVRP) each
truck makes one trip, depot to depot.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NonNegativeInt = Annotated[int, Field(ge=0)]


class WasteStream(StrEnum):
    MIXED = "mixed"
    RECYCLING = "recycling"
    ORGANIC = "organic"
    PAPER = "paper"
    GLASS = "glass"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Frozen):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class TimeWindow(_Frozen):
    start_s: NonNegativeInt
    end_s: NonNegativeInt

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end_s < self.start_s:
            raise ValueError(f"time window ends ({self.end_s}) before it starts ({self.start_s})")
        return self


class Stop(_Frozen):
    """A bin to collect; a required one must be served, an optional one costs ``penalty`` if not."""

    id: str = Field(min_length=1)
    location: NonNegativeInt
    volume_l: NonNegativeInt
    weight_kg: NonNegativeInt = 0
    service_s: NonNegativeInt = 0
    time_window: TimeWindow | None = None
    stream: WasteStream = WasteStream.MIXED
    required: bool = True
    penalty: NonNegativeInt = 0


class Vehicle(_Frozen):
    """A truck; ``shift`` bounds when it may leave and must be back at its depot (None: any time)."""

    id: str = Field(min_length=1)
    depot: NonNegativeInt
    volume_capacity_l: int = Field(gt=0)
    weight_capacity_kg: int = Field(gt=0)
    streams: frozenset[WasteStream] = frozenset({WasteStream.MIXED})
    shift: TimeWindow | None = None

    @field_validator("streams")
    @classmethod
    def _takes_something(cls, streams: frozenset[WasteStream]) -> frozenset[WasteStream]:
        if not streams:
            raise ValueError("a vehicle must take at least one waste stream")
        return streams


class DisposalSite(_Frozen):
    """Where trucks unload (landfill, transfer station, recycling centre)."""

    id: str = Field(min_length=1)
    location: NonNegativeInt
    streams: frozenset[WasteStream]
    unload_s: NonNegativeInt = 0


class TravelMatrix(_Frozen):
    """Integer travel distances (m) and durations (s) between every pair of places, row = from."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    distances_m: np.ndarray
    durations_s: np.ndarray

    @field_validator("distances_m", "durations_s", mode="before")
    @classmethod
    def _square_non_negative(cls, value: object) -> np.ndarray:
        array = np.array(value, dtype=np.int64)
        if array.ndim != 2 or array.shape[0] != array.shape[1]:
            raise ValueError(f"a travel matrix must be square, got shape {array.shape}")
        if (array < 0).any():
            raise ValueError("travel distances and durations must be non-negative")
        if np.diagonal(array).any():
            raise ValueError("travelling from a place to itself must be free")
        # Frozen models hand this array to several solvers: nobody may change it under them.
        array.setflags(write=False)
        return array

    @model_validator(mode="after")
    def _same_shape(self) -> Self:
        if self.distances_m.shape != self.durations_s.shape:
            raise ValueError("the distance and duration matrices must have the same shape")
        return self

    @property
    def size(self) -> int:
        return int(self.distances_m.shape[0])


class Problem(_Frozen):
    matrix: TravelMatrix
    vehicles: tuple[Vehicle, ...] = Field(min_length=1)
    stops: tuple[Stop, ...]
    disposal_sites: tuple[DisposalSite, ...] = ()
    locations: tuple[Location, ...] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        size = self.matrix.size
        if self.locations is not None and len(self.locations) != size:
            raise ValueError(f"{len(self.locations)} locations for a {size}x{size} travel matrix")
        for kind, items in (("stop", self.stops), ("vehicle", self.vehicles), ("site", self.disposal_sites)):
            ids = [item.id for item in items]
            if len(set(ids)) != len(ids):
                raise ValueError(f"{kind} ids must be unique")
            for item in items:
                place = item.depot if isinstance(item, Vehicle) else item.location
                if place >= size:
                    raise ValueError(f"{kind} {item.id} is at place {place}, beyond the travel matrix")
        for stop in self.stops:
            if stop.required:
                self._check_servable(stop)
        return self

    def _check_servable(self, stop: Stop) -> None:
        # Fail here rather than let every solver return an infeasible plan for a modelling slip.
        takers = [v for v in self.vehicles if stop.stream in v.streams]
        if not takers:
            raise ValueError(f"required stop {stop.id}: no vehicle takes {stop.stream} waste")
        if not any(
            v.volume_capacity_l >= stop.volume_l and v.weight_capacity_kg >= stop.weight_kg for v in takers
        ):
            raise ValueError(f"required stop {stop.id} is larger than any truck that takes its stream")
        if self.disposal_sites and not any(stop.stream in site.streams for site in self.disposal_sites):
            raise ValueError(f"required stop {stop.id}: no disposal site accepts {stop.stream} waste")

    @property
    def multi_trip(self) -> bool:
        return bool(self.disposal_sites)

    @property
    def has_time_limits(self) -> bool:
        return any(s.time_window for s in self.stops) or any(v.shift for v in self.vehicles)
