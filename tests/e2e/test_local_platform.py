"""End to end on the local platform: an awsiotsdk MQTT publish becomes a bin's fill at the API.

``polis run`` starts as a user would start it (a separate process), with the simulated fleet
provisioned; the test then plays a network server publishing one more uplink, and polls the
open-data API until the bin shows it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from awscrt import io, mqtt
from polis_demo.chalkida import CHALKIDA_ASSETS, CHALKIDA_BINS
from polis_demo.encoders import ldds75
from polis_demo.simulator import aws_iot_core_uplink

from polis.devices.model import DOMAINS
from polis.state_map import OPEN_DOMAINS
from polis_local.rules_engine import DESTINATION_TOPIC
from polis_local.template import LOCAL_API_KEY
from tests.support import ROOT, free_port

pytestmark = pytest.mark.e2e


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except OSError as error:  # the server is not up yet
            last = error
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; last saw {last!r}")


@pytest.fixture(scope="module")
def platform():
    ports = {"moto": free_port(), "mqtt": free_port(), "api": free_port()}
    process = subprocess.Popen(  # noqa: S603 - our own CLI
        [
            sys.executable,
            "-m",
            "polis_local.commands",
            "run",
            "--duration",
            "120",
            "--interval",
            # Enough for a tick of 33 devices to be ingested before the next, on a loaded 2-core CI machine.
            "5",
            "--moto-port",
            str(ports["moto"]),
            "--mqtt-port",
            str(ports["mqtt"]),
            "--api-port",
            str(ports["api"]),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    api = f"http://127.0.0.1:{ports['api']}"
    try:
        _wait_for(lambda: _get_json(f"{api}/v1/open/waste/bins?municipality=chalkida"), 60, "the API")
        yield {"api": api, "mqtt_port": ports["mqtt"], "moto_port": ports["moto"], "process": process}
    finally:
        process.terminate()
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "Polis local platform is up." in output
    assert output.rstrip().endswith("Stopped.")


def _bins(api: str) -> dict[str, dict]:
    collection = _get_json(f"{api}/v1/open/waste/bins?municipality=chalkida")
    return {f["id"]: f["properties"] for f in collection["features"]}


def test_the_simulated_fleet_is_visible_at_the_api(platform):
    filled = _wait_for(
        lambda: (
            all(p["fill_pct"] is not None for p in _bins(platform["api"]).values()) and _bins(platform["api"])
        ),
        60,
        "every simulated bin to report",
    )
    assert set(filled) == {site.bin_id for site in CHALKIDA_BINS}


def test_an_mqtt_uplink_reaches_the_api(platform):
    site = CHALKIDA_BINS[2]
    bootstrap = io.ClientBootstrap(io.EventLoopGroup(1), io.DefaultHostResolver(io.EventLoopGroup(1)))
    connection = mqtt.Connection(
        client=mqtt.Client(bootstrap, None),
        host_name="127.0.0.1",
        port=platform["mqtt_port"],
        client_id="e2e-network-server",
        clean_session=True,
    )
    connection.connect().result(timeout=10)
    message = aws_iot_core_uplink(site.dev_eui, 5000, 2, ldds75(distance_mm=240)[1], "b827ebfffe6c3a09", -80)
    # Later than anything the simulator sent, so it is the bin's newest state.
    later = datetime.now(UTC) + timedelta(minutes=5)
    message["WirelessMetadata"]["LoRaWAN"]["Timestamp"] = later.isoformat().replace("+00:00", "Z")
    publish, _ = connection.publish(
        DESTINATION_TOPIC.format(destination="polis-waste"), json.dumps(message), mqtt.QoS.AT_LEAST_ONCE
    )
    publish.result(timeout=10)
    connection.disconnect().result(timeout=10)

    fill = _wait_for(
        lambda: _bins(platform["api"])[site.bin_id]["fill_pct"] == 80.0, 30, "the bin's new fill"
    )
    assert fill
    assert _bins(platform["api"])[site.bin_id]["full"] is True


def _staff_token(moto_port: int) -> str:
    """What a staff member's console would hold; locally `polis token` signs in a seeded user."""
    command = [
        sys.executable,
        "-m",
        "polis_local.commands",
        "token",
        "--user",
        "chalkida-admin",
        "--moto-port",
        str(moto_port),
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


def _staff_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def _reported(collection: dict) -> set[str]:
    return {f["id"] for f in collection["features"] if f["properties"]["observed_at"]}


def test_every_domains_latest_state_is_visible_at_the_api(platform):
    api = platform["api"]
    expected = {domain: {a.asset_id for a in CHALKIDA_ASSETS if a.domain == domain} for domain in DOMAINS}
    for domain in OPEN_DOMAINS:
        url = f"{api}/v1/open/state/{domain}?municipality=chalkida"
        _wait_for(lambda url=url, d=domain: _reported(_get_json(url)) == expected[d], 60, f"{domain} state")
    token = _staff_token(platform["moto_port"])
    for domain in ("fleet", "telecare"):
        url = f"{api}/v1/staff/state/{domain}"
        _wait_for(
            lambda url=url, d=domain: _reported(_staff_json(url, token)) == expected[d], 60, f"{domain} state"
        )
    devices = _staff_json(f"{api}/v1/staff/devices", token)
    assert devices["count"] == len(CHALKIDA_ASSETS) + len(CHALKIDA_BINS)
    assert {d["status"] for d in devices["devices"]} <= {"ok", "never-seen", "battery-low"}


def test_private_domains_are_not_open_data(platform):
    # Not one of the open domains the path admits: a 400 naming the path parameter.
    for domain in ("fleet", "telecare"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            _get_json(f"{platform['api']}/v1/open/state/{domain}?municipality=chalkida")
        assert refused.value.code == 400
        assert [e["field"] for e in json.loads(refused.value.read())["errors"]] == ["domain"]


def test_an_open311_client_reports_and_follows_a_request_on_the_platform(platform):
    base = f"{platform['api']}/v1/open311/chalkida"
    form = urllib.parse.urlencode({"service_code": "fallen-tree", "lat": "38.4636", "long": "23.5944"})
    request = urllib.request.Request(
        f"{base}/requests.json",
        data=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "x-api-key": LOCAL_API_KEY},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        [receipt] = json.loads(response.read())

    [found] = _get_json(f"{base}/requests/{receipt['service_request_id']}.json")
    assert (found["service_code"], found["status"]) == ("fallen-tree", "open")
    assert found["service_request_id"].startswith("CHK-")
