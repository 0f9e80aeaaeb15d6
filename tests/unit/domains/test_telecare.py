from polis.domains.telecare import late_presses, next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

HOME = asset("beneficiary")


def test_every_press_is_a_call_for_help():
    updates = replay(
        next_state,
        HOME,
        reading(0, alarm=True, button_press="short"),
        reading(1, alarm=True, button_press="double"),
        reading(60, battery_level=100),
        reading(61, alarm=True, button_press="long"),
    )

    assert statuses(updates) == ["alarm", "alarm", "ok", "alarm"]
    assert event_types(updates) == [["panic.pressed"], ["panic.pressed"], [], ["panic.pressed"]]
    assert updates[1].events[0].detail["press"] == "double"
    assert updates[1].events[0].detail["late"] is False


def test_a_frame_after_a_press_is_not_still_pressed():
    updates = replay(
        next_state, HOME, reading(0, alarm=True, button_press="short"), reading(1, battery_level=90)
    )

    assert set(updates[-1].state.values) == set()


def test_a_repeated_alarm_flag_is_one_call():
    updates = replay(
        next_state,
        HOME,
        reading(0, door_open=True, alarm=True),
        reading(10, door_open=True, alarm=True),
        reading(20, door_open=False, alarm=False),
        reading(30, door_open=True, alarm=True),
    )

    assert event_types(updates) == [["panic.pressed"], [], [], ["panic.pressed"]]
    assert updates[0].events[0].detail["press"] is None


def test_a_late_press_still_calls_but_a_late_flag_or_report_does_not():
    [late] = late_presses(HOME, reading(0, alarm=True, button_press="short"))

    assert late.detail_type == "panic.pressed"
    assert late.detail["late"] is True
    assert late_presses(HOME, reading(0, door_open=True, alarm=True)) == []
    assert late_presses(HOME, reading(0, battery_level=80)) == []
