"""Device status from when it was last heard and its battery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from polis.devices.health import DeviceHealth, devices_geojson, expected_interval_s, silence_events, status_of
from polis.devices.model import Device, Location

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _device(**changes) -> Device:
    values = {
        "dev_eui": "a84041000181c001",
        "municipality": "chalkida",
        "model": "dragino/ldds75",
        "domain": "waste",
        "location": Location(latitude=38.46, longitude=23.59),
        "created_at": NOW - timedelta(days=30),
        "last_seen_at": NOW - timedelta(minutes=10),
    }
    return Device(**(values | changes))


def test_the_models_default_interval_unless_the_device_has_its_own():
    assert expected_interval_s(_device()) == 20 * 60
    assert expected_interval_s(_device(expected_interval_s=300)) == 300
    assert expected_interval_s(_device(model="unknown/model")) == 3600


@pytest.mark.parametrize(
    ("silence", "status"),
    [(timedelta(minutes=10), "ok"), (timedelta(minutes=49), "ok"), (timedelta(minutes=51), "silent")],
)
def test_silent_after_missing_more_than_two_uplinks(silence, status):
    assert status_of(_device(last_seen_at=NOW - silence), NOW) == status


def test_never_seen_decommissioned_and_battery_low():
    assert status_of(_device(last_seen_at=None), NOW) == "never-seen"
    assert status_of(_device(active=False), NOW) == "decommissioned"
    assert status_of(_device(battery_low=True), NOW) == "battery-low"


def test_silence_is_told_once_when_it_starts_and_once_when_it_ends():
    flags = []

    def flag(device, silent):
        flags.append(silent)
        return True

    quiet = _device(last_seen_at=NOW - timedelta(hours=2))
    [event] = silence_events(quiet, NOW, flag)
    assert event.detail_type == "device.silent"
    assert silence_events(quiet.model_copy(update={"silent": True}), NOW, flag) == []
    [event] = silence_events(_device(silent=True), NOW, flag)
    assert event.detail_type == "device.reporting"
    assert silence_events(_device(), NOW, flag) == []
    assert flags == [True, False]


def test_a_change_another_check_already_stored_is_not_told_again():
    quiet = _device(last_seen_at=NOW - timedelta(hours=2))
    assert silence_events(quiet, NOW, lambda device, silent: False) == []


def test_the_staff_map_is_geojson_with_status():
    device = _device()
    health = DeviceHealth(
        device=device,
        status="ok",
        expected_interval_s=1200,
        silent_for_s=600,
        battery_voltage=3.4,
        rssi=-90,
        snr=7.0,
        uplinks_last_24h=72,
    )
    [feature] = devices_geojson([health]).model_dump(mode="json")["features"]
    assert feature["geometry"]["coordinates"] == [23.59, 38.46]
    assert feature["properties"]["status"] == "ok"
    assert feature["properties"]["uplinks_last_24h"] == 72
