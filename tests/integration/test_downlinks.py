"""send_command against the template's table on moto; the AWS sender's requests through a Stubber.

moto has no IoT Wireless backend, so the AWS sender is checked against botocore's own model of
the API: the Stubber fails the test on any parameter that differs from the expected ones.
"""

from __future__ import annotations

from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber

from polis.devices.model import Device, Location
from polis.downlinks import (
    AwsIotWirelessSender,
    CommandRefused,
    CrossingBoost,
    RecordingSender,
    SetDimLevel,
    SwitchChannels,
    send_command,
)
from polis.downlinks.store import list_downlinks

CROSSING = Device(
    dev_eui="24e124468d421001",
    municipality="chalkida",
    model="milesight-iot/ws558",
    domain="lighting",
    location=Location(latitude=38.4636, longitude=23.5941),
    asset_id="crossing-venizelou",
    created_at=datetime(2026, 1, 12, tzinfo=UTC),
)
WIRELESS_ID = "1ffd32c8-8130-4194-96df-622f072a315f"
BOOST = CrossingBoost(channels={2}, seconds=30)
BOOST_BASE64 = "CAIC/zIAHgACAA=="  # 08 02 02 | ff 32 00 1e00 02 00


def test_recorded_downlinks_are_listed_newest_first(stack) -> None:
    sender = RecordingSender()

    boost = send_command(CROSSING, BOOST, sender)
    switch = send_command(CROSSING, SwitchChannels(channels={1: True}), sender, confirmed=False)

    assert [(t.frame.fport, t.frame.payload.hex(), t.confirmed) for t in sender.sent] == [
        (85, "080202ff32001e000200", True),
        (85, "080101", False),
    ]
    assert (boost.status, switch.status) == ("recorded-locally", "recorded-locally")
    assert list_downlinks("chalkida", CROSSING.dev_eui) == [switch, boost]
    assert list_downlinks("chalkida", "24e124468d421002") == []


def test_a_refused_command_is_neither_sent_nor_recorded(stack) -> None:
    sender = RecordingSender()

    with pytest.raises(CommandRefused, match="cannot set a dim level"):
        send_command(CROSSING, SetDimLevel(level_pct=50), sender)
    with pytest.raises(CommandRefused, match="decommissioned"):
        send_command(CROSSING.model_copy(update={"active": False}), BOOST, sender)

    assert sender.sent == []
    assert list_downlinks("chalkida", CROSSING.dev_eui) == []


@pytest.mark.parametrize(("confirmed", "transmit_mode"), [(True, 1), (False, 0)])
def test_the_aws_sender_resolves_the_dev_eui_and_sends_the_frame(stack, confirmed, transmit_mode) -> None:
    client = boto3.client("iotwireless")
    with Stubber(client) as stub:
        stub.add_response(
            "get_wireless_device",
            {"Id": WIRELESS_ID, "Type": "LoRaWAN", "LoRaWAN": {"DevEui": CROSSING.dev_eui}},
            {"Identifier": CROSSING.dev_eui, "IdentifierType": "DevEui"},
        )
        stub.add_response(
            "send_data_to_wireless_device",
            {"MessageId": "5f1b6d0e-downlink"},
            {
                "Id": WIRELESS_ID,
                "TransmitMode": transmit_mode,
                "PayloadData": BOOST_BASE64,
                "WirelessMetadata": {"LoRaWAN": {"FPort": 85}},
            },
        )

        downlink = send_command(CROSSING, BOOST, AwsIotWirelessSender(client), confirmed=confirmed)

        stub.assert_no_pending_responses()
    assert (downlink.status, downlink.message_id, downlink.reason) == ("sent", "5f1b6d0e-downlink", None)
    assert list_downlinks("chalkida", CROSSING.dev_eui) == [downlink]


def test_a_send_the_network_server_refuses_is_recorded_as_failed(stack) -> None:
    client = boto3.client("iotwireless")
    with Stubber(client) as stub:
        stub.add_client_error(
            "get_wireless_device",
            service_error_code="ResourceNotFoundException",
            service_message="Resource not found",
            http_status_code=404,
            expected_params={"Identifier": CROSSING.dev_eui, "IdentifierType": "DevEui"},
        )

        downlink = send_command(CROSSING, BOOST, AwsIotWirelessSender(client))

        stub.assert_no_pending_responses()
    assert downlink.status == "failed"
    assert downlink.reason == "ResourceNotFoundException: Resource not found"
    assert downlink.payload_hex == "080202ff32001e000200"
    assert list_downlinks("chalkida", CROSSING.dev_eui) == [downlink]
