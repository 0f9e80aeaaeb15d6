"""Travel matrices: how far (m) and how long (s) between places given as lat/lon.

A road-network provider (OSRM, Valhalla, a commercial API) can replace the default by
implementing :class:`TravelMatrixProvider`; the solvers only ever see the integer matrices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from polis.routing.problem import Location, TravelMatrix

EARTH_RADIUS_M = 6_371_008.8


class TravelMatrixProvider(Protocol):
    def matrix(self, locations: Sequence[Location]) -> TravelMatrix: ...


@dataclass(frozen=True)
class HaversineProvider:
    """Great-circle distance times a detour factor, driven at a constant average speed.

    Streets are rarely straight: 1.3 is a common urban ratio of road to crow-fly distance. The
    default speed is that of a collection truck in town, stops excluded (they are service time).
    """

    detour_factor: float = 1.3
    speed_kmh: float = 25.0

    def __post_init__(self) -> None:
        if self.detour_factor < 1:
            raise ValueError("a road is never shorter than the straight line: detour_factor >= 1")
        if self.speed_kmh <= 0:
            raise ValueError("speed_kmh must be positive")

    def matrix(self, locations: Sequence[Location]) -> TravelMatrix:
        lat = np.radians([loc.lat for loc in locations])
        lon = np.radians([loc.lon for loc in locations])
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
        metres = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))) * self.detour_factor
        seconds = metres / (self.speed_kmh / 3.6)
        return TravelMatrix(distances_m=np.rint(metres), durations_s=np.rint(seconds))
