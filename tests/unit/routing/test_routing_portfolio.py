from __future__ import annotations

import time

import pytest

from polis.routing import portfolio
from polis.routing.plan import build_plan
from polis.routing.solver import solve
from polis.routing.vrplib import read_instance, to_problem

LINE = [(100, 0), (200, 0), (300, 0), (400, 0)]


@pytest.fixture
def line(make_problem):
    return make_problem(LINE)


def _plans(problem):
    ids = [("stop", stop.id) for stop in problem.stops]
    return {
        "good": build_plan(problem, {"t0": ids}, "good"),
        "poor": build_plan(problem, {"t0": [ids[2], ids[0], ids[3], ids[1]]}, "poor"),
        # Cheapest of all, but it leaves a required stop behind.
        "broken": build_plan(problem, {"t0": ids[:2]}, "broken"),
    }


def _engines(problem, monkeypatch, behaviour):
    plans = _plans(problem)

    def engine(name):
        def run(_problem, _seconds):
            if name == "raises":
                raise RuntimeError("boom")
            if name == "hangs":
                time.sleep(60)
            return plans[name]

        return run

    for name in behaviour:
        monkeypatch.setitem(portfolio._ENGINES, name, engine(name))
    return plans


def test_portfolio_keeps_the_cheaper_plan(line, monkeypatch):
    plans = _engines(line, monkeypatch, ["poor", "good"])
    plan = portfolio.solve(line, 1.0, engines=("poor", "good"))
    assert plan.cost == plans["good"].cost < plans["poor"].cost
    assert plan.engine == "portfolio:good"


def test_portfolio_prefers_a_feasible_plan_to_a_cheaper_broken_one(line, monkeypatch):
    plans = _engines(line, monkeypatch, ["broken", "poor"])
    plan = portfolio.solve(line, 1.0, engines=("broken", "poor"))
    assert plans["broken"].cost < plans["poor"].cost
    assert plan.engine == "portfolio:poor"
    assert plan.feasible


def test_portfolio_falls_back_when_every_engine_fails(line, monkeypatch):
    _engines(line, monkeypatch, ["raises", "broken"])
    plan = portfolio.solve(line, 1.0, engines=("raises", "broken"))
    assert plan.engine == "portfolio:fallback"
    assert plan.feasible


def test_portfolio_stops_an_engine_that_overruns(line, monkeypatch):
    plans = _engines(line, monkeypatch, ["hangs", "good"])
    started = time.monotonic()
    plan = portfolio.solve(line, 0.5, engines=("hangs", "good"))
    assert time.monotonic() - started < 0.5 + portfolio._GRACE_S + 1
    assert plan.cost == plans["good"].cost


def test_portfolio_is_never_worse_than_either_engine(cvrplib):
    problem = to_problem(read_instance(cvrplib / "A-n32-k5.vrp"))
    alone = [solve(problem, 1.0, engine).cost for engine in portfolio.ENGINES]
    together = solve(problem, 1.0, "portfolio")
    assert together.feasible
    assert together.cost <= min(alone)
