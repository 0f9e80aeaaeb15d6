"""Run both engines side by side on the same budget and keep the better plan.

Each engine runs in its own process: OR-Tools keeps the GIL for all of ``SolveWithParameters``
and PyVRP drives its search from Python, so in two threads they take turns (measured: two 5 s
budgets on X-n101-k25 took 10 s of wall time and one core). The processes are forked: they
start in milliseconds with the engines already imported and the problem already in memory, and
unlike spawn or a fork server they do not re-import the caller's main module, so a script needs
no ``__main__`` guard. Plans return through pipes rather than queues because AWS Lambda has no
``/dev/shm`` for the latter.

Each engine gets the whole budget, exactly as when it runs alone, so the result is never worse
than the better engine alone, up to the timing noise of a time-limited search; the price is the
tens of milliseconds it takes to fork and to send the plans home. The result is never missing
either: when no engine delivers a feasible plan in time, the fallback construction competes too.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkProcess
from typing import cast

from polis.routing import fallback, ortools_engine, pyvrp_engine
from polis.routing.plan import RoutePlan
from polis.routing.problem import Problem
from polis.routing.solver import EngineSolve

NAME = "portfolio"
# Imported here, before any fork, so that no child pays for loading a solver.
_ENGINES: dict[str, EngineSolve] = {
    ortools_engine.NAME: ortools_engine.solve,
    pyvrp_engine.NAME: pyvrp_engine.solve,
}
ENGINES = tuple(_ENGINES)

# How long past the budget a late engine is still waited for before it is killed.
_GRACE_S = 2.0

_log = logging.getLogger(__name__)
_context = multiprocessing.get_context("fork")


def solve(problem: Problem, time_limit_s: float, engines: tuple[str, ...] = ENGINES) -> RoutePlan:
    deadline = time.monotonic() + time_limit_s + _GRACE_S
    running: dict[Connection, tuple[str, ForkProcess]] = {}
    for engine in engines:
        receiver, sender = _context.Pipe(duplex=False)
        process = _context.Process(target=_run, args=(engine, problem, time_limit_s, sender), daemon=True)
        process.start()
        sender.close()
        running[receiver] = (engine, process)

    plans = []
    while running and (remaining := deadline - time.monotonic()) > 0:
        # typeshed's wait() returns the union of all it accepts; given Connections, it returns them.
        for receiver in cast(list[Connection], wait(list(running), timeout=remaining)):
            engine, process = running.pop(receiver)
            try:
                status, payload = receiver.recv()
            except EOFError:
                status, payload = "error", "its process died"
            process.join(_GRACE_S)
            if status == "ok":
                plans.append(payload)
            else:
                _log.warning("routing engine %s failed: %s", engine, payload)
            receiver.close()
    for receiver, (engine, process) in running.items():
        _log.warning("routing engine %s missed its %.1f s budget and was stopped", engine, time_limit_s)
        process.kill()
        receiver.close()
    best = min(plans, key=RoutePlan.rank, default=None)
    if best is None or not best.feasible:
        plans.append(fallback.solve(problem))
        best = min(plans, key=RoutePlan.rank)
    return best.model_copy(update={"engine": f"{NAME}:{best.engine}"})


def _run(engine: str, problem: Problem, time_limit_s: float, sender: Connection) -> None:
    try:
        sender.send(("ok", _ENGINES[engine](problem, time_limit_s)))
    except Exception as error:
        sender.send(("error", repr(error)))
    finally:
        sender.close()
