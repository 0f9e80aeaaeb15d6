"""A collection day in Chalkida: the simulated fleet, its trucks and landfill, and bin readings."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from polis_demo.chalkida import CHALKIDA_BINS, CHALKIDA_TRUCKS
from polis_demo.simulator import seed_city

from polis.codecs.base import Quantity
from polis.readings import Reading
from polis.store.readings import put_reading
from polis.waste.store import collection as collection_store
from polis.waste.time_of_day import DailyWindow

# Bins nearly full now: four mixed (truck-07's) and one recycling (truck-12's).
FULL_BINS = {"chk-0001": 95.0, "chk-0002": 93.0, "chk-0006": 96.0, "chk-0009": 94.0, "chk-0005": 95.0}
MIXED_FULL = {"chk-0001", "chk-0002", "chk-0006", "chk-0009"}
# The seeded trucks work mornings; all day, a run finds them a shift whatever time the tests run.
ALL_DAY = DailyWindow(start=time(0), end=time(23, 59, 59))


def seed_collection_day(full: dict[str, float] = FULL_BINS, low_pct: float = 10.0) -> datetime:
    """The fleet with day-long shifts; each bin read four times in the last 80 minutes, all at one level."""
    seed_city(CHALKIDA_BINS, assets=())
    for truck in CHALKIDA_TRUCKS:
        collection_store.put_truck(truck.model_copy(update={"shift": ALL_DAY}))
    now = datetime.now(UTC)
    for site in CHALKIDA_BINS:
        fill = full.get(site.bin_id, low_pct)
        for k in range(4):
            put_reading(
                Reading(
                    municipality="chalkida",
                    dev_eui=site.dev_eui,
                    domain="waste",
                    observed_at=now - timedelta(minutes=20 * (4 - k)),
                    fport=2,
                    fcnt=k,
                    quantities={"distance": Quantity(value=site.depth_mm * (1 - fill / 100), unit="mm")},
                )
            )
    return now
