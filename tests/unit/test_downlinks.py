"""Downlink encoders against the vendors' documented layouts, refusals, commands and senders.

The TTN repository documents no downlink bytes for the WS558 (``ws558-codec.yaml`` has uplink
examples only); its encoder ``vendor/milesight-iot/ws558-encoder.js`` (commit
5e5e495b24ee72cb193d8dc14a58a3db6c410ef8) documents example inputs. Each expected payload below is
what that encoder returns for the input quoted beside it, run with Node. A boost is two of its
records: the switch-on, then the switch-off as a delay task.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from polis.downlinks import (
    AwsIotWirelessSender,
    CommandRefused,
    CrossingBoost,
    DownlinkEncoder,
    RecordingSender,
    SetDimLevel,
    SwitchChannels,
    Transmission,
    configured_sender,
    get_encoder,
    register,
)
from polis.downlinks.commands import COMMAND

WS558 = "milesight-iot/ws558"

WS558_VECTORS = [
    pytest.param(
        # The encoder's own @example, spelt "on"/"off" as its code accepts (it rejects the 1/0
        # the comment shows, RAW_VALUE being 0).
        SwitchChannels(channels={1: True, 2: False, 3: True, 4: False, 5: True, 6: False, 7: True, 8: False}),
        "08ff55",
        id="encoder-example-all-eight",
    ),
    # {"switch_3": "on"}
    pytest.param(SwitchChannels(channels={3: True}), "080404", id="one-circuit-on"),
    # {"switch_1": "off", "switch_8": "on"}
    pytest.param(SwitchChannels(channels={1: False, 8: True}), "088180", id="first-off-last-on"),
    # {"switch_1": "on", "switch_3": "on"}
    # + {"task_id": 0, "delay_time": 300, "switch_1": "off", "switch_3": "off"}
    pytest.param(CrossingBoost(channels={1, 3}, seconds=300), "080505" + "ff32002c010500", id="boost-300s"),
    # {"switch_8": "on"} + {"task_id": 0, "delay_time": 65535, "switch_8": "off"}
    pytest.param(CrossingBoost(channels={8}, seconds=65535), "088080" + "ff3200ffff8000", id="boost-longest"),
    # {"switch_2": "on"} + {"task_id": 0, "delay_time": 1, "switch_2": "off"}
    pytest.param(CrossingBoost(channels={2}, seconds=1), "080202" + "ff320001000200", id="boost-1s"),
]


@pytest.mark.parametrize(("command", "payload_hex"), WS558_VECTORS)
def test_ws558_frames_match_the_vendor_encoder(command, payload_hex: str) -> None:
    frame = get_encoder(WS558).encode(command)

    assert frame.payload.hex() == payload_hex
    assert frame.fport == 85  # the user guide's default application port


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (
            SetDimLevel(level_pct=40),
            "ws558 cannot set a dim level: its eight circuits only switch on and off",
        ),
        (
            SwitchChannels(channels={2: True, 9: True}),
            "cannot switch circuits: it has circuits 1 to 8, not [9]",
        ),
        (
            CrossingBoost(channels={10, 1}, seconds=30),
            "cannot boost a crossing: it has circuits 1 to 8, not [10]",
        ),
        (CrossingBoost(channels={1}, seconds=65536), "its delay counts at most 65535 s, not 65536"),
    ],
)
def test_ws558_refuses_what_it_cannot_do(command, why: str) -> None:
    with pytest.raises(CommandRefused) as refused:
        get_encoder(WS558).encode(command)

    assert why in str(refused.value)


def test_a_model_without_an_encoder_takes_no_commands() -> None:
    with pytest.raises(CommandRefused, match=r"'dragino/ldds75' takes no commands"):
        get_encoder("dragino/ldds75")


def test_a_model_registers_once() -> None:
    get_encoder(WS558)

    class Again(DownlinkEncoder):
        model = WS558

        def encode(self, command):
            return get_encoder(WS558).encode(command)

    with pytest.raises(ValueError, match="registered twice"):
        register(Again)


@pytest.mark.parametrize(
    "make",
    [
        lambda: SetDimLevel(level_pct=101),
        lambda: SetDimLevel(level_pct=-1),
        lambda: SwitchChannels(channels={}),
        lambda: SwitchChannels(channels={0: True}),
        lambda: CrossingBoost(channels=set(), seconds=10),
        lambda: CrossingBoost(channels={1}, seconds=0),
        lambda: CrossingBoost(channels={1}, seconds=10, level_pct=100),
    ],
)
def test_commands_are_validated(make) -> None:
    with pytest.raises(ValidationError):
        make()


def test_a_command_parses_by_its_kind() -> None:
    boost = COMMAND.validate_json('{"kind": "crossing-boost", "channels": [2], "seconds": 30}')
    switch = COMMAND.validate_python({"kind": "switch-channels", "channels": {"1": True, "4": False}})

    assert boost == CrossingBoost(channels={2}, seconds=30)
    assert switch == SwitchChannels(channels={1: True, 4: False})
    assert COMMAND.validate_json(COMMAND.dump_json(boost)) == boost


def test_the_recording_sender_keeps_what_would_have_been_sent() -> None:
    sender = RecordingSender()
    frame = get_encoder(WS558).encode(SwitchChannels(channels={1: True}))

    receipt = sender.send("24e124468d421001", frame, confirmed=False)

    assert receipt.status == "recorded-locally"
    assert receipt.message_id is None
    assert sender.sent == [Transmission("24e124468d421001", frame, False)]


def test_the_sender_follows_the_setting(monkeypatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.delenv("POLIS_DOWNLINK_SENDER", raising=False)
    assert isinstance(configured_sender(), AwsIotWirelessSender)

    monkeypatch.setenv("POLIS_DOWNLINK_SENDER", "record")
    assert isinstance(configured_sender(), RecordingSender)

    monkeypatch.setenv("POLIS_DOWNLINK_SENDER", "carrier-pigeon")
    with pytest.raises(ValidationError):
        configured_sender()
