"""Small hand-made routing problems on a plane, so optima can be checked by hand or brute force."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from polis.routing.problem import DisposalSite, Problem, Stop, TravelMatrix, Vehicle, WasteStream

CVRPLIB = Path(__file__).resolve().parents[2] / "data" / "cvrplib"
# Trucks in these problems drive at 10 m/s, so durations are distances / 10.
SPEED_M_PER_S = 10


def planar_matrix(points: Sequence[tuple[float, float]]) -> TravelMatrix:
    xy = np.array(points, dtype=float)
    metres = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    return TravelMatrix(distances_m=metres, durations_s=np.rint(metres / SPEED_M_PER_S))


@pytest.fixture
def cvrplib() -> Path:
    return CVRPLIB


@pytest.fixture
def make_problem() -> Callable[..., Problem]:
    """Depot at place 0, stops at places 1..n; ``site`` adds a disposal site as the last place."""

    def make(
        stops: Sequence[tuple[float, float]],
        *,
        volume_l: int = 1,
        capacity_l: int = 1000,
        vehicles: int = 1,
        site: tuple[float, float] | None = None,
        **stop_fields: object,
    ) -> Problem:
        points = [(0.0, 0.0), *stops, *([site] if site else [])]
        return Problem(
            matrix=planar_matrix(points),
            vehicles=tuple(
                Vehicle(id=f"t{k}", depot=0, volume_capacity_l=capacity_l, weight_capacity_kg=10_000)
                for k in range(vehicles)
            ),
            stops=tuple(
                Stop(id=f"s{i}", location=i, volume_l=volume_l, **stop_fields)
                for i in range(1, len(stops) + 1)
            ),
            disposal_sites=(
                (
                    DisposalSite(
                        id="site", location=len(points) - 1, streams=frozenset(WasteStream), unload_s=60
                    ),
                )
                if site
                else ()
            ),
        )

    return make
