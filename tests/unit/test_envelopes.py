"""Each network server's uplink message normalizes to the same Uplink."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polis.ingestion.lorawan.envelopes import EnvelopeError, parse_uplink
from tests.support import event

SAMPLES = ["aws-iot-core", "the-things-stack", "chirpstack"]


@pytest.mark.parametrize("server", SAMPLES)
def test_sample_uplinks_normalize_to_the_same_frame(server):
    uplink = parse_uplink(event(f"lorawan/{server}/waste-ldds75.json"))

    assert uplink.dev_eui == "a84041000181c001"
    assert (uplink.fport, uplink.fcnt) == (2, 10)
    assert uplink.payload == bytes.fromhex("0D3B03840000FA01")
    assert uplink.received_at.replace(microsecond=0) == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert uplink.best_gateway.rssi == -92
    assert uplink.best_gateway.snr == 7.25


def test_the_network_server_is_recorded():
    assert {parse_uplink(event(f"lorawan/{s}/waste-ldds75.json")).network_server for s in SAMPLES} == {
        "aws-iot-core-lorawan",
        "the-things-stack",
        "chirpstack",
    }


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ([], "JSON object"),
        ({"hello": 1}, "none of WirelessDeviceId, end_device_ids, deviceInfo"),
        (
            {"deviceInfo": {"devEui": "a84041000181c001"}, "fPort": 2},
            "ChirpStackUplink: time: Field required",
        ),
        (
            {"deviceInfo": {"devEui": "zz"}, "time": "2026-11-20T08:15:00Z", "fPort": 2, "data": "AA=="},
            "DevEUI must be 16 hex digits",
        ),
    ],
)
def test_what_is_not_an_uplink_is_refused_with_the_reason(message, says):
    with pytest.raises(EnvelopeError, match=says):
        parse_uplink(message)
