"""Network-server simulator: LoRaWAN uplinks from the fleet, published with the AWS IoT Device SDK.

It plays AWS IoT Core for LoRaWAN: each uplink goes out in that service's message format to the
destination's topic, as a device's frames would after the network server. Some frames are heard
by two gateways and so arrive twice, as they do in a real network.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import random
import struct
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from awscrt import io, mqtt

from polis.devices import Device, Location
from polis.store import bins as bin_store
from polis.store import devices as device_store
from polis.store.devices import DeviceExists
from polis.waste.bins import Bin
from polis_local.fleet import CHALKIDA_BINS, DRAGINO_LDDS75, MUNICIPALITY, BinSite
from polis_local.rules_engine import DESTINATION_TOPIC

log = logging.getLogger("polis.local.simulator")

GATEWAYS = ("b827ebfffe6c3a01", "b827ebfffe6c3a02")


def seed_fleet(sites: tuple[BinSite, ...] = CHALKIDA_BINS, municipality: str = MUNICIPALITY) -> None:
    """Provision the simulated bins and their sensors (what staff would do through the registry)."""
    now = datetime.now(UTC)
    for site in sites:
        location = Location(latitude=site.latitude, longitude=site.longitude)
        bin_store.put_bin(
            Bin(
                municipality=municipality,
                bin_id=site.bin_id,
                name=site.name,
                location=location,
                depth_mm=site.depth_mm,
                volume_litres=site.volume_litres,
                waste_stream=site.waste_stream,
                dev_eui=site.dev_eui,
            )
        )
        with contextlib.suppress(DeviceExists):  # already provisioned by an earlier run
            device_store.add_device(
                Device(
                    dev_eui=site.dev_eui,
                    municipality=municipality,
                    model=DRAGINO_LDDS75,
                    domain="waste",
                    location=location,
                    asset_id=site.bin_id,
                    name=f"LDDS75 {site.name}",
                    created_at=now,
                )
            )


def ldds75_payload(distance_mm: int, battery_mv: int = 3300, temperature_c: float = 0.0) -> bytes:
    """A Dragino LDDS75 fPort-2 frame (firmware 1.1.4 layout)."""
    return struct.pack(">HHBhB", battery_mv & 0x3FFF, distance_mm, 0, round(temperature_c * 10), 1)


def aws_iot_core_uplink(
    dev_eui: str, fcnt: int, fport: int, payload: bytes, gateway: str, rssi: float
) -> dict:
    return {
        "WirelessDeviceId": f"polis-sim-{dev_eui}",
        "PayloadData": base64.b64encode(payload).decode(),
        "WirelessMetadata": {
            "LoRaWAN": {
                "ADR": True,
                "Bandwidth": 125,
                "ClassB": False,
                "CodeRate": "4/5",
                "DataRate": "5",
                "DevAddr": dev_eui[-8:],
                "DevEui": dev_eui,
                "FCnt": fcnt,
                "FOptLen": 0,
                "FPort": fport,
                "Frequency": "868100000",
                "Gateways": [{"GatewayEui": gateway, "Rssi": rssi, "Snr": 7.5}],
                "MIC": "00000000",
                "MType": "UnconfirmedDataUp",
                "Major": "LoRaWANR1",
                "Modulation": "LORA",
                "PolarizationInversion": False,
                "SpreadingFactor": 7,
                "Timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            }
        },
    }


@dataclass
class _BinState:
    site: BinSite
    fill_pct: float
    fcnt: int = 0


@dataclass
class FleetSimulator:
    mqtt_port: int
    interval_s: float = 5.0
    hours_per_interval: float = 1.0
    """Simulated hours of filling between two uplinks of a bin."""
    seed: int = 7
    sites: tuple[BinSite, ...] = CHALKIDA_BINS
    published: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._bins = [_BinState(site, self._random.uniform(5, 60)) for site in self.sites]
        self._thread = threading.Thread(target=self._run, name="fleet-simulator", daemon=True)
        self._connection: mqtt.Connection | None = None

    def connect(self) -> None:
        bootstrap = io.ClientBootstrap(io.EventLoopGroup(1), io.DefaultHostResolver(io.EventLoopGroup(1)))
        # Plain TCP: the local broker has no TLS; against IoT Core the SDK's mtls builder is used.
        client = mqtt.Client(bootstrap, None)
        self._connection = mqtt.Connection(
            client=client,
            host_name="127.0.0.1",
            port=self.mqtt_port,
            client_id="polis-network-server-simulator",
            clean_session=True,
            keep_alive_secs=30,
        )
        self._connection.connect().result(timeout=10)

    def start(self) -> None:
        self.connect()
        self._thread.start()

    def tick(self) -> None:
        """One uplink from every bin."""
        for state in self._bins:
            site = state.site
            state.fill_pct += (
                site.fill_per_hour_pct * self.hours_per_interval * self._random.uniform(0.5, 1.5)
            )
            if state.fill_pct >= 100 or (state.fill_pct > 85 and self._random.random() < 0.3):
                state.fill_pct = self._random.uniform(0, 5)  # the crew emptied it
            distance = site.depth_mm * (1 - state.fill_pct / 100) + self._random.gauss(0, 8)
            payload = ldds75_payload(max(21, round(distance)), temperature_c=self._random.uniform(12, 24))
            state.fcnt += 1
            heard_by = GATEWAYS if self._random.random() < 0.2 else GATEWAYS[:1]
            for gateway in heard_by:
                message = aws_iot_core_uplink(
                    site.dev_eui, state.fcnt, 2, payload, gateway, rssi=self._random.uniform(-115, -70)
                )
                self.publish(DESTINATION_TOPIC.format(destination="polis-waste"), message)

    def publish(self, topic: str, message: dict) -> None:
        assert self._connection is not None
        future, _ = self._connection.publish(topic, json.dumps(message), mqtt.QoS.AT_LEAST_ONCE)
        future.result(timeout=10)
        self.published += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("simulator tick failed")
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        if self._connection is not None:
            self._connection.disconnect().result(timeout=10)
