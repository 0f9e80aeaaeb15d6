import pytest

from polis.domains.environment import next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

STATION = asset("air_station")


def test_pm2_5_above_25_is_poor_once_until_it_is_good_again():
    updates = replay(
        next_state,
        STATION,
        reading(0, pm2_5=12),
        reading(10, pm2_5=25),  # at the limit, not above it
        reading(20, pm2_5=38),
        reading(30, pm2_5=41),
        reading(40, pm2_5=24),  # still within 80 % of the threshold: not good yet
        reading(50, pm2_5=26),
        reading(60, pm2_5=19),
        reading(70, pm2_5=30),
    )

    assert statuses(updates) == ["good", "good", "poor", "poor", "poor", "poor", "good", "poor"]
    assert event_types(updates) == [[], [], ["air.quality.poor"], [], [], [], [], ["air.quality.poor"]]
    assert updates[2].events[0].detail["pm2_5"] == 38
    assert updates[2].events[0].detail["threshold"] == 25


def test_a_first_reading_above_the_threshold_is_reported():
    [update] = replay(next_state, STATION, reading(0, pm2_5=152.4))

    assert event_types([update]) == [["air.quality.poor"]]


def test_the_threshold_is_the_stations_setting():
    strict = asset("air_station", pm2_5_poor_ug_m3=15)

    assert statuses(replay(next_state, strict, reading(0, pm2_5=18))) == ["poor"]


def test_values_from_several_frames_add_up_and_device_health_stays_out():
    updates = replay(
        next_state,
        STATION,
        reading(0, pm2_5=40, battery_voltage=3.1),
        reading(1, no2=41.9, temperature=18.4),  # a gas station on the same site, no PM
    )

    state = updates[-1].state
    assert set(state.values) == {"pm2_5", "no2", "temperature"}
    assert state.values["no2"].unit == "[ppb]"
    assert state.status == "poor"
    assert event_types(updates) == [["air.quality.poor"], []]


def test_a_meter_keeps_its_values_without_a_status():
    meter = asset("meter")

    updates = replay(next_state, meter, reading(0, water_volume=22.2, alarm=False), reading(1, pm2_5=99))

    assert statuses(updates) == [None, None]
    assert event_types(updates) == [[], []]
    assert updates[0].state.values["water_volume"].value == pytest.approx(22.2)


def test_a_battery_report_changes_nothing():
    assert next_state(STATION, None, reading(0, battery_voltage=3.0)) is None
