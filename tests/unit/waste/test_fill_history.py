"""A bin's fill history for the forecast: sensor readings as fill, and the crew's pickups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from polis.codecs.base import Quantity
from polis.devices.model import Location
from polis.readings import Reading
from polis.routing.forecast import forecast
from polis.waste.bins import Bin
from polis.waste.fill_history import fill_series

NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
BIN = Bin(
    municipality="chalkida",
    bin_id="chk-0001",
    location=Location(latitude=38.46552, longitude=23.59249),
    depth_mm=1200,
    volume_litres=1100,
    dev_eui="a84041000181c001",
)


def _reading(hours_ago: float, distance_mm: float | None, fcnt: int = 0) -> Reading:
    quantities = {"battery": Quantity(value=3.3, unit="V")}
    if distance_mm is not None:
        quantities["distance"] = Quantity(value=distance_mm, unit="mm")
    return Reading(
        municipality="chalkida",
        dev_eui=BIN.dev_eui,
        domain="waste",
        observed_at=NOW - timedelta(hours=hours_ago),
        fport=2,
        fcnt=fcnt,
        quantities=quantities,
    )


def _filling(hours: int) -> list[Reading]:
    """Newest first, as the store returns them: a reading an hour, from 20 % up to 80 % now."""
    return [_reading(h, 1200 * (1 - (0.8 - 0.6 * h / hours))) for h in range(hours + 1)]


def test_readings_become_fill_oldest_first_and_readings_without_a_distance_are_left_out():
    series = fill_series(BIN, [_reading(0, 240), _reading(1, None), _reading(2, 960)])

    assert [(point.at, point.fill_pct) for point in series] == [
        (NOW - timedelta(hours=2), 20.0),
        (NOW, 80.0),
    ]


def test_the_bins_own_state_is_added_when_newer_than_every_reading():
    emptied = BIN.model_copy(update={"fill_pct": 0.0, "observed_at": NOW + timedelta(minutes=10)})

    series = fill_series(emptied, _filling(12))

    assert series[-1].at == emptied.observed_at
    assert series[-1].fill_pct == 0.0
    # The forecast sees the emptying: the bin is nearly empty now, and fills at the rate it did.
    outlook = forecast(series, NOW + timedelta(minutes=30))
    assert outlook.fill_now_pct < 5
    assert abs(outlook.rate_pct_per_h - 5.0) < 0.5


def test_the_bins_state_from_its_newest_reading_is_not_counted_twice():
    readings = _filling(6)
    current = BIN.model_copy(update={"fill_pct": 80.0, "observed_at": readings[0].observed_at})

    assert len(fill_series(current, readings)) == len(readings)


def test_a_bin_without_readings_or_state_has_no_history():
    assert fill_series(BIN, []) == []
