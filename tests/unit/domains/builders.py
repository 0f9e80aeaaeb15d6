"""Assets, readings and replays for the domains' pure transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from polis.assets import Asset
from polis.codecs.quantities import Value, quantities
from polis.devices.model import Location
from polis.domains.common import Transition, Update
from polis.readings import Reading
from polis.state import AssetState

DEV_EUI = "a84041000181c0de"
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def asset(kind: str, **settings: float | str) -> Asset:
    return Asset(
        municipality="chalkida",
        asset_id=f"{kind}-1",
        kind=kind,
        location=Location(latitude=38.46, longitude=23.59),
        settings=settings,
    )


def reading(minute: float = 0, dev_eui: str = DEV_EUI, **values: Value) -> Reading:
    """A reading ``minute`` minutes after T0 with these quantities (units from the vocabulary)."""
    return Reading(
        municipality="chalkida",
        dev_eui=dev_eui,
        domain="test",
        observed_at=T0 + timedelta(minutes=minute),
        fport=1,
        fcnt=int(minute),
        quantities=quantities(values),
    )


def replay(transition: Transition, subject: Asset, *readings: Reading) -> list[Update | None]:
    """Each reading's update, in order, each from the state the one before left (as ``apply`` does)."""
    state: AssetState | None = None
    updates = []
    for r in readings:
        update = transition(subject, state, r)
        updates.append(update)
        if update is not None:
            state = update.state
    return updates


def event_types(updates: list[Update | None]) -> list[list[str]]:
    return [[e.detail_type for e in u.events] if u else [] for u in updates]


def statuses(updates: list[Update | None]) -> list[str | None]:
    return [u.state.status if u else None for u in updates]
