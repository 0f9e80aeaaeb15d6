from polis.domains.fleet import next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

VAN = asset("vehicle")


def test_the_last_known_position_stays_when_a_frame_has_no_fix():
    updates = replay(
        next_state,
        VAN,
        reading(0, latitude=38.4631, longitude=23.5944, alarm=False),
        reading(20, alarm=False, battery_voltage=3.1),
    )

    values = updates[-1].state.values
    assert (values["latitude"].value, values["longitude"].value) == (38.4631, 23.5944)
    assert event_types(updates) == [[], []]


def test_an_sos_alarm_is_reported_when_it_turns_on_not_on_each_repeat():
    updates = replay(
        next_state,
        VAN,
        reading(0, latitude=38.4631, longitude=23.5944, alarm=False),
        reading(1, latitude=38.4640, longitude=23.5950, alarm=True),
        reading(2, alarm=True),
        reading(3, alarm=False),
        reading(4, alarm=True),
    )

    assert statuses(updates) == ["ok", "alarm", "alarm", "ok", "alarm"]
    assert event_types(updates) == [[], ["vehicle.alarm"], [], [], ["vehicle.alarm"]]
    assert updates[1].events[0].detail["latitude"] == 38.4640
    assert updates[4].events[0].detail["longitude"] == 23.5950
