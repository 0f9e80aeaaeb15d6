"""The wrapper every domain shares, with the store replaced by a dictionary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polis.devices.model import Device, Location
from polis.domains import common, parking
from polis.domains.common import AssetNotFound, StateContention, apply
from tests.unit.domains.builders import DEV_EUI, asset, reading

SPOT = asset("parking_spot")


def _device(asset_id: str | None = SPOT.asset_id) -> Device:
    return Device(
        dev_eui=DEV_EUI,
        municipality="chalkida",
        model="bosch/tps110",
        domain="parking",
        location=Location(latitude=38.46, longitude=23.59),
        asset_id=asset_id,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


class FakeStore:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.state = None
        self.meddle = 0  # how many saves a concurrent writer wins first
        self.intruder = None
        monkeypatch.setattr(common.asset_store, "get_asset", self.get_asset)
        monkeypatch.setattr(common.state_store, "get_state", lambda *_: self.state)
        monkeypatch.setattr(common.state_store, "save_state_if_newer", self.save)

    def get_asset(self, municipality, asset_id, kinds):
        return SPOT if asset_id == SPOT.asset_id and SPOT.kind in kinds else None

    def save(self, state, previous):
        if self.meddle:
            self.meddle -= 1
            self.state = self.intruder
            return False
        if self.state is not previous:
            return False
        self.state = state
        return True


def test_an_older_reading_changes_nothing_and_raises_nothing(monkeypatch):
    store = FakeStore(monkeypatch)
    apply(_device(), reading(10, occupied=True), parking.KINDS, parking.next_state)

    events = apply(_device(), reading(5, occupied=False), parking.KINDS, parking.next_state)

    assert events == []
    assert store.state.status == "occupied"


def test_a_reading_as_old_as_the_state_is_not_applied_twice(monkeypatch):
    FakeStore(monkeypatch)
    first = apply(_device(), reading(10, occupied=True), parking.KINDS, parking.next_state)

    again = apply(_device(), reading(10, occupied=True), parking.KINDS, parking.next_state)

    assert [e.detail_type for e in first] == ["spot.occupied"]
    assert again == []


def test_a_concurrent_update_is_recomputed_from_the_state_it_left(monkeypatch):
    store = FakeStore(monkeypatch)
    # Another reading saves "occupied" between this one's read and its save.
    store.intruder = parking.next_state(SPOT, None, reading(1, occupied=True)).state
    store.meddle = 1

    events = apply(_device(), reading(2, occupied=True), parking.KINDS, parking.next_state)

    assert events == []  # the other reading reported the change
    assert store.state.observed_at == reading(2).observed_at


def test_a_state_that_keeps_changing_fails_the_uplink_for_a_retry(monkeypatch):
    store = FakeStore(monkeypatch)
    store.intruder = None
    store.meddle = 10

    with pytest.raises(StateContention):
        apply(_device(), reading(2, occupied=True), parking.KINDS, parking.next_state)


def test_late_events_are_asked_for_an_older_reading(monkeypatch):
    FakeStore(monkeypatch)
    apply(_device(), reading(10, occupied=True), parking.KINDS, parking.next_state)
    late = []

    apply(
        _device(),
        reading(5, occupied=False),
        parking.KINDS,
        parking.next_state,
        lambda a, r: late.append(r) or [],
    )

    assert [r.observed_at for r in late] == [reading(5).observed_at]


@pytest.mark.parametrize(
    ("asset_id", "message"),
    [
        (None, "device a84041000181c0de is not attached to an asset"),
        ("light-7", "no parking_spot light-7 for device a84041000181c0de"),
    ],
)
def test_a_device_without_its_asset_is_refused(monkeypatch, asset_id, message):
    FakeStore(monkeypatch)

    with pytest.raises(AssetNotFound, match=message):
        apply(_device(asset_id), reading(0, occupied=True), parking.KINDS, parking.next_state)
