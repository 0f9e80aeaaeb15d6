"""What every domain's state update shares: find the device's asset, read, compute, save newer-only.

Events come only from a state that was saved, computed from the state it replaced, so each
transition is reported once: a reading no newer than the stored state changes nothing (it is
still in the time series), and a concurrent one makes the loser recompute from the winner's state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from polis.assets import Asset, AssetKind
from polis.codecs.base import Quantity
from polis.devices.model import Device
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState
from polis.store import assets as asset_store
from polis.store import state as state_store

DEVICE_HEALTH = frozenset({"battery_voltage", "battery_level"})
"""Quantities about the device, not its asset: the device registry keeps them."""

_SAVE_ATTEMPTS = 3


class AssetNotFound(LookupError):
    pass


class StateContention(RuntimeError):
    """Concurrent readings kept replacing the state; the uplink is retried as a whole."""


class Update(NamedTuple):
    state: AssetState
    events: list[DomainEvent]


Transition = Callable[[Asset, AssetState | None, Reading], Update | None]
"""A domain's pure state transition; None when the reading says nothing about the asset."""


def apply(
    device: Device,
    reading: Reading,
    kinds: Iterable[AssetKind],
    transition: Transition,
    late_events: Callable[[Asset, Reading], list[DomainEvent]] | None = None,
) -> list[DomainEvent]:
    """Apply a reading to the state of the device's asset; the events of the transition it made.

    ``late_events`` are what a reading older than the stored state still has to report.
    """
    asset = _asset_of(device, tuple(kinds))
    for _ in range(_SAVE_ATTEMPTS):
        previous = state_store.get_state(asset.municipality, reading.domain, asset.asset_id)
        if previous is not None and reading.observed_at <= previous.observed_at:
            return late_events(asset, reading) if late_events else []
        update = transition(asset, previous, reading)
        if update is None:
            return []
        if state_store.save_state_if_newer(update.state, previous):
            return update.events
    raise StateContention(f"the state of {asset.kind} {asset.asset_id} kept changing under {reading.dev_eui}")


def _asset_of(device: Device, kinds: tuple[AssetKind, ...]) -> Asset:
    if device.asset_id is None:
        raise AssetNotFound(f"device {device.dev_eui} is not attached to an asset")
    asset = asset_store.get_asset(device.municipality, device.asset_id, kinds)
    if asset is None:
        raise AssetNotFound(f"no {' or '.join(kinds)} {device.asset_id} for device {device.dev_eui}")
    return asset


def measured(reading: Reading) -> dict[str, Quantity]:
    """What the reading says about the asset."""
    return {name: q for name, q in reading.quantities.items() if name not in DEVICE_HEALTH}


def latest_values(previous: AssetState | None, reading: Reading) -> dict[str, Quantity]:
    """The last known value of each quantity: a frame that does not carry one keeps the older."""
    return {**(previous.values if previous else {}), **measured(reading)}


def number(values: Mapping[str, Quantity], name: str) -> float | None:
    quantity = values.get(name)
    if quantity is None or isinstance(quantity.value, bool | str):
        return None
    return float(quantity.value)


def flag(values: Mapping[str, Quantity], name: str) -> bool | None:
    quantity = values.get(name)
    return quantity.value if quantity is not None and isinstance(quantity.value, bool) else None


def new_state(asset: Asset, reading: Reading, values: dict[str, Quantity], status: str | None) -> AssetState:
    return AssetState(
        municipality=asset.municipality,
        domain=reading.domain,
        asset_id=asset.asset_id,
        dev_eui=reading.dev_eui,
        observed_at=reading.observed_at,
        values=values,
        status=status,
    )


def event(asset: Asset, reading: Reading, detail_type: str, **detail: Any) -> DomainEvent:
    """A domain event about the asset, saying which reading raised it."""
    return DomainEvent(
        detail_type=detail_type,
        municipality=asset.municipality,
        detail={
            "asset_id": asset.asset_id,
            "dev_eui": reading.dev_eui,
            "observed_at": reading.observed_at.isoformat(),
            **detail,
        },
    )
