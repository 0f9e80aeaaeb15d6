"""The AWS IoT Core for LoRaWAN uplink, as a destination's rule receives it.

Field names follow the service's documented message (``WirelessDeviceId``, ``PayloadData`` in
base64, ``WirelessMetadata.LoRaWAN``).
"""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import Field

from polis.ingestion.lorawan.uplink import Envelope, GatewayReception, Uplink


class _Gateway(Envelope):
    GatewayEui: str
    Rssi: float | None = None
    Snr: float | None = None


class _LoRaWANMetadata(Envelope):
    DevEui: str
    FPort: int
    FCnt: int
    Timestamp: datetime
    Gateways: list[_Gateway] = Field(default_factory=list)


class _WirelessMetadata(Envelope):
    LoRaWAN: _LoRaWANMetadata


class AwsIotCoreUplink(Envelope):
    WirelessDeviceId: str
    PayloadData: str
    WirelessMetadata: _WirelessMetadata

    def to_uplink(self) -> Uplink:
        lorawan = self.WirelessMetadata.LoRaWAN
        return Uplink(
            dev_eui=lorawan.DevEui,
            fport=lorawan.FPort,
            fcnt=lorawan.FCnt,
            payload=base64.b64decode(self.PayloadData, validate=True),
            received_at=lorawan.Timestamp,
            gateways=tuple(
                GatewayReception(gateway_id=g.GatewayEui.lower(), rssi=g.Rssi, snr=g.Snr)
                for g in lorawan.Gateways
            ),
            network_server="aws-iot-core-lorawan",
        )
