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
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from awscrt import io, mqtt

from polis_local.fleet import CHALKIDA_BINS
from polis_local.rules_engine import DESTINATION_TOPIC
from polis_local.simulator import aws_iot_core_uplink, ldds75_payload
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
            "polis.cli",
            "run",
            "--duration",
            "60",
            "--interval",
            "3600",
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
        yield {"api": api, "mqtt_port": ports["mqtt"], "process": process}
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
    message = aws_iot_core_uplink(
        site.dev_eui, 5000, 2, ldds75_payload(distance_mm=240), "b827ebfffe6c3a09", -80
    )
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
