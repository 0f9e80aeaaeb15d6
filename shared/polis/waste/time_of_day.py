"""Times of day on the municipality's clock: truck shifts and when a bin can be reached.

Shifts and access hours are wall-clock times where the municipality is; the solver counts
seconds from the service day's local midnight. Going through UTC keeps the days on which the
clocks change right: on the last Sunday of March, 06:00 is five hours after midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, model_validator


class DailyWindow(BaseModel):
    """From ``start`` to ``end`` on the same day, local time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("a daily window ends after it starts, on the same day")
        return self

    def start_on(self, day: date, zone: ZoneInfo) -> datetime:
        return local_time(day, self.start, zone)

    def end_on(self, day: date, zone: ZoneInfo) -> datetime:
        return local_time(day, self.end, zone)


def local_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """That wall-clock time of the day where the municipality is, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    return local_time(day, time(0), zone)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def seconds_into(day: date, instant: datetime, zone: ZoneInfo) -> int:
    """Seconds from the day's local midnight to the instant (the solver's clock)."""
    return int((instant - day_start(day, zone)).total_seconds())
