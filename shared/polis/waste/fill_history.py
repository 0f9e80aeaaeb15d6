"""A bin's fill history, as the forecast reads it, from its sensor's readings and its own state."""

from __future__ import annotations

from collections.abc import Iterable

from polis.readings import Reading
from polis.routing import forecast
from polis.waste.bins import Bin, fill_percentage


def fill_series(bin_: Bin, readings: Iterable[Reading]) -> list[forecast.Reading]:
    """Oldest first: each distance reading as fill, then the bin's own state if it is newer.

    A crew's pickup confirmation empties the bin before its sensor next reports; without that
    point the forecast would still see the full bin and send a truck back to it.
    """
    series = [
        forecast.Reading(at=reading.observed_at, fill_pct=fill_percentage(distance, bin_.depth_mm))
        for reading in readings
        if (distance := reading.number("distance")) is not None
    ]
    newest = max((point.at for point in series), default=None)
    if (
        bin_.fill_pct is not None
        and bin_.observed_at is not None
        and (newest is None or bin_.observed_at > newest)
    ):
        series.append(forecast.Reading(at=bin_.observed_at, fill_pct=bin_.fill_pct))
    return sorted(series, key=lambda point: point.at)
