"""Reading time series access: one item per reading, expiring after the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from polis.codecs.base import Quantity
from polis.config import store_settings
from polis.readings import Reading
from polis.store.items import ReadingItem
from polis.store.keys import partition, time_sort_key
from polis.store.table import bind


def _pk(municipality: str, dev_eui: str) -> str:
    return partition(municipality, "DEVICE", dev_eui, "READING")


def put_reading(reading: Reading) -> None:
    bind()
    ReadingItem(
        pk=_pk(reading.municipality, reading.dev_eui),
        sk=time_sort_key(reading.observed_at, f"{reading.fcnt:010d}"),
        municipality=reading.municipality,
        dev_eui=reading.dev_eui,
        domain=reading.domain,
        observed_at=reading.observed_at,
        fport=reading.fport,
        fcnt=reading.fcnt,
        quantities={name: q.model_dump() for name, q in reading.quantities.items()},
        expires_at=reading.observed_at + timedelta(days=store_settings().reading_retention_days),
    ).save()


def latest_readings(municipality: str, dev_eui: str, limit: int = 50) -> list[Reading]:
    """Newest first."""
    bind()
    items = ReadingItem.query(_pk(municipality, dev_eui), scan_index_forward=False, limit=limit)
    return [
        Reading(
            municipality=i.municipality,
            dev_eui=i.dev_eui,
            domain=i.domain,
            observed_at=i.observed_at,
            fport=int(i.fport),
            fcnt=int(i.fcnt),
            quantities={name: Quantity(**q) for name, q in i.quantities.as_dict().items()},
        )
        for i in items
    ]


def count_readings_since(municipality: str, dev_eui: str, since: datetime) -> int:
    """How many uplinks the device delivered since then (a COUNT query, no items read)."""
    bind()
    return ReadingItem.count(
        _pk(municipality, dev_eui), ReadingItem.sk >= time_sort_key(since, ""), consistent_read=False
    )
