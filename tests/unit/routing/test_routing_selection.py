from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from polis.routing.forecast import FillForecast
from polis.routing.problem import TimeWindow, WasteStream
from polis.routing.selection import DENSITY_KG_PER_L, Bin, SelectionSettings, select_stops

NOW = datetime(2025, 3, 10, 5, 0, tzinfo=UTC)
RUN_END = NOW + timedelta(hours=9)  # today's shift ends at 14:00
NEXT_RUN_END = RUN_END + timedelta(days=1)


def bin_(bin_id, **fields):
    return Bin(**{"id": bin_id, "location": 1, "capacity_l": 1100} | fields)


def filling(fill_now, rate):
    return FillForecast(fill_now_pct=fill_now, rate_pct_per_h=rate, hours_to_full=None, readings_used=10)


def select(forecasts, bins=None, **settings):
    bins = bins or [bin_(bin_id) for bin_id in forecasts]
    return select_stops(bins, forecasts, NOW, RUN_END, NEXT_RUN_END, SelectionSettings(**settings))


def test_a_bin_that_would_overflow_before_the_next_run_must_go_today():
    # 50 % now at 1.5 %/h: 113.5 % by the end of tomorrow's run.
    selection = select({"b": filling(50, 1.5)})
    assert selection.must == ("b",)
    (stop,) = selection.stops
    assert stop.required
    assert stop.penalty == 0
    # Loaded as it will be by the end of today's run (63.5 %), the worst case for the truck.
    assert stop.volume_l == round(1100 * 0.635)
    assert stop.weight_kg == round(stop.volume_l * DENSITY_KG_PER_L[WasteStream.MIXED])


def test_a_bin_that_can_wait_is_optional_with_a_penalty_growing_with_fill():
    selection = select({"half": filling(45, 0.1), "most": filling(75, 0.1)})
    assert selection.must == ()
    assert selection.optional == ("half", "most")
    half, most = selection.stops
    assert not half.required
    assert not most.required
    assert 0 < half.penalty < most.penalty
    assert most.penalty == round(3000 * (0.759) ** 2)


def test_an_emptyish_bin_is_not_offered():
    selection = select({"b": filling(10, 0.5)})
    assert selection.stops == ()


def test_a_silent_sensor_is_assumed_full():
    selection = select({}, bins=[bin_("mute", capacity_l=240)])
    assert selection.must == ("mute",)
    assert selection.stops[0].volume_l == 240


def test_thresholds_are_settings():
    forecasts = {"b": filling(50, 1.5)}
    assert select(forecasts, must_collect_pct=120).optional == ("b",)
    assert select({"b": filling(10, 0.0)}, worth_collecting_pct=5).optional == ("b",)


def test_stops_carry_the_bin_details():
    window = TimeWindow(start_s=7 * 3600, end_s=9 * 3600)
    bins = [bin_("g", stream=WasteStream.GLASS, service_s=90, time_window=window)]
    (stop,) = select({"g": filling(95, 1)}, bins=bins).stops
    assert (stop.stream, stop.service_s, stop.time_window, stop.location) == (
        WasteStream.GLASS,
        90,
        window,
        1,
    )
    assert stop.volume_l == 1100


@pytest.mark.parametrize("fill", [0.0, 39.9])
def test_nothing_below_worth_collecting_even_with_a_fast_rate_that_stays_below_must(fill):
    assert select({"b": filling(fill, 0.0)}).stops == ()
