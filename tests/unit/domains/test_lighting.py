from polis.domains.lighting import next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

LIGHT = asset("light", rated_power_w=60)
OFF = {f"switch_{n}": False for n in range(1, 9)}
ON = {**OFF, "switch_1": True}


def test_a_switched_on_light_drawing_next_to_nothing_is_a_fault_once():
    updates = replay(
        next_state,
        LIGHT,
        reading(0, power=0, **OFF),
        reading(10, power=58, **ON),
        reading(20, power=3, **ON),  # under 10 % of 60 W
        reading(30, power=2, **ON),
        reading(40, power=0, **OFF),
        reading(50, power=1, **ON),
    )

    assert statuses(updates) == ["off", "on", "fault", "fault", "off", "fault"]
    assert event_types(updates) == [[], [], ["light.fault"], [], [], ["light.fault"]]
    assert updates[2].events[0].detail["power_w"] == 3


def test_without_a_rated_power_under_1_w_is_a_fault():
    unrated = asset("crossing")

    updates = replay(next_state, unrated, reading(0, power=0.5, **ON), reading(1, power=2, **ON))

    assert statuses(updates) == ["fault", "on"]


def test_power_from_before_the_switching_is_no_fault():
    updates = replay(
        next_state,
        LIGHT,
        reading(0, power=0, voltage=230, **OFF),
        reading(1, **ON),  # switched on by a command: the frame has no power yet
        reading(2, power=60, **ON),
    )

    assert statuses(updates) == ["off", "on", "on"]
    assert event_types(updates) == [[], [], []]


def test_a_fault_holds_through_frames_that_cannot_show_it():
    updates = replay(
        next_state, LIGHT, reading(0, power=0, **ON), reading(1, voltage=229.5), reading(2, energy=1.1)
    )

    assert statuses(updates) == ["fault", "fault", "fault"]
    assert event_types(updates) == [["light.fault"], [], []]


def test_a_controller_that_never_reported_its_switches_has_no_status():
    [update] = replay(next_state, LIGHT, reading(0, voltage=222.6))

    assert update.state.status is None
    assert update.events == []
