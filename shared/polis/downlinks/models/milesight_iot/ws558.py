"""Milesight WS558 smart light controller: eight circuits switched on and off, no dimming output.

Layouts, byte for byte as the vendor documents them:

- TheThingsNetwork/lorawan-devices ``vendor/milesight-iot/ws558-encoder.js`` (commit
  5e5e495b24ee72cb193d8dc14a58a3db6c410ef8): switch control ``08 <mask> <states>``; switch with
  delay ``ff 32 <task id> <delay s, uint16 LE> <mask> <states>``. Bit n-1 of a byte is circuit n;
  the mask names the circuits the command touches, the states byte sets each one on (1) or off (0).
- Milesight WS558 user guide, 5.3 Downlink Commands (the vendor's manual, not in the repository):
  application port 85 by default (the encoder returns no port); byte 1 of ``ff 32`` is 00; the
  device keeps one delay task, a later one replaces it.

The repository has no downlink examples with bytes for this model (``ws558-codec.yaml``, commit
62c8acdd7f0f1e43b65a86f6c158d83b3d0cd200, documents uplinks only), and no dimmable street-light
controller with a documented downlink (its one street-light module, ``acrios/acr-slc-100l-zhaga-dali``,
comes without a codec), so dimming is refused here rather than guessed.

A pending boost still switches its circuits off when its delay ends, even if staff switched them
on in the meantime; the encoder's cancel command (``ff 23``) is not sent by Polis yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from polis.downlinks.base import DownlinkEncoder, Frame
from polis.downlinks.commands import Command, CrossingBoost, SwitchChannels
from polis.downlinks.lookup import register

_FPORT = 85
_CIRCUITS = 8
_SWITCH = 0x08
_ADD_DELAY_TASK = (0xFF, 0x32)
# The guide's value. With a single task on the device, a boost requested during another replaces
# its switch-off, so a second pedestrian extends the light instead of being cut short.
_TASK_ID = 0x00
_LONGEST_DELAY_S = 0xFFFF


def _bits(circuits: Iterable[int]) -> int:
    return sum(1 << (n - 1) for n in set(circuits))


@register
class Ws558(DownlinkEncoder):
    model = "milesight-iot/ws558"

    def encode(self, command: Command) -> Frame:
        match command:
            case SwitchChannels(channels=states):
                self._check_circuits(command, states)
                on = [n for n, is_on in states.items() if is_on]
                return Frame(fport=_FPORT, payload=bytes((_SWITCH, _bits(states), _bits(on))))
            case CrossingBoost(channels=circuits, seconds=seconds):
                self._check_circuits(command, circuits)
                if seconds > _LONGEST_DELAY_S:
                    longest = f"its delay counts at most {_LONGEST_DELAY_S} s, not {seconds}"
                    raise self.cannot(command, longest)
                mask = _bits(circuits)
                # Both records in one frame (the device reads records one after another, as the
                # vendor encoder concatenates them), so the switch-on never arrives without its
                # switch-off, which would leave the crossing lit until someone noticed.
                on_now = (_SWITCH, mask, mask)
                off_later = (*_ADD_DELAY_TASK, _TASK_ID, *seconds.to_bytes(2, "little"), mask, 0x00)
                return Frame(fport=_FPORT, payload=bytes(on_now + off_later))
            case _:
                raise self.cannot(command, "its eight circuits only switch on and off")

    def _check_circuits(self, command: Command, circuits: Iterable[int]) -> None:
        beyond = sorted(n for n in circuits if n > _CIRCUITS)
        if beyond:
            raise self.cannot(command, f"it has circuits 1 to {_CIRCUITS}, not {beyond}")
