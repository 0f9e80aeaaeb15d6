"""Each engine on tiny hand-made instances whose answers are known."""

from __future__ import annotations

import itertools

import pytest

from polis.routing.plan import build_plan, drop_until_drivable
from polis.routing.problem import DisposalSite, Problem, TimeWindow, Vehicle, WasteStream
from polis.routing.solver import solve

SOLVERS = ["ortools", "pyvrp"]
ALL = [*SOLVERS, "fallback"]
SECONDS = 1.0

# Eight stops around the depot; the best single tour is found by brute force below.
SCATTER = [
    (300, 900),
    (-500, 700),
    (800, -200),
    (-900, -600),
    (100, -1000),
    (600, 600),
    (-200, 300),
    (950, 250),
]


def brute_force_tour_cost(problem: Problem) -> int:
    dist = problem.matrix.distances_m
    places = [stop.location for stop in problem.stops]
    return min(
        int(sum(dist[a, b] for a, b in itertools.pairwise((0, *order, 0))))
        for order in itertools.permutations(places)
    )


@pytest.mark.parametrize("engine", SOLVERS)
def test_engines_find_the_optimal_tour(engine, make_problem):
    problem = make_problem(SCATTER)
    plan = solve(problem, SECONDS, engine)
    assert plan.feasible
    assert plan.cost == plan.distance_m == brute_force_tour_cost(problem)
    assert sorted(plan.served) == sorted(stop.id for stop in problem.stops)
    assert plan.engine == engine


@pytest.mark.parametrize("engine", ALL)
def test_full_trucks_unload_at_the_disposal_site_and_go_on(engine, make_problem):
    # Six 400 l bins, a 1000 l truck: at least three loads, and the truck must come home empty.
    problem = make_problem(SCATTER[:6], volume_l=400, capacity_l=1000, site=(2000, 0))
    plan = solve(problem, SECONDS, engine)
    assert plan.feasible, plan.violations
    (route,) = plan.routes
    assert route.visits[-1].kind == "disposal"
    assert route.disposal_trips >= 3
    assert route.peak_volume_l <= 1000
    assert route.collected_volume_l == 2400
    assert all(v.load_volume_l == 0 for v in route.visits if v.kind == "disposal")


@pytest.mark.parametrize("engine", ALL)
def test_weight_limits_a_trip_too(engine, make_problem):
    problem = make_problem(SCATTER[:4], volume_l=10, site=(0, 100))
    heavy = tuple(stop.model_copy(update={"weight_kg": 6000}) for stop in problem.stops)
    plan = solve(problem.model_copy(update={"stops": heavy}), SECONDS, engine)
    assert plan.feasible, plan.violations
    assert plan.routes[0].peak_weight_kg <= 10_000
    assert plan.routes[0].disposal_trips == 4


@pytest.mark.parametrize("engine", ALL)
def test_without_disposal_sites_each_truck_makes_one_trip(engine, make_problem):
    problem = make_problem(SCATTER, volume_l=300, capacity_l=1000, vehicles=4)
    plan = solve(problem, SECONDS, engine)
    assert plan.feasible, plan.violations
    assert sum(bool(route.visits) for route in plan.routes) >= 3
    assert all(route.collected_volume_l <= 1000 for route in plan.routes)


@pytest.mark.parametrize("engine", ALL)
def test_time_windows_and_shifts_are_respected(engine, make_problem):
    # The far stop (s8) opens late, the near one (s7) closes early: the natural sweep order breaks both.
    problem = make_problem(SCATTER)
    windows = {"s7": TimeWindow(start_s=0, end_s=200), "s8": TimeWindow(start_s=600, end_s=900)}
    stops = tuple(
        stop.model_copy(update={"time_window": windows.get(stop.id), "service_s": 30})
        for stop in problem.stops
    )
    shifted = problem.vehicles[0].model_copy(update={"shift": TimeWindow(start_s=0, end_s=1500)})
    problem = problem.model_copy(update={"stops": stops, "vehicles": (shifted,)})
    plan = solve(problem, SECONDS, engine)
    assert plan.feasible, plan.violations
    visits = {visit.id: visit for visit in plan.routes[0].visits}
    assert visits["s7"].start_s <= 200
    assert 600 <= visits["s8"].start_s <= 900
    assert plan.routes[0].end_s <= 1500


@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize(("penalty", "taken"), [(100, False), (50_000, True)])
def test_optional_far_bin_is_skipped_unless_its_penalty_pays_the_detour(engine, penalty, taken, make_problem):
    problem = make_problem([*SCATTER[:3], (10_000, 10_000)])
    far = problem.stops[-1].model_copy(update={"required": False, "penalty": penalty})
    plan = solve(problem.model_copy(update={"stops": (*problem.stops[:-1], far)}), SECONDS, engine)
    assert plan.feasible
    assert ("s4" in plan.served) is taken
    assert plan.skipped == (() if taken else ("s4",))
    assert plan.penalty == (0 if taken else penalty)
    assert plan.cost == plan.distance_m + plan.penalty


@pytest.mark.parametrize("engine", ALL)
def test_trucks_collect_only_their_own_stream(engine, make_problem):
    base = make_problem(SCATTER, site=(0, 1500))
    streams = [WasteStream.MIXED, WasteStream.RECYCLING]
    stops = tuple(s.model_copy(update={"stream": streams[i % 2]}) for i, s in enumerate(base.stops))
    vehicles = tuple(
        Vehicle(
            id=stream.value,
            depot=0,
            volume_capacity_l=1000,
            weight_capacity_kg=1000,
            streams=frozenset({stream}),
        )
        for stream in streams
    )
    plan = solve(base.model_copy(update={"stops": stops, "vehicles": vehicles}), SECONDS, engine)
    assert plan.feasible, plan.violations
    stream_of = {stop.id: stop.stream for stop in stops}
    for route in plan.routes:
        assert {stream_of[stop_id] for stop_id in route.stop_ids} == {WasteStream(route.vehicle_id)}


@pytest.mark.parametrize("engine", ALL)
def test_an_impossible_day_still_yields_routes_and_says_what_is_missing(engine, make_problem):
    problem = make_problem(SCATTER)
    short = problem.vehicles[0].model_copy(update={"shift": TimeWindow(start_s=0, end_s=250)})
    plan = solve(problem.model_copy(update={"vehicles": (short,)}), SECONDS, engine)
    assert not plan.feasible
    assert plan.drivable, plan.violations
    assert plan.unserved_required
    assert set(plan.unserved_required) | set(plan.served) == {stop.id for stop in problem.stops}


def test_build_plan_reports_every_broken_rule(make_problem):
    problem = make_problem(SCATTER[:3], volume_l=600, capacity_l=1000, site=(0, 100))
    late = problem.stops[0].model_copy(update={"time_window": TimeWindow(start_s=0, end_s=1)})
    glass = problem.stops[2].model_copy(update={"stream": WasteStream.GLASS, "required": False})
    site = DisposalSite(id="site", location=4, streams=frozenset({WasteStream.GLASS}))
    problem = Problem.model_construct(
        **{**dict(problem), "stops": (late, problem.stops[1], glass), "disposal_sites": (site,)}
    )
    plan = build_plan(
        problem,
        {
            "t0": [
                ("stop", "s1"),
                ("stop", "s2"),
                ("stop", "s1"),
                ("stop", "s3"),
                ("disposal", "site"),
                ("stop", "x"),
            ]
        },
        "test",
    )
    text = "\n".join(plan.violations)
    for expected in (
        "after its time window",
        "overloaded",
        "visited more than once",
        "does not take glass",
        "mixes waste streams",
        "does not accept",
        "unknown stop x",
    ):
        assert expected in text
    assert not plan.feasible


def test_build_plan_flags_a_loaded_return_and_a_late_one(make_problem):
    problem = make_problem(SCATTER[:1], site=(0, 100))
    late = Vehicle(
        id="t0", depot=0, volume_capacity_l=10, weight_capacity_kg=10, shift=TimeWindow(start_s=0, end_s=5)
    )
    plan = build_plan(problem.model_copy(update={"vehicles": (late,)}), {"t0": [("stop", "s1")]}, "test")
    assert any("loaded" in v for v in plan.violations)
    assert any("after its shift" in v for v in plan.violations)


def test_service_time_is_spent_at_each_stop(make_problem):
    plan = solve(make_problem(SCATTER[:2], service_s=45), SECONDS, "fallback")
    assert all(visit.departure_s - visit.start_s == 45 for visit in plan.routes[0].visits)


def test_an_overfull_route_loses_optional_stops_first_then_what_saves_most_time(make_problem):
    problem = make_problem([(100, 0), (200, 0), (5000, 0), (300, 0)])
    optional = problem.stops[3].model_copy(update={"required": False, "penalty": 10})
    # Long enough for the three near stops, not for the far one.
    shift = problem.vehicles[0].model_copy(update={"shift": TimeWindow(start_s=0, end_s=100)})
    problem = problem.model_copy(update={"stops": (*problem.stops[:3], optional), "vehicles": (shift,)})
    everything = {"t0": [("stop", stop.id) for stop in problem.stops]}
    trimmed = drop_until_drivable(problem, everything)
    assert trimmed == {"t0": [("stop", "s1"), ("stop", "s2")]}
    plan = build_plan(problem, trimmed, "test")
    assert plan.drivable
    assert plan.unserved_required == ("s3",)
    assert plan.skipped == ("s4",)
