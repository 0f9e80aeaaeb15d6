from __future__ import annotations

import json

import numpy as np
import pytest

from polis.routing.vrplib import (
    VrplibInstance,
    distance_matrix,
    read_instance,
    read_solution,
    route_cost,
    solve_vrplib,
    to_problem,
)
from polis_local.commands import main


@pytest.fixture
def bks(cvrplib):
    return {name: entry["bks"] for name, entry in json.loads((cvrplib / "bks.json").read_text()).items()}


def test_reader_takes_header_and_sections(cvrplib):
    instance = read_instance(cvrplib / "A-n32-k5.vrp")
    assert instance.name == "A-n32-k5"
    assert instance.capacity == 100
    assert instance.customers == 31
    assert instance.coordinates[0].tolist() == [82, 76]
    assert instance.demands[0] == 0
    assert instance.demands.sum() == 410


def test_sol_cost_recomputed_equals_the_best_known(cvrplib, bks):
    instance = read_instance(cvrplib / "X-n101-k25.vrp")
    routes, stated = read_solution(cvrplib / "X-n101-k25.sol")
    # The .sol numbers customers 1..n-1 (the depot, TSPLIB node 1, is not listed).
    assert sorted(c for route in routes for c in route) == list(range(1, instance.customers + 1))
    assert all(instance.demands[route].sum() <= instance.capacity for route in routes)
    assert route_cost(instance, routes) == stated == bks["X-n101-k25"] == 27591


def test_euc_2d_rounds_half_up():
    instance = VrplibInstance(
        name="t", capacity=1, coordinates=np.array([[0, 0], [0.5, 0], [1, 1], [2.5, 0]]), demands=np.zeros(4)
    )
    distances = distance_matrix(instance)
    assert distances[0, 1] == 1  # 0.5 -> 1, where numpy's round-half-even would say 0
    assert distances[0, 2] == 1  # sqrt(2)
    assert distances[0, 3] == 3  # 2.5 -> 3


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [("EUC_2D", "GEO", "EUC_2D"), (" 1  \n -1", " 2  \n -1", "depot must be node 1")],
)
def test_reader_refuses_what_it_cannot_cost(cvrplib, tmp_path, replace, by, message):
    text = (cvrplib / "A-n32-k5.vrp").read_text()
    assert replace in text
    path = tmp_path / "odd.vrp"
    path.write_text(text.replace(replace, by))
    with pytest.raises(ValueError, match=message):
        read_instance(path)


def test_cvrp_problem_is_pure_capacity_with_an_unbounded_fleet(cvrplib):
    problem = to_problem(read_instance(cvrplib / "A-n32-k5.vrp"))
    assert len(problem.vehicles) == len(problem.stops) == 31
    assert not problem.has_time_limits
    assert not problem.multi_trip
    assert all(stop.required for stop in problem.stops)


def test_solve_vrplib_reaches_the_optimum_of_a_small_instance(cvrplib, bks):
    instance = read_instance(cvrplib / "A-n32-k5.vrp")
    result = solve_vrplib(cvrplib / "A-n32-k5.vrp", 1.5)
    assert result["cost"] == bks["A-n32-k5"] == 784
    assert result["cost"] == route_cost(instance, result["routes"])
    assert sorted(c for route in result["routes"] for c in route) == list(range(1, 32))
    assert all(instance.demands[route].sum() <= instance.capacity for route in result["routes"])


def test_cli_prints_the_result_as_json(cvrplib, capsys):
    code = main(["route", "vrplib", str(cvrplib / "A-n32-k5.vrp"), "--seconds", "1", "--engine", "ortools"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {"cost", "routes"}
    assert out["cost"] >= 784


def test_cli_reports_an_unreadable_file(tmp_path, capsys):
    assert main(["route", "vrplib", str(tmp_path / "missing.vrp"), "--seconds", "1"]) == 2
    assert "cannot read" in capsys.readouterr().err
