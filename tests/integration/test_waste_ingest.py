"""The waste ingest function against moto, invoked as Lambda would invoke it."""

from __future__ import annotations

import base64
import copy
import json

import boto3
import pytest

from polis.store import readings as reading_store
from polis.store.rejects import list_rejects
from polis.waste.store import bins as bin_store
from tests.support import event

UPLINK = "lorawan/aws-iot-core/waste-ldds75.json"


def _uplink(fcnt: int = 10, timestamp: str = "2026-11-20T08:15:00Z", payload_hex: str | None = None) -> dict:
    message = copy.deepcopy(event(UPLINK))
    lorawan = message["WirelessMetadata"]["LoRaWAN"]
    lorawan["FCnt"] = fcnt
    lorawan["Timestamp"] = timestamp
    if payload_hex is not None:
        message["PayloadData"] = base64.b64encode(bytes.fromhex(payload_hex)).decode()
    return message


def test_uplink_becomes_a_reading_and_the_bins_fill(runtime, chalkida_bin):
    outcome = runtime.invoke("WasteIngestFunction", event(UPLINK))

    assert outcome["status"] == "stored"
    readings = reading_store.latest_readings("chalkida", chalkida_bin.dev_eui)
    assert [r.fcnt for r in readings] == [10]
    assert readings[0].quantities["distance"].value == 900
    assert readings[0].quantities["distance"].unit == "mm"
    stored_bin = bin_store.get_bin("chalkida", chalkida_bin.bin_id)
    assert stored_bin.fill_pct == 25.0  # 900 mm free of 1200 mm


@pytest.mark.parametrize("envelope", ["the-things-stack", "chirpstack"])
def test_every_network_server_envelope_is_ingested(runtime, chalkida_bin, envelope):
    outcome = runtime.invoke("WasteIngestFunction", event(f"lorawan/{envelope}/waste-ldds75.json"))

    assert outcome["status"] == "stored"
    assert bin_store.get_bin("chalkida", chalkida_bin.bin_id).fill_pct == 25.0


def test_a_duplicate_uplink_is_stored_once_and_kept_as_a_reject(runtime, chalkida_bin):
    first = runtime.invoke("WasteIngestFunction", _uplink())
    heard_again = _uplink()
    heard_again["WirelessMetadata"]["LoRaWAN"]["Gateways"][0]["GatewayEui"] = "b827ebfffe6c3a02"
    second = runtime.invoke("WasteIngestFunction", heard_again)

    assert (first["status"], second["status"]) == ("stored", "duplicate")
    assert len(reading_store.latest_readings("chalkida", chalkida_bin.dev_eui)) == 1
    [reject] = list_rejects("chalkida")
    assert reject.reason == "duplicate-uplink"
    assert reject.raw == heard_again


def test_an_older_uplink_never_overwrites_newer_state(runtime, chalkida_bin):
    newer = _uplink(fcnt=11, timestamp="2026-11-20T09:00:00Z", payload_hex="0D3B012C0000FA01")  # 300 mm
    older = _uplink(fcnt=10, timestamp="2026-11-20T08:00:00Z", payload_hex="0D3B03840000FA01")  # 900 mm
    runtime.invoke("WasteIngestFunction", newer)
    runtime.invoke("WasteIngestFunction", older)

    stored_bin = bin_store.get_bin("chalkida", chalkida_bin.bin_id)
    assert stored_bin.fill_pct == 75.0
    assert stored_bin.observed_at.isoformat().startswith("2026-11-20T09:00:00")
    # The late reading still belongs in the time series.
    assert sorted(r.fcnt for r in reading_store.latest_readings("chalkida", chalkida_bin.dev_eui)) == [10, 11]


def test_an_undecodable_payload_is_rejected_with_its_reason(runtime, chalkida_bin):
    message = _uplink(payload_hex="0D3B0AEF01")  # 5 bytes: the LDDS75 frame has 8

    outcome = runtime.invoke("WasteIngestFunction", message)

    assert outcome["status"] == "rejected"
    [reject] = list_rejects("chalkida")
    assert reject.reason == "undecodable-payload"
    assert "dragino/ldds75" in reject.detail
    assert "short" in reject.detail
    assert reject.raw == message
    assert bin_store.get_bin("chalkida", chalkida_bin.bin_id).fill_pct is None


def test_an_uplink_from_an_unknown_device_is_kept_for_the_platform(runtime, chalkida_bin):
    message = _uplink()
    message["WirelessMetadata"]["LoRaWAN"]["DevEui"] = "0011223344556677"

    outcome = runtime.invoke("WasteIngestFunction", message)

    assert outcome == {**outcome, "status": "rejected", "reason": "unknown-device"}
    [reject] = list_rejects(None)
    assert reject.dev_eui == "0011223344556677"
    assert "no device with DevEUI 0011223344556677" in reject.detail
    assert list_rejects("chalkida") == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda m: m.pop("WirelessMetadata"), "WirelessMetadata: Field required"),
        (lambda m: m.update(PayloadData="not base64!"), "not valid base64"),
        (lambda m: m.clear(), "not an AWS IoT Core for LoRaWAN"),
    ],
)
def test_a_malformed_message_is_rejected_with_its_reason(runtime, stack, mutate, expected):
    message = _uplink()
    mutate(message)

    outcome = runtime.invoke("WasteIngestFunction", message)

    assert outcome["reason"] == "malformed-envelope"
    [reject] = list_rejects(None)
    assert expected in reject.detail


def test_a_device_of_another_domain_is_rejected(runtime, stack):
    from datetime import UTC, datetime

    from polis.devices.model import Device, Location
    from polis.store.devices import add_device

    add_device(
        Device(
            dev_eui="a84041000181c001",
            municipality="chalkida",
            model="dragino/ldds75",
            domain="parking",
            location=Location(latitude=38.46, longitude=23.59),
            created_at=datetime.now(UTC),
        )
    )

    outcome = runtime.invoke("WasteIngestFunction", _uplink())

    assert outcome["reason"] == "wrong-domain"
    [reject] = list_rejects("chalkida")
    assert "is a parking device, received as waste" in reject.detail


def test_a_bin_crossing_its_threshold_publishes_bin_full(runtime, stack, chalkida_bin):
    sqs = boto3.client("sqs")
    events = boto3.client("events")
    queue_url = sqs.create_queue(QueueName="bin-full-watch")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = stack.physical_name("EventBus")
    events.put_rule(Name="watch", EventBusName=bus, EventPattern=json.dumps({"detail-type": ["bin.full"]}))
    events.put_targets(Rule="watch", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])

    runtime.invoke("WasteIngestFunction", _uplink(fcnt=1, payload_hex="0D3B00C80000FA01"))  # 200 mm: 83 %

    [message] = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)["Messages"]
    detail = json.loads(message["Body"])["detail"]
    assert detail == {
        "municipality": "chalkida",
        "bin_id": chalkida_bin.bin_id,
        "fill_pct": 83.3,
        "dev_eui": chalkida_bin.dev_eui,
    }


def test_a_failing_asynchronous_invocation_lands_in_the_dead_letter_queue(runtime, stack, chalkida_bin):
    boto3.client("dynamodb").delete_table(TableName=stack.physical_name("PolisTable"))

    runtime.invoke_async("WasteIngestFunction", _uplink()).result(timeout=30)

    sqs = boto3.client("sqs")
    queue_url = stack.queue_url("WasteIngestDeadLetterQueue")
    [message] = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(message["Body"]) == _uplink()
    assert "ResourceNotFound" in message["MessageAttributes"]["ErrorMessage"]["StringValue"]
