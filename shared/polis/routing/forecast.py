"""How fast each bin fills, and when it will be full, from its fill-level readings.

A bin's history is a saw-tooth: it fills, is emptied, fills again. Only the current tooth says
where the level is now, so readings are cut into segments wherever the level drops by more than
noise could explain (an emptying), and the line is fitted to the last segment. The fit is
Theil-Sen (median of pairwise slopes), which shrugs off the ultrasonic sensor's outliers (a lid
left open, a bag right under the sensor) and needs no evenly spaced readings, so missed uplinks
only cost precision. Readings at or near 100 % are left out of the slope: a full bin stops rising,
which would drag the rate down exactly when it matters. A tooth too young to fit borrows the
rate of the one before: the rate is a property of the bin's place, the level of the tooth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

import numpy as np

# Readings on either side of a fall whose medians must confirm an emptying.
_CONFIRM = 5


@dataclass(frozen=True)
class Reading:
    at: datetime
    fill_pct: float


@dataclass(frozen=True)
class ForecastSettings:
    # A fall larger than this between two readings is an emptying, not noise (percentage points).
    emptying_drop_pct: float = 15.0
    # Readings at or above this are saturated: the bin is full and the level no longer rises.
    saturated_pct: float = 98.0
    # The least a segment needs for a slope of its own.
    min_points: int = 4
    min_span_h: float = 3.0
    # Bounds the O(n^2) Theil-Sen work; older readings add little to a straight line.
    max_points: int = 96


@dataclass(frozen=True)
class FillForecast:
    fill_now_pct: float
    rate_pct_per_h: float
    # None when the bin is not filling (or there is nothing to go on).
    hours_to_full: float | None
    readings_used: int

    def fill_at(self, hours_ahead: float) -> float:
        return min(100.0, self.fill_now_pct + self.rate_pct_per_h * max(0.0, hours_ahead))

    def full_at(self, now: datetime) -> datetime | None:
        return None if self.hours_to_full is None else now + timedelta(hours=self.hours_to_full)


def forecast(
    readings: Sequence[Reading], now: datetime, settings: ForecastSettings | None = None
) -> FillForecast:
    settings = settings or ForecastSettings()
    usable = sorted(
        (r for r in readings if r.at <= now and math.isfinite(r.fill_pct) and -5 <= r.fill_pct <= 105),
        key=lambda r: r.at,
    )
    if not usable:
        return FillForecast(fill_now_pct=0.0, rate_pct_per_h=0.0, hours_to_full=None, readings_used=0)
    hours = np.array([(r.at - now).total_seconds() / 3600 for r in usable])
    fill = np.clip([r.fill_pct for r in usable], 0, 100)
    segments = _segments(fill, settings.emptying_drop_pct)

    rate, used = 0.0, 0
    for start, end in reversed(segments):
        slope = _fit_slope(hours[start:end], fill[start:end], settings)
        if slope is not None:
            rate, used = max(0.0, slope), end - start
            break
    start, end = segments[-1]
    level = _level_now(hours[start:end], fill[start:end], rate, settings)
    return FillForecast(
        fill_now_pct=level,
        rate_pct_per_h=rate,
        hours_to_full=max(0.0, (100 - level) / rate) if rate > 0 else (0.0 if level >= 100 else None),
        readings_used=used,
    )


def _segments(fill: np.ndarray, drop: float) -> list[tuple[int, int]]:
    """Cut where the level falls and stays down: one stray low (or high) reading is no emptying."""
    cuts = [0]
    for i in (np.flatnonzero(np.diff(fill) < -drop) + 1).tolist():
        before = np.median(fill[max(cuts[-1], i - _CONFIRM) : i])
        after = np.median(fill[i : i + _CONFIRM])
        if before - after > drop:
            cuts.append(i)
    return list(pairwise([*cuts, len(fill)]))


def _fit_slope(hours: np.ndarray, fill: np.ndarray, settings: ForecastSettings) -> float | None:
    rising = fill < settings.saturated_pct
    hours, fill = hours[rising][-settings.max_points :], fill[rising][-settings.max_points :]
    if len(hours) < settings.min_points or hours[-1] - hours[0] < settings.min_span_h:
        return None
    i, j = np.triu_indices(len(hours), k=1)
    apart = hours[j] - hours[i]
    # Near-simultaneous readings say nothing about a slope and would blow up under noise.
    keep = apart > 1e-6
    return float(np.median((fill[j][keep] - fill[i][keep]) / apart[keep]))


def _level_now(hours: np.ndarray, fill: np.ndarray, rate: float, settings: ForecastSettings) -> float:
    """Median of the readings carried forward to now along the rate: robust to a stray reading."""
    if (fill[-3:] >= settings.saturated_pct).all():
        return 100.0
    recent = slice(-settings.max_points, None)
    return float(np.clip(np.median(fill[recent] - rate * hours[recent]), 0, 100))
