from datetime import UTC, datetime

import pytest

from polis.assets import AssetMisconfigured
from polis.domains.occupancy import movement, next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

HALL = asset("building", capacity=50)


def _inside(updates):
    return [u.state.values["people_inside"].value if u else None for u in updates]


def test_people_inside_add_up_from_period_counts_and_never_go_below_zero():
    updates = replay(
        next_state,
        HALL,
        reading(0, people_in=13, people_out=2),
        reading(10, people_in=0, people_out=5),
        reading(20, people_in=1, people_out=30),
        reading(30, people_in=4, people_out=0),
    )

    assert _inside(updates) == [11, 6, 0, 4]


def test_over_capacity_is_reported_once_each_time_it_is_crossed():
    updates = replay(
        next_state,
        HALL,
        reading(0, people_in=50, people_out=0),  # at capacity, not over it
        reading(10, people_in=3, people_out=0),
        reading(20, people_in=2, people_out=0),
        reading(30, people_in=0, people_out=10),
        reading(40, people_in=20, people_out=0),
    )

    assert _inside(updates) == [50, 53, 55, 45, 65]
    assert statuses(updates) == ["normal", "over_capacity", "over_capacity", "normal", "over_capacity"]
    assert event_types(updates) == [[], ["building.over_capacity"], [], [], ["building.over_capacity"]]
    assert updates[1].events[0].detail["inside"] == 53
    assert updates[1].events[0].detail["capacity"] == 50


def test_running_totals_count_from_the_same_devices_previous_frame():
    updates = replay(
        next_state,
        HALL,
        reading(0, people_in_total=1000, people_out_total=900),  # sets the baseline only
        reading(10, people_in_total=1012, people_out_total=903),
        reading(20, people_in_total=3, people_out_total=1),  # the counter restarted
    )

    assert _inside(updates) == [0, 9, 11]


def test_totals_of_another_device_are_no_baseline():
    first = reading(0, people_in_total=1000, people_out_total=900)
    [update] = replay(next_state, HALL, first)

    other = reading(10, dev_eui="24e124000000aaaa", people_in_total=40, people_out_total=60)

    assert movement(update.state, other) == (0, 0)


def test_a_frame_that_counted_nothing_changes_nothing():
    assert next_state(HALL, None, reading(0)) is None


def test_the_count_starts_again_on_a_new_day_in_athens():
    before_midnight = reading(0, people_in=30, people_out=0)
    after_midnight = reading(0, people_in=2, people_out=0)
    # 21:59 and 22:01 UTC on a winter evening are either side of midnight in Athens (UTC+2).
    before_midnight = before_midnight.model_copy(
        update={"observed_at": datetime(2026, 11, 20, 21, 59, tzinfo=UTC)}
    )
    after_midnight = after_midnight.model_copy(
        update={"observed_at": datetime(2026, 11, 20, 22, 1, tzinfo=UTC)}
    )

    assert _inside(replay(next_state, HALL, before_midnight, after_midnight)) == [30, 2]


def test_a_building_without_a_capacity_is_misconfigured():
    with pytest.raises(AssetMisconfigured, match="capacity"):
        next_state(asset("building"), None, reading(0, people_in=1, people_out=0))
