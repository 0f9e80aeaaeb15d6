"""ChirpStack v4 uplink event (``application/.../device/.../event/up``, JSON marshaler)."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import Field

from polis.ingestion.lorawan.uplink import Envelope, GatewayReception, Uplink


class _DeviceInfo(Envelope):
    devEui: str


class _RxInfo(Envelope):
    gatewayId: str
    rssi: float | None = None
    snr: float | None = None


class ChirpStackUplink(Envelope):
    deviceInfo: _DeviceInfo
    time: datetime
    fCnt: int = 0
    fPort: int
    data: str
    rxInfo: list[_RxInfo] = Field(default_factory=list)

    def to_uplink(self) -> Uplink:
        return Uplink(
            dev_eui=self.deviceInfo.devEui,
            fport=self.fPort,
            fcnt=self.fCnt,
            payload=base64.b64decode(self.data, validate=True),
            received_at=self.time,
            gateways=tuple(
                GatewayReception(gateway_id=r.gatewayId, rssi=r.rssi, snr=r.snr) for r in self.rxInfo
            ),
            network_server="chirpstack",
        )
