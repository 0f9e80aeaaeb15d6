"""CVRPLIB benchmark instances (TSPLIB/VRPLIB ``.vrp`` and ``.sol`` files) for the engines.

Conventions, as CVRPLIB uses them: ``EUC_2D`` distances are Euclidean rounded to the nearest
integer (TSPLIB ``nint``); node 1 is the depot; a route's cost is the sum of its rounded edges,
depot to depot. A ``.sol`` file numbers customers 1..n-1, i.e. TSPLIB node ``k + 1`` is customer
``k``, and this module uses that numbering in and out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polis.routing.plan import SolverFailedError
from polis.routing.problem import Problem, Stop, TravelMatrix, Vehicle
from polis.routing.solver import solve


@dataclass(frozen=True)
class VrplibInstance:
    name: str
    capacity: int
    # Row k is TSPLIB node k + 1; row 0 is the depot.
    coordinates: np.ndarray
    demands: np.ndarray

    @property
    def customers(self) -> int:
        return len(self.demands) - 1


def read_instance(path: str | Path) -> VrplibInstance:
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = []
        elif ":" in line:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip().strip('"')
            current = None
        elif current is not None:
            sections[current].append(line.split())
    if header.get("EDGE_WEIGHT_TYPE") != "EUC_2D":
        raise ValueError(f"{path}: only EDGE_WEIGHT_TYPE EUC_2D is supported")
    depots = [int(row[0]) for row in sections.get("DEPOT_SECTION", [["1"]]) if int(row[0]) != -1]
    if depots != [1]:
        raise ValueError(f"{path}: the depot must be node 1 alone, got {depots}")
    dimension = int(header["DIMENSION"])
    coordinates = _by_node(sections["NODE_COORD_SECTION"], dimension, float)
    demands = _by_node(sections["DEMAND_SECTION"], dimension, int)[:, 0]
    return VrplibInstance(
        name=header.get("NAME", Path(path).stem),
        capacity=int(header["CAPACITY"]),
        coordinates=coordinates,
        demands=demands,
    )


def _by_node(rows: list[list[str]], dimension: int, kind: type) -> np.ndarray:
    if len(rows) != dimension:
        raise ValueError(f"expected {dimension} rows, got {len(rows)}")
    ordered = sorted(rows, key=lambda row: int(row[0]))
    if [int(row[0]) for row in ordered] != list(range(1, dimension + 1)):
        raise ValueError("nodes must be numbered 1..DIMENSION")
    return np.array([[kind(value) for value in row[1:]] for row in ordered])


def read_solution(path: str | Path) -> tuple[list[list[int]], int | None]:
    """Routes (customer numbers) and the cost the file states, if it states one."""
    routes, cost = [], None
    for line in Path(path).read_text().splitlines():
        if line.startswith("Route"):
            routes.append([int(customer) for customer in line.partition(":")[2].split()])
        elif line.startswith("Cost"):
            cost = int(float(line.split()[1]))
    return routes, cost


def distance_matrix(instance: VrplibInstance) -> np.ndarray:
    delta = instance.coordinates[:, None, :] - instance.coordinates[None, :, :]
    # TSPLIB nint: round half up, not numpy's round half to even.
    return np.floor(np.sqrt((delta**2).sum(axis=2)) + 0.5).astype(np.int64)


def route_cost(instance: VrplibInstance, routes: list[list[int]]) -> int:
    distances = distance_matrix(instance)
    return sum(int(distances[[0, *route], [*route, 0]].sum()) for route in routes if route)


def to_problem(instance: VrplibInstance) -> Problem:
    """Pure capacity mode: no times, and one truck per customer so the fleet never binds."""
    distances = distance_matrix(instance)
    return Problem(
        matrix=TravelMatrix(distances_m=distances, durations_s=np.zeros_like(distances)),
        vehicles=tuple(
            Vehicle(id=f"v{k}", depot=0, volume_capacity_l=instance.capacity, weight_capacity_kg=1)
            for k in range(1, instance.customers + 1)
        ),
        stops=tuple(
            Stop(id=str(k), location=k, volume_l=int(instance.demands[k]))
            for k in range(1, instance.customers + 1)
        ),
    )


def solve_vrplib(path: str | Path, seconds: float, engine: str = "portfolio") -> dict[str, Any]:
    instance = read_instance(path)
    plan = solve(to_problem(instance), seconds, engine=engine)
    if not plan.feasible:
        raise SolverFailedError(f"{engine} returned no feasible plan: {plan.violations[:3]}")
    routes = [[int(stop_id) for stop_id in route.stop_ids] for route in plan.routes if route.stop_ids]
    return {"cost": route_cost(instance, routes), "routes": routes}
