"""Network-server simulator: LoRaWAN uplinks from a mixed Chalkida fleet, sent with the AWS IoT Device SDK.

It plays the network servers a municipality may run: most devices arrive as AWS IoT Core for
LoRaWAN would deliver them (to the domain's destination), the air-quality stations through a
The Things Stack integration and the parking sensors through a ChirpStack one (both publishing
to ``polis/uplinks/<domain>``). Payloads are the vendors' own byte layouts (``encoders.py``), so
they go through the same codecs as real traffic. Some frames are heard by two gateways and
arrive twice, as they do in a real network. World time runs faster than real time: each tick is
``minutes_per_tick`` simulated minutes, so bins fill, parking turns over and the river rises in
rain within a short run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from awscrt import io, mqtt

from polis.assets import Asset
from polis.devices.model import Device, Location
from polis.municipality import Municipality
from polis.store import assets as asset_store
from polis.store import devices as device_store
from polis.store.assets import AssetIdTaken
from polis.store.devices import DeviceExists
from polis.store.municipalities import put_municipality
from polis.waste.bins import Bin
from polis.waste.collection import DisposalSite, Truck
from polis.waste.store import bins as bin_store
from polis.waste.store import collection as collection_store
from polis.waste.time_of_day import DailyWindow
from polis_demo.behaviours import BEHAVIOURS, DeviceState, World
from polis_demo.chalkida import (
    CHALKIDA_ASSETS,
    CHALKIDA_BINS,
    CHALKIDA_DISPOSAL_SITES,
    CHALKIDA_TRUCKS,
    DRAGINO_LDDS75,
    MUNICIPALITY,
    AssetSite,
    BinSite,
)
from polis_demo.encoders import ENCODERS, ldds75
from polis_local.rules_engine import DESTINATION_TOPIC

log = logging.getLogger("polis.local.simulator")

GATEWAYS = ("b827ebfffe6c3a01", "b827ebfffe6c3a02")
INTEGRATION_TOPIC = "polis/uplinks/{domain}"


def seed_city(
    sites: tuple[BinSite, ...] = CHALKIDA_BINS,
    assets: tuple[AssetSite, ...] = CHALKIDA_ASSETS,
    municipality: str = MUNICIPALITY,
    trucks: tuple[Truck, ...] = CHALKIDA_TRUCKS,
    disposal_sites: tuple[DisposalSite, ...] = CHALKIDA_DISPOSAL_SITES,
) -> None:
    """Provision the simulated assets and their sensors (what staff would do through the registry)."""
    now = datetime.now(UTC)
    put_municipality(Municipality(municipality_id=municipality, name=municipality.capitalize()), now)
    for truck in trucks:
        collection_store.put_truck(truck)
    for disposal_site in disposal_sites:
        collection_store.put_disposal_site(disposal_site)
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
                access=DailyWindow(start=site.access[0], end=site.access[1]) if site.access else None,
            )
        )
        _add_device(
            municipality,
            site.dev_eui,
            DRAGINO_LDDS75,
            "waste",
            site.bin_id,
            f"LDDS75 {site.name}",
            location,
            now,
        )
    for site in assets:
        location = Location(latitude=site.latitude, longitude=site.longitude)
        with contextlib.suppress(AssetIdTaken):  # already there from an earlier run
            asset_store.put_asset(
                Asset(
                    municipality=municipality,
                    asset_id=site.asset_id,
                    kind=site.kind,
                    name=site.name,
                    location=location,
                    settings=dict(site.settings),
                )
            )
        _add_device(
            municipality, site.dev_eui, site.model, site.domain, site.asset_id, site.name, location, now
        )


def _add_device(
    municipality: str,
    dev_eui: str,
    model: str,
    domain: str,
    asset_id: str,
    name: str,
    at: Location,
    now: datetime,
) -> None:
    with contextlib.suppress(DeviceExists):  # already provisioned by an earlier run
        device_store.add_device(
            Device(
                dev_eui=dev_eui,
                municipality=municipality,
                model=model,
                domain=domain,
                location=at,
                asset_id=asset_id,
                name=name,
                created_at=now,
            )
        )


def _stamp(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def aws_iot_core_uplink(
    dev_eui: str, fcnt: int, fport: int, payload: bytes, gateway: str, rssi: float
) -> dict:
    """The message an IoT Core for LoRaWAN destination hands its rule."""
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
                "Timestamp": _stamp(datetime.now(UTC)),
            }
        },
    }


def things_stack_uplink(
    dev_eui: str, fcnt: int, fport: int, payload: bytes, gateway: str, rssi: float
) -> dict:
    """A The Things Stack v3 ``up`` message, as its MQTT integration publishes it."""
    return {
        "end_device_ids": {
            "device_id": f"sim-{dev_eui}",
            "application_ids": {"application_id": "polis-chalkida"},
            "dev_eui": dev_eui.upper(),
        },
        "received_at": _stamp(datetime.now(UTC)),
        "uplink_message": {
            "f_port": fport,
            "f_cnt": fcnt,
            "frm_payload": base64.b64encode(payload).decode(),
            "rx_metadata": [
                {
                    "gateway_ids": {"gateway_id": f"gw-{gateway[-4:]}", "eui": gateway.upper()},
                    "rssi": rssi,
                    "snr": 7.5,
                }
            ],
        },
    }


def chirpstack_uplink(dev_eui: str, fcnt: int, fport: int, payload: bytes, gateway: str, rssi: float) -> dict:
    """A ChirpStack v4 uplink event (JSON marshaler)."""
    return {
        "deduplicationId": f"{dev_eui}-{fcnt}",
        "time": _stamp(datetime.now(UTC)),
        "deviceInfo": {
            "tenantName": "Municipality of Chalkida",
            "applicationName": "parking",
            "deviceName": f"sim-{dev_eui}",
            "devEui": dev_eui,
        },
        "fCnt": fcnt,
        "fPort": fport,
        "data": base64.b64encode(payload).decode(),
        "rxInfo": [{"gatewayId": gateway, "rssi": rssi, "snr": 7.5}],
    }


ENVELOPES = {
    "aws-iot-core-lorawan": aws_iot_core_uplink,
    "the-things-stack": things_stack_uplink,
    "chirpstack": chirpstack_uplink,
}


def topic_for(network_server: str, domain: str) -> str:
    if network_server == "aws-iot-core-lorawan":
        return DESTINATION_TOPIC.format(destination=f"polis-{domain}")
    return INTEGRATION_TOPIC.format(domain=domain)


@dataclass
class _BinState:
    site: BinSite
    fill_pct: float
    fcnt: int = 0


@dataclass
class _AssetDevice:
    state: DeviceState
    fcnt: int = 0


@dataclass
class DeviceSimulator:
    mqtt_port: int
    interval_s: float = 5.0
    minutes_per_tick: float = 20.0
    """Simulated minutes between two uplinks of a device."""
    seed: int = 7
    sites: tuple[BinSite, ...] = CHALKIDA_BINS
    assets: tuple[AssetSite, ...] = CHALKIDA_ASSETS
    published: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._bins = [_BinState(site, self._random.uniform(5, 60)) for site in self.sites]
        self._devices = [_AssetDevice(DeviceState(site)) for site in self.assets]
        # Simulated time starts at the next 06:00 in Chalkida, when the city wakes up.
        athens = datetime.now(ZoneInfo("Europe/Athens")).replace(hour=6, minute=0, second=0, microsecond=0)
        self.world = World(now=athens)
        self._thread = threading.Thread(target=self._run, name="fleet-simulator", daemon=True)
        self._connection: mqtt.Connection | None = None

    @property
    def device_count(self) -> int:
        return len(self._bins) + len(self._devices)

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
        """One uplink from every device that has something to say; then the world moves on."""
        for state in self._bins:
            self._bin_uplink(state)
        for device in self._devices:
            self._asset_uplink(device)
        self.world.advance(timedelta(minutes=self.minutes_per_tick), self._random)

    def _bin_uplink(self, state: _BinState) -> None:
        site = state.site
        hours = self.minutes_per_tick / 60
        state.fill_pct += site.fill_per_hour_pct * hours * self._random.uniform(0.5, 1.5)
        if state.fill_pct >= 100 or (state.fill_pct > 85 and self._random.random() < 0.3):
            state.fill_pct = self._random.uniform(0, 5)  # the crew emptied it
        distance = site.depth_mm * (1 - state.fill_pct / 100) + self._random.gauss(0, 8)
        fport, payload = ldds75(
            distance_mm=max(21, round(distance)), temperature_c=self._random.uniform(12, 24)
        )
        state.fcnt += 1
        self._send("aws-iot-core-lorawan", "waste", site.dev_eui, state.fcnt, fport, payload)

    def _asset_uplink(self, device: _AssetDevice) -> None:
        site = device.state.site
        values = BEHAVIOURS[site.behaviour](device.state, self.world, self._random)
        if values is None:
            return
        fport, payload = ENCODERS[site.model](**values)
        device.fcnt += 1
        self._send(site.network_server, site.domain, site.dev_eui, device.fcnt, fport, payload)

    def _send(
        self, network_server: str, domain: str, dev_eui: str, fcnt: int, fport: int, payload: bytes
    ) -> None:
        heard_by = GATEWAYS if self._random.random() < 0.2 else GATEWAYS[:1]
        for gateway in heard_by:
            message = ENVELOPES[network_server](
                dev_eui, fcnt, fport, payload, gateway, rssi=round(self._random.uniform(-115, -70), 1)
            )
            self.publish(topic_for(network_server, domain), message)

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
