"""Possible duplicates: same category, open, within 50 m, nearest first."""

from __future__ import annotations

import pytest

from polis.devices.model import Location
from polis.requests.duplicates import DUPLICATE_RADIUS_M, distance_m, possible_duplicates
from tests.unit.requests.builders import WATERFRONT, a_request

# One degree of latitude is 111.2 km on the mean sphere; of longitude at 38.46 degrees, 87.1 km.
METRES_PER_DEGREE_LATITUDE = 111_195.0


def _north(metres: float) -> Location:
    return Location(
        latitude=WATERFRONT.latitude + metres / METRES_PER_DEGREE_LATITUDE, longitude=WATERFRONT.longitude
    )


def test_distances_are_great_circle_metres():
    assert distance_m(WATERFRONT, WATERFRONT) == 0
    assert distance_m(WATERFRONT, _north(50)) == pytest.approx(50, abs=0.01)
    athens = Location(latitude=37.9838, longitude=23.7275)
    assert distance_m(WATERFRONT, athens) == pytest.approx(55_000, rel=0.03)


def test_open_requests_of_the_category_within_the_radius_nearest_first():
    new = a_request(1)
    at_40 = a_request(2, location=_north(40))
    at_10 = a_request(3, location=_north(10))
    at_60 = a_request(4, location=_north(60))
    other_category = a_request(5, category="pothole", department="roads", location=_north(5))
    closed = a_request(6, status="resolved", location=_north(5))

    found = possible_duplicates(new, [new, at_40, at_10, at_60, other_category, closed])

    assert [r.reference for r in found] == [at_10.reference, at_40.reference]


def test_the_radius_is_inclusive_and_can_be_changed():
    edge = a_request(2, location=_north(DUPLICATE_RADIUS_M - 0.01))

    assert possible_duplicates(a_request(1), [edge]) == [edge]
    assert possible_duplicates(a_request(1), [edge], radius_m=20) == []
