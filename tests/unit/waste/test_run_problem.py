"""From bins, trucks and sites to a run's routing problem (selection glue), and back to route plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from polis.devices.model import Location
from polis.routing import fallback
from polis.routing.forecast import FillForecast
from polis.routing.problem import WasteStream
from polis.routing.travel import HaversineProvider
from polis.waste.bins import Bin, WasteStreamName
from polis.waste.collection import DisposalSite, Truck
from polis.waste.errors import WasteRequestRefused
from polis.waste.run_problem import LEAST_SHIFT_LEFT, RunRequest, build_run_problem, plan_records
from polis.waste.time_of_day import DailyWindow, local_time, seconds_into

ATHENS = ZoneInfo("Europe/Athens")
DAY = date(2026, 5, 12)
# 07:00 in Chalkida (UTC+3 in May).
NOW = datetime(2026, 5, 12, 4, 0, tzinfo=UTC)
DEPOT = Location(latitude=38.45800, longitude=23.58100)
REQUEST = RunRequest(municipality="chalkida", run_id="run-1", trigger="schedule")
SITE = DisposalSite(
    municipality="chalkida",
    site_id="landfill",
    name="Landfill",
    location=Location(latitude=38.523, longitude=23.640),
    waste_streams=frozenset({"mixed", "recycling"}),
    unload_minutes=15,
)


def _truck(truck_id: str, streams: set[str], shift: tuple[int, int] = (6, 13)) -> Truck:
    return Truck(
        municipality="chalkida",
        truck_id=truck_id,
        name=f"Truck {truck_id}",
        depot=DEPOT,
        volume_capacity_litres=40_000,
        weight_capacity_kg=8_000,
        waste_streams=frozenset(streams),
        shift=DailyWindow(start=time(shift[0]), end=time(shift[1])),
        driver=f"driver-{truck_id}",
    )


def _bin(bin_id: str, east_m: float, stream: str = "mixed", access: DailyWindow | None = None) -> Bin:
    return Bin(
        municipality="chalkida",
        bin_id=bin_id,
        name=f"Bin {bin_id}",
        location=Location(latitude=38.4640, longitude=23.5900 + east_m / 87_000),
        depth_mm=1200,
        volume_litres=1100,
        waste_stream=stream,
        access=access,
    )


def _steady(fill_pct: float) -> FillForecast:
    return FillForecast(fill_now_pct=fill_pct, rate_pct_per_h=0.0, hours_to_full=None, readings_used=6)


BINS = [_bin("full", 0), _bin("low", 100), _bin("glass", 200, "glass"), _bin("half", 300)]
FORECASTS = {"full": _steady(95), "low": _steady(10), "glass": _steady(99), "half": _steady(60)}


def _build(now: datetime = NOW, trucks=None, bins=BINS, forecasts=FORECASTS):
    trucks = trucks if trucks is not None else [_truck("t1", {"mixed"})]
    return build_run_problem(REQUEST, now, ATHENS, bins, trucks, [SITE], forecasts)


def test_the_stream_names_are_the_routing_waste_streams():
    assert set(WasteStreamName.__args__) == {stream.value for stream in WasteStream}


def test_full_bins_must_be_collected_half_full_ones_may_and_nearly_empty_ones_are_left():
    problem = _build()

    stops = {stop.id: stop for stop in problem.stops}
    assert set(stops) == {"full", "half"}
    assert stops["full"].required
    assert not stops["half"].required
    assert stops["half"].penalty > 0
    assert stops["full"].volume_l == 1045
    assert problem.expected_fill == {"full": 95.0, "half": 60.0}


def test_only_the_selected_bins_become_places_after_the_depots_and_sites():
    problem = _build()

    assert [(p.kind, p.id) for p in problem.places] == [
        ("depot", "t1"),
        ("disposal", "landfill"),
        ("bin", "full"),
        ("bin", "half"),
    ]
    for stop in problem.stops:
        assert problem.places[stop.location].id == stop.id
    assert problem.disposal_sites[0].location == 1
    assert problem.disposal_sites[0].unload_s == 900


def test_a_bin_no_truck_or_site_takes_is_reported_not_routed():
    problem = _build(trucks=[_truck("t1", {"mixed", "glass"})])

    assert "glass" not in {stop.id for stop in problem.stops}
    assert problem.unroutable == {"glass": "no disposal site accepts glass waste"}
    assert _build().unroutable == {"glass": "no truck on this run takes glass waste"}


def test_shifts_start_no_earlier_than_now_on_the_local_clock():
    problem = _build()

    [vehicle] = problem.vehicles
    assert problem.service_day == DAY
    assert vehicle.shift.start_s == 7 * 3600  # now, 07:00, not the shift's 06:00
    assert vehicle.shift.end_s == 13 * 3600


def test_late_in_the_shift_the_run_plans_tomorrow_with_whole_shifts():
    late = local_time(DAY, time(13), ATHENS) - LEAST_SHIFT_LEFT + timedelta(minutes=1)

    problem = _build(late)

    assert problem.service_day == DAY + timedelta(days=1)
    assert problem.vehicles[0].shift.start_s == 6 * 3600
    assert problem.day_starts_at == datetime(2026, 5, 12, 21, 0, tzinfo=UTC)


def test_a_truck_whose_shift_is_nearly_over_stays_home_while_the_others_go():
    trucks = [_truck("early", {"mixed"}, (4, 8)), _truck("late", {"mixed"}, (6, 14))]

    assert [v.id for v in _build(trucks=trucks).vehicles] == ["late"]


def test_a_bins_access_hours_become_its_time_window():
    school = _bin("school", 50, access=DailyWindow(start=time(7), end=time(9)))

    problem = _build(bins=[school], forecasts={"school": _steady(97)})

    assert problem.stops[0].time_window.start_s == 7 * 3600
    assert problem.stops[0].time_window.end_s == 9 * 3600


def test_the_solvers_clock_counts_real_seconds_on_the_day_the_clocks_go_forward():
    spring = date(2026, 3, 29)
    assert seconds_into(spring, local_time(spring, time(6), ATHENS), ATHENS) == 5 * 3600


def test_a_municipality_without_trucks_cannot_be_routed():
    with pytest.raises(WasteRequestRefused, match="no trucks"):
        _build(trucks=[])


def test_a_solved_plan_becomes_routes_on_the_clock_with_names_and_expected_fill():
    problem = _build()
    plan = fallback.solve(problem.routing_problem(HaversineProvider().matrix(problem.locations)))

    record, [route] = plan_records(problem, plan, solve_error="ValueError: boom")

    assert (record.run_id, record.trigger, record.engine, record.solve_error) == (
        "run-1",
        "schedule",
        "fallback",
        "ValueError: boom",
    )
    assert record.trucks == ("t1",)
    assert record.unroutable == {"glass": "no truck on this run takes glass waste"}
    assert (route.truck_id, route.driver, route.depot) == ("t1", "driver-t1", DEPOT)
    assert [(v.kind, v.id) for v in route.visits][-1] == ("disposal", "landfill")
    first = route.visits[0]
    assert first.name == f"Bin {first.id}"
    assert first.expected_fill_pct == problem.expected_fill[first.id]
    assert route.start == NOW
    assert first.arrival > NOW
    assert route.end == local_time(DAY, time(0), ATHENS) + timedelta(seconds=plan.routes[0].end_s)
