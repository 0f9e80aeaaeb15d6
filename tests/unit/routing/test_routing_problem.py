from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from polis.routing.problem import (
    DisposalSite,
    Location,
    Problem,
    Stop,
    TimeWindow,
    TravelMatrix,
    Vehicle,
    WasteStream,
)
from polis.routing.streams import split_by_stream
from polis.routing.travel import HaversineProvider

MATRIX = TravelMatrix(
    distances_m=[[0, 5, 7], [5, 0, 3], [7, 3, 0]], durations_s=[[0, 1, 1], [1, 0, 1], [1, 1, 0]]
)
TRUCK = Vehicle(id="t", depot=0, volume_capacity_l=100, weight_capacity_kg=100)


def test_a_valid_problem_keeps_its_matrix_read_only():
    problem = Problem(matrix=MATRIX, vehicles=(TRUCK,), stops=(Stop(id="a", location=1, volume_l=10),))
    assert problem.matrix.size == 3
    assert not problem.multi_trip
    assert not problem.has_time_limits
    with pytest.raises(ValueError, match="read-only"):
        problem.matrix.distances_m[0, 1] = 1


@pytest.mark.parametrize(
    ("distances", "message"),
    [
        ([[0, 1, 2]], "square"),
        ([[0, -1], [1, 0]], "non-negative"),
        ([[1, 1], [1, 0]], "itself"),
    ],
)
def test_travel_matrix_rejects_impossible_values(distances, message):
    with pytest.raises(ValidationError, match=message):
        TravelMatrix(distances_m=distances, durations_s=np.zeros_like(np.array(distances)))


def test_travel_matrix_needs_matching_shapes():
    with pytest.raises(ValidationError, match="same shape"):
        TravelMatrix(distances_m=[[0]], durations_s=[[0, 1], [1, 0]])


def test_time_window_must_not_end_before_it_starts():
    with pytest.raises(ValidationError, match="before it starts"):
        TimeWindow(start_s=100, end_s=50)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stops": (Stop(id="a", location=1, volume_l=1), Stop(id="a", location=2, volume_l=1))}, "unique"),
        ({"stops": (Stop(id="a", location=9, volume_l=1),)}, "beyond the travel matrix"),
        (
            {"stops": (Stop(id="a", location=1, volume_l=1, stream=WasteStream.GLASS),)},
            "no vehicle takes glass",
        ),
        ({"stops": (Stop(id="a", location=1, volume_l=500),)}, "larger than any truck"),
        ({"locations": (Location(lat=38.4, lon=23.6),)}, "1 locations for a 3x3"),
        (
            {
                "stops": (Stop(id="a", location=1, volume_l=1),),
                "disposal_sites": (DisposalSite(id="d", location=2, streams=frozenset({WasteStream.GLASS})),),
            },
            "no disposal site accepts mixed",
        ),
    ],
)
def test_problem_rejects_inconsistent_input(change, message):
    fields = {"matrix": MATRIX, "vehicles": (TRUCK,), "stops": ()} | change
    with pytest.raises(ValidationError, match=message):
        Problem(**fields)


def test_an_optional_stop_nobody_can_serve_is_allowed():
    stop = Stop(id="a", location=1, volume_l=1, stream=WasteStream.GLASS, required=False, penalty=10)
    assert Problem(matrix=MATRIX, vehicles=(TRUCK,), stops=(stop,)).stops == (stop,)


def test_vehicle_needs_a_stream_and_a_capacity():
    with pytest.raises(ValidationError, match="at least one waste stream"):
        Vehicle(id="t", depot=0, volume_capacity_l=1, weight_capacity_kg=1, streams=frozenset())
    with pytest.raises(ValidationError):
        Vehicle(id="t", depot=0, volume_capacity_l=0, weight_capacity_kg=1)


def test_location_is_checked_geographically():
    with pytest.raises(ValidationError):
        Location(lat=91, lon=0)


def test_haversine_matrix_applies_detour_and_speed():
    # One degree of latitude is 111.195 km on the mean Earth radius.
    places = [Location(lat=38.0, lon=23.6), Location(lat=39.0, lon=23.6), Location(lat=38.0, lon=23.6)]
    matrix = HaversineProvider(detour_factor=1.3, speed_kmh=36).matrix(places)
    assert matrix.distances_m[0, 1] == pytest.approx(111_195 * 1.3, rel=1e-4)
    assert matrix.durations_s[0, 1] == pytest.approx(111_195 * 1.3 / 10, rel=1e-4)
    assert (matrix.distances_m == matrix.distances_m.T).all()
    assert matrix.distances_m[0, 2] == 0
    assert matrix.distances_m.dtype == np.int64


def test_haversine_east_west_shrinks_with_latitude():
    matrix = HaversineProvider(detour_factor=1.0).matrix([Location(lat=60, lon=0), Location(lat=60, lon=1)])
    assert matrix.distances_m[0, 1] == pytest.approx(111_195 * 0.5, rel=1e-3)


@pytest.mark.parametrize("kwargs", [{"detour_factor": 0.9}, {"speed_kmh": 0}])
def test_haversine_rejects_nonsense_settings(kwargs):
    with pytest.raises(ValueError, match=r"detour_factor|speed_kmh"):
        HaversineProvider(**kwargs)


def test_split_by_stream_gives_each_truck_one_stream():
    mixed, recycling = WasteStream.MIXED, WasteStream.RECYCLING
    problem = Problem(
        matrix=MATRIX,
        vehicles=(
            Vehicle(
                id="m", depot=0, volume_capacity_l=100, weight_capacity_kg=100, streams=frozenset({mixed})
            ),
            Vehicle(
                id="r", depot=0, volume_capacity_l=100, weight_capacity_kg=100, streams=frozenset({recycling})
            ),
            Vehicle(
                id="both",
                depot=0,
                volume_capacity_l=100,
                weight_capacity_kg=100,
                streams=frozenset(WasteStream),
            ),
        ),
        stops=(
            Stop(id="a", location=1, volume_l=90, stream=mixed),
            Stop(id="b", location=2, volume_l=90, stream=mixed),
            Stop(id="c", location=2, volume_l=10, stream=recycling),
        ),
        disposal_sites=(DisposalSite(id="d", location=2, streams=frozenset(WasteStream)),),
    )
    by_stream = {sub.stops[0].stream: sub for sub in split_by_stream(problem)}
    # The flexible truck goes where there is more waste per truck.
    assert [v.id for v in by_stream[mixed].vehicles] == ["m", "both"]
    assert [v.id for v in by_stream[recycling].vehicles] == ["r"]
    assert all(v.streams == {mixed} for v in by_stream[mixed].vehicles)
    assert [s.id for s in by_stream[recycling].stops] == ["c"]
