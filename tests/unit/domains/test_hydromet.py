import pytest

from polis.assets import AssetMisconfigured
from polis.domains.hydromet import next_state, water_level_m
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

RIVER = asset("river_station", sensor_height_m=5, warning_level_m=2.5, alarm_level_m=3.5)


@pytest.mark.parametrize(
    ("quantities", "level"),
    [
        ({"distance": 1234}, 3.766),  # ultrasonic, 5 m above the reference
        ({"water_level": 2.5}, 2.5),  # submersed probe
        ({"water_pressure": 0.25}, 2.549),  # vented pressure probe, fresh water
        ({"battery_voltage": 3.2}, None),
    ],
)
def test_the_water_level_comes_from_whichever_sensor_the_station_has(quantities, level):
    assert water_level_m(RIVER, reading(0, **quantities)) == pytest.approx(level, abs=1e-3)


def test_flood_events_go_out_on_the_way_up_and_once_cleared():
    updates = replay(
        next_state,
        RIVER,
        reading(0, water_level=1.0),
        reading(10, water_level=2.6),
        reading(20, water_level=2.8),
        reading(30, water_level=3.5),  # at the alarm level
        reading(40, water_level=3.9),
        reading(50, water_level=3.0),  # back to warning: already given on the way up
        reading(60, water_level=2.4),
        reading(70, water_level=2.0),
    )

    assert statuses(updates) == [
        "normal",
        "warning",
        "warning",
        "alarm",
        "alarm",
        "warning",
        "normal",
        "normal",
    ]
    assert event_types(updates) == [
        [],
        ["flood.warning"],
        [],
        ["flood.alarm"],
        [],
        [],
        ["flood.cleared"],
        [],
    ]
    assert updates[3].events[0].detail == {
        "asset_id": "river_station-1",
        "dev_eui": updates[3].state.dev_eui,
        "observed_at": "2026-11-20T08:30:00+00:00",
        "level_m": 3.5,
        "warning_level_m": 2.5,
        "alarm_level_m": 3.5,
    }


def test_a_jump_straight_to_alarm_raises_only_the_alarm():
    updates = replay(next_state, RIVER, reading(0, distance=4000), reading(10, distance=1000))

    assert [u.state.values["water_level"].value for u in updates] == [1.0, 4.0]
    assert event_types(updates) == [[], ["flood.alarm"]]


def test_a_first_reading_above_a_threshold_is_reported():
    assert event_types(replay(next_state, RIVER, reading(0, water_level=2.7))) == [["flood.warning"]]


def test_a_station_without_its_thresholds_or_mounting_height_is_misconfigured():
    unmounted = asset("river_station", warning_level_m=2.5, alarm_level_m=3.5)
    unset = asset("river_station", sensor_height_m=5)

    with pytest.raises(
        AssetMisconfigured, match="river_station river_station-1 has no setting sensor_height_m"
    ):
        next_state(unmounted, None, reading(0, distance=1234))
    with pytest.raises(AssetMisconfigured, match="warning_level_m"):
        next_state(unset, None, reading(0, distance=1234))


def test_a_frame_without_a_level_changes_nothing():
    assert next_state(RIVER, None, reading(0, battery_voltage=2.99)) is None


def test_a_weather_station_keeps_its_latest_values():
    weather = asset("weather_station")

    updates = replay(next_state, weather, reading(0, rain=12.345, wind_speed=8.5), reading(10, rain=0.2))

    state = updates[-1].state
    assert {n: q.value for n, q in state.values.items()} == {"rain": 0.2, "wind_speed": 8.5}
    assert statuses(updates) == [None, None]
    assert event_types(updates) == [[], []]
