"""Staff's device fleet through the API: registry, health, downlinks, rejects; and who may do what."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from polis_demo.chalkida import CHALKIDA_ASSETS
from polis_demo.simulator import seed_city

from polis.devices.silence_check import check_silence
from polis.store import devices as device_store
from polis.store.rejects import list_rejects
from polis_local.users import LocalUser, LocalUserPools
from tests.support import event

HERAKLION_ADMIN = LocalUser(
    "heraklion-admin", "staff", "admin@heraklion.example", "heraklion", ("municipality-admin",)
)
NEW_DEVICE = {
    "dev_eui": "A8-40-41-00-01-81-C0-99",
    "model": "dragino/ldds75",
    "domain": "waste",
    "latitude": 38.4655,
    "longitude": 23.5925,
    "asset_id": "chk-0099",
    "name": "LDDS75 new bin",
}


def _call(api, method: str, path: str, token: str, body=None, content_type="application/json"):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    payload = body if isinstance(body, str) or body is None else json.dumps(body)
    return getattr(api.http, method)(path, headers=headers, body=payload)


@pytest.fixture
def fleet(api):
    light = next(a for a in CHALKIDA_ASSETS if a.kind == "light")
    seed_city((), (light,))
    return light


@pytest.fixture
def heraklion_token(stack, api, id_token):
    LocalUserPools(stack).create_user(HERAKLION_ADMIN)
    return id_token(HERAKLION_ADMIN)


def test_an_admin_provisions_a_device_and_sees_it_in_the_fleet(api, id_token, fleet):
    admin = id_token("chalkida-admin")

    created = _call(api, "post", "/v1/staff/devices", admin, NEW_DEVICE)
    listed = json.loads(_call(api, "get", "/v1/staff/devices?domain=waste", admin).body)

    assert created.status_code == 201
    assert json.loads(created.body)["dev_eui"] == "a84041000181c099"
    assert [d["device"]["dev_eui"] for d in listed["devices"]] == ["a84041000181c099"]
    assert listed["devices"][0]["status"] == "never-seen"


def test_a_device_is_provisioned_once(api, id_token, fleet):
    admin = id_token("chalkida-admin")
    _call(api, "post", "/v1/staff/devices", admin, NEW_DEVICE)

    again = _call(api, "post", "/v1/staff/devices", admin, NEW_DEVICE)

    assert again.status_code == 409
    assert "already provisioned" in json.loads(again.body)["Message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"dev_eui": "xyz"}, "dev_eui"),
        ({"model": "acme/unknown"}, "model"),
        ({"latitude": 91}, "latitude"),
        ({"domain": "zoo"}, "domain"),
        ({"colour": "red"}, "colour"),
        ({"expected_interval_s": 10**130}, "expected_interval_s"),
    ],
)
def test_an_invalid_registration_names_the_failing_field(api, id_token, fleet, change, field):
    response = _call(api, "post", "/v1/staff/devices", id_token("chalkida-admin"), NEW_DEVICE | change)

    assert response.status_code == 400
    assert field in [e["field"] for e in json.loads(response.body)["errors"]]


def test_a_csv_import_provisions_good_rows_and_reports_bad_ones_by_line(api, id_token, fleet):
    csv_text = (
        "dev_eui,model,domain,latitude,longitude,asset_id,name\n"
        "a84041000181d001,dragino/ldds75,waste,38.46,23.59,chk-0101,Bin 101\n"
        "a84041000181d002,acme/unknown,waste,38.46,23.59,chk-0102,Bin 102\n"
        "a84041000181d001,dragino/ldds75,waste,38.46,23.59,chk-0103,Repeated\n"
        "a84041000181d004,bosch/tps110,parking,100,23.59,pk-9,Spot\n"
    )

    response = _call(
        api, "post", "/v1/staff/devices/import", id_token("chalkida-admin"), csv_text, "text/csv"
    )

    report = json.loads(response.body)
    assert response.status_code == 207
    assert report["created"] == ["a84041000181d001"]
    assert [(e["row"], e["dev_eui"]) for e in report["errors"]] == [
        (3, "a84041000181d002"),
        (4, "a84041000181d001"),
        (5, "a84041000181d004"),
    ]
    assert "no codec" in report["errors"][0]["errors"][0]
    assert report["errors"][1]["errors"] == ["DevEUI repeated in this file"]
    assert report["errors"][2]["errors"][0].startswith("latitude")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{}",
        "dev_eui,model,domain,latitude,longitude,colour\n",
        "dev_eui,model,domain,latitude,longitude\n" + "x" * 200_000 + ",,,,\n",
    ],
    ids=["empty", "json", "unknown-column", "field-too-large"],
)
def test_a_file_that_is_no_device_csv_is_refused_whole(api, id_token, fleet, text):
    response = _call(api, "post", "/v1/staff/devices/import", id_token("chalkida-admin"), text, "text/csv")

    assert response.status_code == 400
    assert [e["field"] for e in json.loads(response.body)["errors"]] == ["body"]


def test_a_place_is_kept_to_a_centimetre(api, id_token, fleet):
    place = {"latitude": 38.465512345678, "longitude": 1e-200}  # DynamoDB stores nothing below 1e-130

    created = _call(api, "post", "/v1/staff/devices", id_token("chalkida-admin"), NEW_DEVICE | place)

    assert created.status_code == 201
    assert json.loads(created.body)["location"] == {"latitude": 38.4655123, "longitude": 0.0}


def test_a_decommissioned_device_is_refused_at_ingest(api, id_token, fleet, runtime):
    admin = id_token("chalkida-admin")
    _call(api, "post", "/v1/staff/devices", admin, NEW_DEVICE | {"dev_eui": "a84041000181c001"})

    assert _call(api, "delete", "/v1/staff/devices/a84041000181c001", admin).status_code == 204
    outcome = runtime.invoke("WasteIngestFunction", event("lorawan/aws-iot-core/waste-ldds75.json"))

    assert outcome["reason"] == "decommissioned-device"
    detail = json.loads(_call(api, "get", "/v1/staff/devices/a84041000181c001", admin).body)
    assert detail["status"] == "decommissioned"


def test_lighting_staff_may_not_command_but_the_admin_may_and_it_is_recorded(api, id_token, fleet):
    command = {"kind": "switch-channels", "channels": {"1": True, "2": True}}
    path = f"/v1/staff/devices/{fleet.dev_eui}/downlinks"

    refused = _call(api, "post", path, id_token("chalkida-cleaning"), command)
    sent = _call(api, "post", path, id_token("chalkida-admin"), command)
    listed = json.loads(_call(api, "get", path, id_token("chalkida-cleaning")).body)

    assert refused.status_code == 403
    assert sent.status_code == 202
    assert json.loads(sent.body)["status"] == "recorded-locally"
    assert [d["status"] for d in listed["downlinks"]] == ["recorded-locally"]


def test_a_command_the_device_cannot_do_is_refused_with_the_reason(api, id_token, fleet):
    response = _call(
        api,
        "post",
        f"/v1/staff/devices/{fleet.dev_eui}/downlinks",
        id_token("chalkida-admin"),
        {"kind": "set-dim-level", "level_pct": 40},
    )

    assert response.status_code == 422
    assert "dim" in json.loads(response.body)["Message"].lower()


def test_staff_see_their_rejects_only(api, id_token, heraklion_token, fleet, runtime):
    message = event("lorawan/aws-iot-core/waste-ldds75.json")
    message["WirelessMetadata"]["LoRaWAN"]["DevEui"] = fleet.dev_eui  # a light controller, on the waste rule
    runtime.invoke("WasteIngestFunction", message)

    chalkida = json.loads(_call(api, "get", "/v1/staff/rejects", id_token("chalkida-cleaning")).body)
    heraklion = json.loads(_call(api, "get", "/v1/staff/rejects", heraklion_token).body)

    assert [r["reason"] for r in chalkida["rejects"]] == ["wrong-domain"]
    assert heraklion["rejects"] == []
    assert list_rejects("chalkida")[0].raw == message


def test_another_municipalitys_staff_cannot_see_or_touch_a_device(api, heraklion_token, fleet):
    path = f"/v1/staff/devices/{fleet.dev_eui}"
    assert _call(api, "get", path, heraklion_token).status_code == 404
    assert _call(api, "delete", path, heraklion_token).status_code == 404
    command = {"kind": "switch-channels", "channels": {"1": False}}
    assert _call(api, "post", f"{path}/downlinks", heraklion_token, command).status_code == 404
    assert json.loads(_call(api, "get", "/v1/staff/devices", heraklion_token).body)["devices"] == []


def test_department_staff_may_read_but_not_provision_or_decommission(api, id_token, fleet):
    cleaning = id_token("chalkida-cleaning")
    assert _call(api, "get", "/v1/staff/devices", cleaning).status_code == 200
    assert _call(api, "post", "/v1/staff/devices", cleaning, NEW_DEVICE).status_code == 403
    assert _call(api, "delete", f"/v1/staff/devices/{fleet.dev_eui}", cleaning).status_code == 403


def test_a_citizen_token_opens_no_staff_route(api, id_token, fleet):
    assert _call(api, "get", "/v1/staff/devices", id_token("eleni@example.org")).status_code == 403


def test_the_scheduled_check_flags_a_silent_device_once(api, id_token, fleet):
    device = device_store.find_by_dev_eui(fleet.dev_eui)
    two_hours_later = datetime.now(UTC) + timedelta(hours=2)

    device_store.record_seen(device, _uplink_at(fleet.dev_eui, datetime.now(UTC)), None)
    first = check_silence(two_hours_later)
    second = check_silence(two_hours_later)
    silent = json.loads(_call(api, "get", "/v1/staff/devices?status=silent", id_token("chalkida-admin")).body)

    assert (first, second) == ({"chalkida": 1}, {"chalkida": 0})
    assert device_store.find_by_dev_eui(fleet.dev_eui).silent is True
    # The API judges silence against the real clock: two hours have not passed yet.
    assert silent["devices"] == []


def _uplink_at(dev_eui: str, at: datetime):
    from polis.ingestion.lorawan.uplink import Uplink

    return Uplink(dev_eui=dev_eui, fport=85, fcnt=1, payload=b"", received_at=at, network_server="chirpstack")


def test_the_staff_map_is_geojson_of_every_device(api, id_token, fleet):
    collection = json.loads(_call(api, "get", "/v1/staff/map/devices", id_token("chalkida-cleaning")).body)

    [feature] = collection["features"]
    assert feature["id"] == fleet.dev_eui
    assert feature["geometry"]["coordinates"] == [fleet.longitude, fleet.latitude]
    assert feature["properties"]["status"] == "never-seen"


def test_a_dev_eui_is_read_in_any_case_and_a_malformed_one_is_a_bad_request(api, id_token, fleet):
    admin = id_token("chalkida-admin")

    upper = _call(api, "get", f"/v1/staff/devices/{fleet.dev_eui.upper()}", admin)
    malformed = _call(api, "get", "/v1/staff/devices/not-a-dev-eui", admin)

    assert upper.status_code == 200
    assert json.loads(upper.body)["device"]["dev_eui"] == fleet.dev_eui
    assert malformed.status_code == 400
    assert [e["field"] for e in json.loads(malformed.body)["errors"]] == ["dev_eui"]


def test_a_command_of_no_known_kind_and_an_out_of_range_limit_are_bad_requests(api, id_token, fleet):
    admin = id_token("chalkida-admin")
    path = f"/v1/staff/devices/{fleet.dev_eui}/downlinks"

    assert _call(api, "post", path, admin, {"kind": "self-destruct"}).status_code == 400
    limited = _call(api, "get", "/v1/staff/rejects?limit=0", admin)
    assert limited.status_code == 400
    assert [e["field"] for e in json.loads(limited.body)["errors"]] == ["limit"]
    assert json.loads(_call(api, "get", "/v1/staff/rejects?limit=5", admin).body) == {"rejects": []}
