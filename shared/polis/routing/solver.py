"""One entry point for every engine: ``solve(problem, time_limit_s, engine)``.

Engines are imported on first use so that callers which never route (the CLI's other commands,
most Lambda functions) do not pay for loading OR-Tools and PyVRP.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from polis.routing.plan import RoutePlan
from polis.routing.problem import Problem

EngineSolve = Callable[[Problem, float], RoutePlan]

_MODULES = {
    "portfolio": "polis.routing.portfolio",
    "ortools": "polis.routing.ortools_engine",
    "pyvrp": "polis.routing.pyvrp_engine",
    "fallback": "polis.routing.fallback",
}
ENGINES = tuple(_MODULES)


def engine_solver(engine: str) -> EngineSolve:
    if engine not in _MODULES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return importlib.import_module(_MODULES[engine]).solve


def solve(problem: Problem, time_limit_s: float, engine: str = "portfolio") -> RoutePlan:
    """Route ``problem`` within about ``time_limit_s`` seconds of wall time."""
    return engine_solver(engine)(problem, time_limit_s)
