"""Bin fill from the ultrasonic distance, and which readings may change a bin's state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from polis.codecs import Quantity
from polis.devices.model import Location
from polis.readings import Reading
from polis.waste.bins import Bin, bins_geojson, fill_percentage, with_reading

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _bin(**changes) -> Bin:
    values = {
        "municipality": "chalkida",
        "bin_id": "chk-0001",
        "location": Location(latitude=38.46552, longitude=23.59249),
        "depth_mm": 1200,
        "volume_litres": 1100,
    }
    return Bin(**(values | changes))


def _reading(distance_mm: float | None, at: datetime = T0) -> Reading:
    quantities = {} if distance_mm is None else {"distance": Quantity(value=distance_mm, unit="mm")}
    return Reading(
        municipality="chalkida",
        dev_eui="a84041000181c001",
        domain="waste",
        observed_at=at,
        fport=2,
        fcnt=1,
        quantities=quantities,
    )


@pytest.mark.parametrize(
    ("distance", "fill"),
    [(1200, 0.0), (900, 25.0), (300, 75.0), (0, 100.0), (1500, 0.0), (-5, 100.0), (1000, 16.7)],
)
def test_fill_is_the_share_of_depth_taken_clamped(distance, fill):
    assert fill_percentage(distance, 1200) == fill


def test_a_reading_sets_fill_and_time():
    updated = with_reading(_bin(), _reading(300))
    assert (updated.fill_pct, updated.observed_at, updated.is_full) == (75.0, T0, False)


def test_an_older_or_equal_reading_changes_nothing():
    current = _bin(fill_pct=50, observed_at=T0)
    assert with_reading(current, _reading(100, T0)) is None
    assert with_reading(current, _reading(100, T0 - timedelta(minutes=1))) is None


def test_a_reading_without_distance_changes_nothing():
    assert with_reading(_bin(), _reading(None)) is None


def test_full_at_the_threshold():
    assert _bin(fill_pct=80).is_full
    assert not _bin(fill_pct=79.9).is_full
    assert _bin(fill_pct=60, full_threshold_pct=60).is_full


def test_geojson_puts_longitude_first():
    collection = bins_geojson([_bin(fill_pct=42.0, observed_at=T0)]).model_dump(mode="json")
    [feature] = collection["features"]
    assert collection["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [23.59249, 38.46552]}
    assert feature["properties"]["fill_pct"] == 42.0
    assert feature["properties"]["observed_at"] == "2026-11-20T08:00:00+00:00"
