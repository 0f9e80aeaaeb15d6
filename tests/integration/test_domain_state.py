"""Every domain's latest state and events through the ingest pipeline, against moto.

Payloads are the vendors' documented vectors (tests/data/codecs/).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from polis.assets import Asset
from polis.devices.model import Device, Location
from polis.ingestion.lorawan.uplink import Uplink
from polis.ingestion.pipeline import UplinkRejected, ingest
from polis.store import readings as reading_store
from polis.store.assets import AssetIdTaken, list_assets, put_asset
from polis.store.devices import add_device
from polis.store.state import get_state, list_states

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
HERE = Location(latitude=38.4631, longitude=23.5944)

Events = Callable[[], list[tuple[str, dict]]]


@pytest.fixture
def published(stack) -> Events:
    """Every domain event published from now on, drained in order of arrival."""
    sqs, bridge = boto3.client("sqs"), boto3.client("events")
    queue_url = sqs.create_queue(QueueName="domain-events-watch")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = stack.physical_name("EventBus")
    bridge.put_rule(Name="watch", EventBusName=bus, EventPattern=json.dumps({"source": ["polis"]}))
    bridge.put_targets(Rule="watch", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])

    def drain() -> list[tuple[str, dict]]:
        seen = []
        while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages"):
            for m in messages:
                body = json.loads(m["Body"])
                seen.append((body["detail-type"], body["detail"]))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
        return seen

    return drain


def _provision(domain: str, model: str, kind: str, dev_eui: str, **settings: float) -> Asset:
    asset = Asset(
        municipality="chalkida", asset_id=f"{kind}-1", kind=kind, name=kind, location=HERE, settings=settings
    )
    put_asset(asset)
    add_device(
        Device(
            dev_eui=dev_eui,
            municipality="chalkida",
            model=model,
            domain=domain,
            location=HERE,
            asset_id=asset.asset_id,
            created_at=T0 - timedelta(days=1),
        )
    )
    return asset


def _send(dev_eui: str, domain: str, minute: int, payload_hex: str, fport: int = 85) -> list[str]:
    uplink = Uplink(
        dev_eui=dev_eui,
        fport=fport,
        fcnt=minute,
        payload=bytes.fromhex(payload_hex),
        received_at=T0 + timedelta(minutes=minute),
        network_server="aws-iot-core-lorawan",
    )
    return ingest(uplink, domain).events


def test_a_parking_spot_reports_taken_and_freed_and_ignores_a_late_reading(published):
    spot = _provision("parking", "bosch/tps110", "parking_spot", "fcd6bd0000000001")

    assert _send("fcd6bd0000000001", "parking", 10, "01", fport=1) == ["spot.occupied"]
    assert _send("fcd6bd0000000001", "parking", 20, "01FF", fport=2) == []  # heartbeat, still taken
    assert _send("fcd6bd0000000001", "parking", 30, "00", fport=1) == ["spot.freed"]
    assert _send("fcd6bd0000000001", "parking", 25, "01", fport=1) == []  # older than the state

    state = get_state("chalkida", "parking", spot.asset_id)
    assert (state.status, state.observed_at) == ("free", T0 + timedelta(minutes=30))
    assert state.values["temperature"].value == -1
    assert [kind for kind, _ in published()] == ["spot.occupied", "spot.freed"]
    assert len(reading_store.latest_readings("chalkida", "fcd6bd0000000001")) == 4


def test_an_air_station_reports_poor_air_once(published):
    station = _provision("environment", "decentlab/dl-pm", "air_station", "70b3d57ba0000001")

    _send(
        "70b3d57ba0000001",
        "environment",
        0,
        "021B50000F0C25002500270027002701F50107012C012D012D012D67BD618DBD10",
    )
    _send("70b3d57ba0000001", "environment", 10, "0204120002007B00BB00D200FE028A032503B803CA03CE03CF")  # 18.7
    _send(
        "70b3d57ba0000001",
        "environment",
        20,
        "022A01000F0BAB03DA05F40712083D03341006140714B714D314DB480BCAC1C805",
    )
    _send(
        "70b3d57ba0000001",
        "environment",
        30,
        "022A01000F0BAB03DA05F40712083D03341006140714B714D314DB480BCAC1C805",
    )

    state = get_state("chalkida", "environment", station.asset_id)
    assert state.status == "poor"
    assert state.values["pm2_5"].model_dump() == {"value": 152.4, "unit": "ug/m3"}
    assert "battery_voltage" not in state.values
    air = [(kind, detail) for kind, detail in published() if kind == "air.quality.poor"]
    assert air == [
        (
            "air.quality.poor",
            {
                "municipality": "chalkida",
                "asset_id": station.asset_id,
                "dev_eui": "70b3d57ba0000001",
                "observed_at": "2026-11-20T08:20:00+00:00",
                "pm2_5": 152.4,
                "threshold": 25.0,
            },
        )
    ]


def test_a_lit_crossing_drawing_too_little_is_a_fault(published):
    crossing = _provision(
        "lighting", "milesight-iot/ws558", "crossing", "24e1240000000001", rated_power_w=1000
    )
    full_report = "0374D80804803C00000005815F06831027000007C9F40108310003"  # circuits 1-2 on, 60 W

    assert _send("24e1240000000001", "lighting", 0, full_report) == ["light.fault"]
    assert _send("24e1240000000001", "lighting", 20, full_report) == []
    assert _send("24e1240000000001", "lighting", 40, "0831FF00") == []  # switched off

    state = get_state("chalkida", "lighting", crossing.asset_id)
    assert state.status == "off"
    assert state.values["energy"].model_dump() == {"value": 10.0, "unit": "kW.h"}
    assert [kind for kind, _ in published()] == ["light.fault"]


def test_a_river_station_raises_and_clears_the_flood_alarm(published):
    river = _provision(
        "hydromet",
        "decentlab/dl-mbx",
        "river_station",
        "70b3d57ba0000002",
        sensor_height_m=5,
        warning_level_m=3,
        alarm_level_m=4,
    )

    assert _send("70b3d57ba0000002", "hydromet", 0, "0201300003028000200CF0", fport=1) == [
        "flood.alarm"
    ]  # 640 mm
    assert _send("70b3d57ba0000002", "hydromet", 10, "02012F000109C4000A", fport=1) == [
        "flood.cleared"
    ]  # 2500 mm

    state = get_state("chalkida", "hydromet", river.asset_id)
    assert (state.status, state.values["water_level"].value) == ("normal", 2.5)
    [(_, alarm), (_, cleared)] = published()
    assert alarm["level_m"] == 4.36
    assert cleared["level_m"] == 2.5


def test_a_building_counts_people_from_running_totals(published):
    hall = _provision("occupancy", "milesight-iot/vs133", "building", "24e1240000000002", capacity=50)

    assert _send("24e1240000000002", "occupancy", 0, "09D20A0000000AD2140000000CD21E0000000DD228000000") == []
    assert _send("24e1240000000002", "occupancy", 10, "03D2DC05000004D298050000") == [
        "building.over_capacity"
    ]

    state = get_state("chalkida", "occupancy", hall.asset_id)
    assert state.values["people_inside"].value == 88  # (1500 - 40) in, (1432 - 60) out
    assert state.status == "over_capacity"
    [(_, detail)] = published()
    assert (detail["inside"], detail["capacity"]) == (88, 50)


def test_a_vehicle_keeps_its_position_and_reports_an_sos(published):
    van = _provision("fleet", "dragino/lgt92", "vehicle", "a840410000000003")

    assert _send("a840410000000003", "fleet", 0, "02E97E260023E45E4CE5A2FB2E11D7", fport=2) == [
        "vehicle.alarm"
    ]
    assert (
        _send("a840410000000003", "fleet", 1, "00000000000000000E74650064FF38000000", fport=2) == []
    )  # no fix

    state = get_state("chalkida", "fleet", van.asset_id)
    assert state.status == "ok"
    assert (state.values["latitude"].value, state.values["longitude"].value) == (48.856614, 2.352222)
    assert [kind for kind, _ in published()] == ["vehicle.alarm"]


def test_every_panic_press_calls_even_a_late_one(published):
    home = _provision("telecare", "milesight-iot/ws101", "beneficiary", "24e1240000000003")

    assert _send("24e1240000000003", "telecare", 0, "FF2E01") == ["panic.pressed"]
    assert _send("24e1240000000003", "telecare", 1, "FF2E03") == ["panic.pressed"]
    assert _send("24e1240000000003", "telecare", 60, "017564") == []
    assert _send("24e1240000000003", "telecare", 30, "FF2E02") == [
        "panic.pressed"
    ]  # arrives after a newer one

    state = get_state("chalkida", "telecare", home.asset_id)
    assert (state.status, state.observed_at) == ("ok", T0 + timedelta(minutes=60))
    assert [(d["press"], d["late"]) for _, d in published()] == [
        ("short", False),
        ("double", False),
        ("long", True),
    ]


def test_a_battery_running_low_is_reported_once(published):
    _provision("telecare", "milesight-iot/ws101", "beneficiary", "24e1240000000004")

    assert _send("24e1240000000004", "telecare", 0, "017564") == []  # 100 %
    assert _send("24e1240000000004", "telecare", 10, "FF2E0001750F") == ["battery.low"]  # 15 %
    assert _send("24e1240000000004", "telecare", 20, "01750F") == []
    assert _send("24e1240000000004", "telecare", 5, "017505") == []  # a late reading is not the battery's now
    assert _send("24e1240000000004", "telecare", 30, "017564") == []  # replaced
    assert _send("24e1240000000004", "telecare", 40, "01750F") == ["battery.low"]

    [(_, detail), _] = published()
    assert detail == {
        "municipality": "chalkida",
        "dev_eui": "24e1240000000004",
        "model": "milesight-iot/ws101",
        "domain": "telecare",
        "asset_id": "beneficiary-1",
        "observed_at": "2026-11-20T08:10:00+00:00",
        "battery_level": 15.0,
        "threshold": 20.0,
    }


def test_a_device_whose_asset_is_missing_or_misconfigured_is_rejected_after_its_reading_is_stored(stack):
    _provision("hydromet", "milesight-iot/em500-swl", "river_station", "24e1240000000005")  # no thresholds
    add_device(
        Device(
            dev_eui="fcd6bd0000000003",
            municipality="chalkida",
            model="bosch/tps110",
            domain="parking",
            location=HERE,
            asset_id="spot-404",
            created_at=T0,
        )
    )

    with pytest.raises(UplinkRejected) as no_asset:
        _send("fcd6bd0000000003", "parking", 0, "01", fport=1)
    with pytest.raises(UplinkRejected) as misconfigured:
        _send("24e1240000000005", "hydromet", 0, "03772C01")

    assert (no_asset.value.reason, misconfigured.value.reason) == ("no-asset", "asset-misconfigured")
    assert "no parking_spot spot-404" in no_asset.value.detail
    assert misconfigured.value.detail == "river_station river_station-1 has no setting warning_level_m"
    assert len(reading_store.latest_readings("chalkida", "fcd6bd0000000003")) == 1
    assert len(reading_store.latest_readings("chalkida", "24e1240000000005")) == 1


def test_an_asset_id_belongs_to_one_asset_of_a_municipality(stack):
    spot = _provision("parking", "bosch/tps110", "parking_spot", "fcd6bd0000000004")

    with pytest.raises(AssetIdTaken):
        put_asset(spot.model_copy(update={"kind": "light"}))
    put_asset(spot.model_copy(update={"name": "Spot by the bridge"}))

    assert [a.name for a in list_assets("chalkida", "parking_spot")] == ["Spot by the bridge"]
    assert list_assets("chalkida", "light") == []
    assert list_states("chalkida", "parking") == []
