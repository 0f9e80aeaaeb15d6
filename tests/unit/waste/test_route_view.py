"""A stored route as drivers and staff see it: ordered visits, the GeoJSON path, load and progress."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from polis.devices.model import Location
from polis.waste.route_plans import Pickup, PlannedRoute, PlannedVisit, RoutePlanRecord, plan_view, route_view

START = datetime(2026, 5, 12, 3, 0, tzinfo=UTC)
DEPOT = Location(latitude=38.458, longitude=23.581)


def _visit(kind: str, visit_id: str, minutes: int, lat: float, lon: float, load: int) -> PlannedVisit:
    return PlannedVisit(
        kind=kind,
        id=visit_id,
        name=visit_id.upper(),
        location=Location(latitude=lat, longitude=lon),
        arrival=START + timedelta(minutes=minutes),
        departure=START + timedelta(minutes=minutes + 1),
        load_volume_l=load,
        load_weight_kg=load // 10,
        expected_fill_pct=90.0 if kind == "stop" else None,
    )


ROUTE = PlannedRoute(
    municipality="chalkida",
    service_day=date(2026, 5, 12),
    run_id="run-1",
    truck_id="truck-07",
    truck_name="KHI-7",
    driver="chalkida-driver-1",
    depot=DEPOT,
    start=START,
    end=START + timedelta(hours=2),
    distance_m=24_000,
    collected_volume_l=2000,
    collected_weight_kg=200,
    peak_volume_l=2000,
    peak_weight_kg=200,
    visits=(
        _visit("stop", "chk-0001", 10, 38.4655, 23.5925, 1000),
        _visit("stop", "chk-0002", 15, 38.4627, 23.5898, 2000),
        _visit("disposal", "landfill", 45, 38.523, 23.640, 0),
    ),
    pickups={"chk-0002": Pickup(at=START + timedelta(minutes=16), by="chalkida-driver-1")},
)


def test_visits_come_in_driving_order_with_bin_and_site_ids_and_pickups():
    view = route_view(ROUTE).model_dump(mode="json")

    assert [(v["seq"], v["kind"], v.get("bin_id") or v.get("site_id")) for v in view["visits"]] == [
        (1, "stop", "chk-0001"),
        (2, "stop", "chk-0002"),
        (3, "disposal", "landfill"),
    ]
    assert view["visits"][0]["coordinates"] == [23.5925, 38.4655]
    assert view["visits"][0]["collected_at"] is None
    assert view["visits"][1]["collected_by"] == "chalkida-driver-1"
    assert view["progress"] == {"collected": 1, "stops": 2}


def test_the_path_runs_from_the_depot_through_every_visit_and_back_longitude_first():
    path = route_view(ROUTE).model_dump(mode="json")["path"]

    assert path == {
        "type": "LineString",
        "coordinates": [
            [23.581, 38.458],
            [23.5925, 38.4655],
            [23.5898, 38.4627],
            [23.64, 38.523],
            [23.581, 38.458],
        ],
    }


def test_the_expected_load_is_what_the_truck_collects_and_its_fullest_moment():
    assert route_view(ROUTE).model_dump(mode="json")["expected_load"] == {
        "volume_l": 2000,
        "weight_kg": 200,
        "peak_volume_l": 2000,
        "peak_weight_kg": 200,
    }


def test_the_plan_view_gives_each_trucks_progress():
    plan = RoutePlanRecord(
        municipality="chalkida",
        service_day=date(2026, 5, 12),
        run_id="run-1",
        trigger="schedule",
        created_at=START,
        engine="portfolio:ortools",
        distance_m=24_000,
        feasible=True,
        trucks=("truck-07",),
    )

    view = plan_view(plan, [ROUTE]).model_dump(mode="json")

    assert view["progress"] == {"truck-07": {"collected": 1, "stops": 2}}
    assert view["engine"] == "portfolio:ortools"
    assert [r["truck_id"] for r in view["routes"]] == ["truck-07"]
