from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from polis.routing.forecast import Reading, forecast

NOW = datetime(2025, 3, 10, 6, 0, tzinfo=UTC)


def series(
    rate_pct_per_h, hours, *, start_fill=0.0, every_h=1.0, noise=0.0, seed=0, emptied_at=(), missing=0.0
):
    """Readings of a bin filling at a constant rate, ending at NOW; emptied at the given hours ago."""
    rng = np.random.default_rng(seed)
    readings, fill = [], start_fill
    ages = np.arange(hours, -1e-9, -every_h)
    for i, age in enumerate(ages):
        if i:
            fill = min(100.0, fill + rate_pct_per_h * every_h)
        if any(ages[i - 1] > e >= age for e in emptied_at) if i else False:
            fill = rate_pct_per_h * (ages[i - 1] - age) / 2
        if rng.random() >= missing:
            readings.append(
                Reading(at=NOW - timedelta(hours=float(age)), fill_pct=fill + rng.normal(0, noise))
            )
    return readings, fill


def test_clean_linear_fill():
    readings, fill = series(1.5, 40, start_fill=10)
    result = forecast(readings, NOW)
    assert result.rate_pct_per_h == pytest.approx(1.5, abs=1e-9)
    assert result.fill_now_pct == pytest.approx(fill, abs=1e-9)
    assert result.hours_to_full == pytest.approx((100 - fill) / 1.5)
    assert result.full_at(NOW) == NOW + timedelta(hours=result.hours_to_full)


@pytest.mark.parametrize("seed", range(5))
def test_noise_outliers_emptying_and_gaps(seed):
    readings, fill = series(0.8, 96, noise=2.5, seed=seed, emptied_at=(50,), missing=0.3, every_h=0.5)
    # Ultrasonic glitches: a bag under the sensor reads nearly full, an open lid reads empty-ish.
    rng = np.random.default_rng(seed + 100)
    for i in rng.choice(len(readings) - 20, size=4, replace=False) + 10:
        readings[i] = Reading(at=readings[i].at, fill_pct=float(rng.choice([97.0, 3.0])))
    # A long silence: the gateway was down for half a day.
    readings = [r for r in readings if not NOW - timedelta(hours=30) < r.at < NOW - timedelta(hours=18)]
    result = forecast(readings, NOW)
    assert result.rate_pct_per_h == pytest.approx(0.8, abs=0.08)
    assert result.fill_now_pct == pytest.approx(fill, abs=3)
    assert result.hours_to_full == pytest.approx((100 - fill) / 0.8, rel=0.15)


def test_a_just_emptied_bin_borrows_the_rate_of_its_last_fill():
    readings, _ = series(2.0, 30, start_fill=20)
    readings.append(Reading(at=NOW + timedelta(minutes=30), fill_pct=1.0))
    later = NOW + timedelta(hours=1)
    result = forecast(readings, later)
    assert result.rate_pct_per_h == pytest.approx(2.0, abs=1e-9)
    assert result.fill_now_pct == pytest.approx(2.0, abs=0.1)


def test_a_full_bin_is_full_now_and_its_plateau_does_not_flatten_the_rate():
    readings, _ = series(5.0, 40)
    assert sum(r.fill_pct >= 99 for r in readings) > 15
    result = forecast(readings, NOW)
    assert result.fill_now_pct == 100
    assert result.hours_to_full == 0
    assert result.rate_pct_per_h == pytest.approx(5.0, abs=1e-9)


def test_readings_after_now_and_garbage_are_ignored():
    readings, fill = series(1.0, 20, start_fill=30)
    readings += [
        Reading(at=NOW + timedelta(hours=5), fill_pct=0.0),
        Reading(at=NOW - timedelta(hours=1, minutes=30), fill_pct=float("nan")),
        Reading(at=NOW - timedelta(hours=2, minutes=30), fill_pct=250.0),
    ]
    result = forecast(readings, NOW)
    assert result.fill_now_pct == pytest.approx(fill)
    assert result.rate_pct_per_h == pytest.approx(1.0)


def test_a_bin_that_does_not_fill_never_becomes_full():
    readings = [Reading(at=NOW - timedelta(hours=h), fill_pct=35.0) for h in range(24)]
    result = forecast(readings, NOW)
    assert result.rate_pct_per_h == 0
    assert result.hours_to_full is None
    assert result.full_at(NOW) is None
    assert result.fill_at(100) == 35


def test_without_readings_there_is_nothing_to_go_on():
    result = forecast([], NOW)
    assert (result.fill_now_pct, result.rate_pct_per_h, result.hours_to_full, result.readings_used) == (
        0,
        0,
        None,
        0,
    )


def test_fill_at_caps_at_full():
    readings, _ = series(2.0, 10, start_fill=50)
    assert forecast(readings, NOW).fill_at(1000) == 100
