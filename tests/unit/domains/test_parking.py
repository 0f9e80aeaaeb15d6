from polis.domains.parking import next_state
from tests.unit.domains.builders import asset, event_types, reading, replay, statuses

SPOT = asset("parking_spot")


def test_a_spot_reports_each_change_once():
    updates = replay(
        next_state,
        SPOT,
        reading(0, occupied=True),
        reading(1, occupied=True, temperature=12),  # heartbeat
        reading(2, occupied=False),
        reading(3, occupied=False),
        reading(4, occupied=True),
    )

    assert statuses(updates) == ["occupied", "occupied", "free", "free", "occupied"]
    assert event_types(updates) == [["spot.occupied"], [], ["spot.freed"], [], ["spot.occupied"]]


def test_the_event_names_the_spot_and_the_reading():
    [update] = replay(next_state, SPOT, reading(0, occupied=False))

    [event] = update.events
    assert event.municipality == "chalkida"
    assert event.detail == {
        "asset_id": "parking_spot-1",
        "dev_eui": update.state.dev_eui,
        "observed_at": "2026-11-20T08:00:00+00:00",
    }


def test_a_frame_without_occupancy_changes_nothing():
    assert next_state(SPOT, None, reading(0)) is None
    assert next_state(SPOT, None, reading(0, battery_voltage=3.6)) is None
