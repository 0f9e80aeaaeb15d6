"""Waste collection through the API: the fleet, route plans, drivers on their routes; who may do what."""

from __future__ import annotations

import json
import time
from datetime import date, datetime

import boto3
import pytest
from polis_demo.chalkida import CHALKIDA_BINS
from polis_demo.simulator import seed_city

from polis.waste import routing_run
from polis.waste.run_problem import RunRequest
from polis.waste.store import bins as bin_store
from polis_local.aws import dispatch_lambda_invocations
from polis_local.users import LocalUser, LocalUserPools
from tests.integration.waste_day import MIXED_FULL, seed_collection_day

HERAKLION_ADMIN = LocalUser(
    "heraklion-admin", "staff", "admin@heraklion.example", "heraklion", ("municipality-admin",)
)
NEW_TRUCK = {
    "truck_id": "truck-15",
    "name": "Small refuse truck KHI-15",
    "depot": {"latitude": 38.458, "longitude": 23.581},
    "volume_capacity_litres": 18000,
    "weight_capacity_kg": 3000,
    "waste_streams": ["organic"],
    "shift": {"start": "06:00", "end": "12:00"},
    "driver": "chalkida-driver-1",
}


def _call(api, method: str, path: str, token: str, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    response = getattr(api.http, method)(
        path, headers=headers, body=None if body is None else json.dumps(body)
    )
    return response.status_code, json.loads(response.body) if response.body else None


@pytest.fixture
def fleet(api) -> None:
    seed_city(CHALKIDA_BINS, assets=())


@pytest.fixture
def planned(api, stack, monkeypatch) -> date:
    """A collection day in Chalkida, planned by the workflow's own steps (the instant fallback engine)."""
    monkeypatch.setenv("POLIS_ROUTING_BUCKET_NAME", stack.physical_name("RoutingBucket"))
    monkeypatch.setenv("POLIS_ROUTING_ENGINE", "fallback")
    now = seed_collection_day()
    run = routing_run.select_bins(
        RunRequest(municipality="chalkida", run_id="run-1", trigger="schedule"), now
    )
    run = routing_run.measure_travel(run)
    routing_run.store_plan(run, routing_run.solve_routes(run))
    return run.service_day


def test_an_admin_adds_a_truck_with_a_driver_and_staff_see_the_fleet(api, id_token, fleet):
    created, truck = _call(api, "post", "/v1/staff/waste/trucks", id_token("chalkida-admin"), NEW_TRUCK)
    status, listed = _call(api, "get", "/v1/staff/waste/trucks", id_token("chalkida-cleaning"))

    assert created == 201
    assert (truck["municipality"], truck["shift"]) == ("chalkida", {"start": "06:00:00", "end": "12:00:00"})
    assert status == 200
    assert [t["truck_id"] for t in listed["trucks"]] == ["truck-07", "truck-12", "truck-15"]
    status, sites = _call(api, "get", "/v1/staff/waste/disposal-sites", id_token("chalkida-cleaning"))
    assert [s["site_id"] for s in sites["disposal_sites"]] == ["chalkida-landfill"]


@pytest.mark.parametrize(
    ("change", "status", "why"),
    [
        ({"driver": "chalkida-cleaning"}, 422, "not a driver of chalkida"),
        ({"driver": "nobody"}, 422, "not a driver of chalkida"),
        ({"truck_id": "truck-07"}, 409, "already exists"),
        ({"waste_streams": ["lead"]}, 400, "waste_streams"),
        ({"shift": {"start": "14:00", "end": "06:00"}}, 400, "shift"),
        ({"volume_capacity_litres": 10**130}, 400, "volume_capacity_litres"),
        ({"waste_streams": ["organic", "organic"]}, 400, "waste_streams"),
    ],
)
def test_a_truck_needs_a_real_driver_a_new_id_and_valid_fields(api, id_token, fleet, change, status, why):
    answered, body = _call(
        api, "post", "/v1/staff/waste/trucks", id_token("chalkida-admin"), NEW_TRUCK | change
    )

    assert answered == status
    assert why in json.dumps(body)


def test_only_the_admin_adds_trucks_and_sites(api, id_token, fleet):
    cleaning = id_token("chalkida-cleaning")
    site = {"site_id": "kday", "location": {"latitude": 38.47, "longitude": 23.6}, "waste_streams": ["paper"]}

    assert _call(api, "post", "/v1/staff/waste/trucks", cleaning, NEW_TRUCK)[0] == 403
    assert _call(api, "post", "/v1/staff/waste/disposal-sites", cleaning, site)[0] == 403
    assert _call(api, "post", "/v1/staff/waste/disposal-sites", id_token("chalkida-admin"), site)[0] == 201


def test_a_driver_gets_the_route_in_order_with_its_path_and_load(api, id_token, planned):
    status, route = _call(api, "get", "/v1/staff/waste/trucks/truck-07/route", id_token("chalkida-driver-1"))

    assert status == 200
    assert route["service_day"] == planned.isoformat()
    stops = [v for v in route["visits"] if v["kind"] == "stop"]
    assert {v["bin_id"] for v in stops} == MIXED_FULL
    assert [v["seq"] for v in route["visits"]] == list(range(1, len(route["visits"]) + 1))
    assert route["visits"][-1]["kind"] == "disposal"
    arrivals = [v["arrival"] for v in route["visits"]]
    assert arrivals == sorted(arrivals)
    depot = [23.581, 38.458]
    path = route["path"]
    assert (path["type"], path["coordinates"][0], path["coordinates"][-1]) == ("LineString", depot, depot)
    assert path["coordinates"][1:-1] == [v["coordinates"] for v in route["visits"]]
    assert route["expected_load"]["volume_l"] == sum(
        round(1100 * v["expected_fill_pct"] / 100) for v in stops
    )
    assert route["progress"] == {"collected": 0, "stops": 4}


def test_a_confirmed_pickup_empties_the_bin_and_counts_towards_progress(api, id_token, planned):
    driver = id_token("chalkida-driver-1")

    status, confirmed = _call(
        api, "post", "/v1/staff/waste/trucks/truck-07/route/stops/chk-0001/pickup", driver
    )
    again, repeated = _call(
        api, "post", "/v1/staff/waste/trucks/truck-07/route/stops/chk-0001/pickup", driver
    )

    assert (status, confirmed["collected_by"], confirmed["progress"]) == (
        200,
        "chalkida-driver-1",
        {"collected": 1, "stops": 4},
    )
    assert (again, repeated["collected_at"], repeated["progress"]["collected"]) == (
        200,
        confirmed["collected_at"],
        1,
    )
    emptied = bin_store.get_bin("chalkida", "chk-0001")
    assert emptied.fill_pct == 0.0
    assert emptied.observed_at == datetime.fromisoformat(confirmed["collected_at"])
    status, plan = _call(api, "get", f"/v1/staff/waste/route-plans/{planned}", id_token("chalkida-cleaning"))
    assert status == 200
    assert plan["progress"] == {
        "truck-07": {"collected": 1, "stops": 4},
        "truck-12": {"collected": 0, "stops": 1},
    }
    stop = next(v for v in plan["routes"][0]["visits"] if v.get("bin_id") == "chk-0001")
    assert stop["collected_by"] == "chalkida-driver-1"


def test_a_pickup_of_a_bin_not_on_the_route_is_not_found(api, id_token, planned):
    driver = id_token("chalkida-driver-1")

    status, body = _call(api, "post", "/v1/staff/waste/trucks/truck-07/route/stops/chk-0005/pickup", driver)

    assert status == 404
    assert "not a stop" in body["Message"]
    assert bin_store.get_bin("chalkida", "chk-0005").fill_pct is None


def test_a_plan_is_asked_for_by_its_day_or_as_today(api, id_token, planned):
    cleaning = id_token("chalkida-cleaning")

    status, plan = _call(api, "get", f"/v1/staff/waste/route-plans/{planned}", cleaning)
    malformed, body = _call(api, "get", "/v1/staff/waste/route-plans/yesterday", cleaning)

    assert (status, plan["service_day"]) == (200, planned.isoformat())
    assert _call(api, "get", "/v1/staff/waste/route-plans/today", cleaning)[0] in (200, 404)
    assert malformed == 400
    assert {e["field"] for e in body["errors"]} == {"day"}


def test_staff_list_the_plans_of_recent_days(api, id_token, planned):
    status, listed = _call(api, "get", "/v1/staff/waste/route-plans", id_token("chalkida-cleaning"))

    assert status == 200
    [plan] = listed["route_plans"]
    assert (plan["service_day"], plan["run_id"], plan["engine"]) == (planned.isoformat(), "run-1", "fallback")
    assert sorted(plan["trucks"]) == ["truck-07", "truck-12"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/staff/waste/trucks/truck-07/route"),
        ("post", "/v1/staff/waste/trucks/truck-07/route/stops/chk-0001/pickup"),
    ],
)
def test_driving_a_route_needs_the_driver_role(api, id_token, planned, method, path):
    assert _call(api, method, path, id_token("chalkida-cleaning"))[0] == 403
    assert _call(api, method, path, id_token("chalkida-admin"))[0] == 200


def test_another_municipality_finds_none_of_it(api, stack, id_token, planned):
    LocalUserPools(stack).create_user(HERAKLION_ADMIN)
    token = id_token(HERAKLION_ADMIN)

    assert _call(api, "get", "/v1/staff/waste/trucks/truck-07/route", token)[0] == 404
    assert _call(api, "post", "/v1/staff/waste/trucks/truck-07/route/stops/chk-0001/pickup", token)[0] == 404
    assert _call(api, "get", f"/v1/staff/waste/route-plans/{planned}", token)[0] == 404
    assert _call(api, "get", "/v1/staff/waste/trucks", token)[1] == {"trucks": []}


def test_staff_of_the_cleaning_department_start_a_run(api, stack, runtime, id_token, fleet):
    dispatch_lambda_invocations(runtime)

    status, started = _call(api, "post", "/v1/staff/waste/routing-runs", id_token("chalkida-cleaning"))

    assert status == 202
    assert (started["municipality"], started["trigger"]) == ("chalkida", "staff")
    sfn = boto3.client("stepfunctions")
    execution = sfn.describe_execution(executionArn=started["execution_arn"])
    assert execution["name"] == started["run_id"]
    assert json.loads(execution["input"]) == {
        "municipality": "chalkida",
        "trigger": "staff",
        "requested_by": "chalkida-cleaning",
    }
    assert _call(api, "post", "/v1/staff/waste/routing-runs", id_token("chalkida-driver-1"))[0] == 403
    # No sensor has reported yet, so nothing is due: the run ends at once.
    deadline = time.monotonic() + 30
    while sfn.describe_execution(executionArn=started["execution_arn"])["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert sfn.describe_execution(executionArn=started["execution_arn"])["status"] == "SUCCEEDED"
