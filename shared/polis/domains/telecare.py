"""Telecare: panic buttons and door sensors at beneficiaries' homes; ``panic.pressed`` on a call for help.

Every button press is a call for help of its own, so each one raises the event, even a press
whose reading arrives after a newer one (the state is left alone, the event says ``late``). An
alarm flag (a door left open too long) repeats in the frames after it, so it raises the event when
it turns on. The status is what the newest frame says: *alarm* when it carried a press or an
alarm flag, *ok* otherwise, a battery report included (the device is alive and nobody pressed).
Acknowledging a call is the call centre's work, outside the platform.
"""

from __future__ import annotations

from polis.assets import Asset, AssetKind
from polis.devices.model import Device
from polis.domains.common import Update, apply, event, flag, measured, new_state
from polis.events import DomainEvent
from polis.readings import Reading
from polis.state import AssetState

KINDS: tuple[AssetKind, ...] = ("beneficiary",)
MOMENTARY = ("alarm", "button_press")
"""What holds only for the frame that carries it: a later frame without it is not still pressed."""


def _press(reading: Reading) -> str | None:
    press = reading.quantities.get("button_press")
    return None if press is None else str(press.value)


def next_state(beneficiary: Asset, previous: AssetState | None, reading: Reading) -> Update:
    lasting = {k: q for k, q in (previous.values if previous else {}).items() if k not in MOMENTARY}
    values = {**lasting, **measured(reading)}
    press, alarm = _press(reading), bool(flag(reading.quantities, "alarm"))
    status = "alarm" if press is not None or alarm else "ok"
    state = new_state(beneficiary, reading, values, status)
    alarm_turned_on = alarm and (previous is None or previous.status != "alarm")
    if press is not None or alarm_turned_on:
        return Update(state, [event(beneficiary, reading, "panic.pressed", press=press, late=False)])
    return Update(state, [])


def late_presses(beneficiary: Asset, reading: Reading) -> list[DomainEvent]:
    press = _press(reading)
    if press is None:
        return []
    return [event(beneficiary, reading, "panic.pressed", press=press, late=True)]


def apply_reading(device: Device, reading: Reading) -> list[DomainEvent]:
    return apply(device, reading, KINDS, next_state, late_events=late_presses)
