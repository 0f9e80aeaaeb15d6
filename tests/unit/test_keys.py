"""Sort keys order by time whatever the time zone an uplink was stamped in."""

from datetime import UTC, datetime, timedelta, timezone

from polis.store.keys import partition, time_sort_key


def test_partitions_start_with_the_municipality():
    assert partition("chalkida", "BIN") == "M#chalkida#BIN"


def test_time_sort_keys_sort_in_time_order_across_zones():
    athens = timezone(timedelta(hours=2))
    times = [
        datetime(2026, 11, 20, 9, 30, tzinfo=athens),  # 07:30 UTC
        datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 20, 8, 0, 0, 1, tzinfo=UTC),
    ]
    keys = [time_sort_key(t, 1) for t in times]
    assert sorted(keys) == keys
    assert keys[0].startswith("2026-11-20T07:30:00.000000Z")
