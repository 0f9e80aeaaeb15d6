"""Occupancy: people inside public buildings; ``building.over_capacity`` when they exceed it.

People inside = the previous count + people in - people out, never below 0. The movement comes
from a counter's per-period counts (``people_in``/``people_out``) when the frame has them, else
from how far its running totals advanced since the same device's previous frame (a total that
went back means the counter restarted from 0). A frame of totals with no earlier totals of the
same device to compare with only sets the baseline; with several counters in one building,
configure them to report per-period counts. A reading older than the state is not applied, so its
counts are lost from the live figure (not from the time series).

Counting errors accumulate, and public buildings empty at night, so the count starts again from 0
on the first reading of each day, local time (Europe/Athens). The building is *over_capacity* when
more people than its ``capacity`` setting are inside, *normal* otherwise; the event goes out when
it becomes so.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from polis.assets import Asset, AssetKind
from polis.codecs.base import Quantity
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, latest_values, new_state, number
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("building",)
LOCAL_TIME = "Europe/Athens"


def _advance(now: float, before: float | None) -> float:
    if before is None:
        return 0
    return now - before if now >= before else now


def movement(previous: AssetState | None, reading: Reading) -> tuple[float, float] | None:
    """People in and out since the previous reading; None when the reading counted nothing."""
    counts = reading.quantities
    entered, left = number(counts, "people_in"), number(counts, "people_out")
    if entered is not None or left is not None:
        return entered or 0, left or 0
    in_total, out_total = number(counts, "people_in_total"), number(counts, "people_out_total")
    if in_total is None and out_total is None:
        return None
    earlier = previous.values if previous is not None and previous.dev_eui == reading.dev_eui else {}
    return (
        0 if in_total is None else _advance(in_total, number(earlier, "people_in_total")),
        0 if out_total is None else _advance(out_total, number(earlier, "people_out_total")),
    )


def _same_local_day(earlier: datetime, later: datetime) -> bool:
    zone = ZoneInfo(LOCAL_TIME)
    return earlier.astimezone(zone).date() == later.astimezone(zone).date()


def next_state(building: Asset, previous: AssetState | None, reading: Reading) -> Update | None:
    moved = movement(previous, reading)
    if moved is None:
        return None
    entered, left = moved
    inside_before, was_over = 0.0, False
    if previous is not None and _same_local_day(previous.observed_at, reading.observed_at):
        inside_before = number(previous.values, "people_inside") or 0
        was_over = previous.status == "over_capacity"
    inside = max(0, round(inside_before + entered - left))
    capacity = building.number("capacity")
    status = "over_capacity" if inside > capacity else "normal"
    values = {**latest_values(previous, reading), "people_inside": Quantity(value=inside)}
    state = new_state(building, reading, values, status)
    if status == "over_capacity" and not was_over:
        return Update(
            state, [event(building, reading, "building.over_capacity", inside=inside, capacity=capacity)]
        )
    return Update(state, [])


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state)
