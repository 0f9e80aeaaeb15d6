"""The Things Stack v3 uplink message (MQTT/webhook integration, ``.../up``)."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import Field

from polis.ingestion.lorawan.uplink import Envelope, GatewayReception, Uplink


class _GatewayIds(Envelope):
    gateway_id: str
    eui: str | None = None


class _RxMetadata(Envelope):
    gateway_ids: _GatewayIds
    rssi: float | None = None
    snr: float | None = None


class _UplinkMessage(Envelope):
    # TTS omits f_port/frm_payload for MAC-only frames; those carry no sensor data.
    f_port: int
    f_cnt: int = 0
    frm_payload: str
    rx_metadata: list[_RxMetadata] = Field(default_factory=list)


class _EndDeviceIds(Envelope):
    device_id: str
    dev_eui: str


class ThingsStackUplink(Envelope):
    end_device_ids: _EndDeviceIds
    received_at: datetime
    uplink_message: _UplinkMessage

    def to_uplink(self) -> Uplink:
        message = self.uplink_message
        return Uplink(
            dev_eui=self.end_device_ids.dev_eui,
            fport=message.f_port,
            fcnt=message.f_cnt,
            payload=base64.b64decode(message.frm_payload, validate=True),
            received_at=self.received_at,
            gateways=tuple(
                GatewayReception(
                    gateway_id=m.gateway_ids.eui or m.gateway_ids.gateway_id, rssi=m.rssi, snr=m.snr
                )
                for m in message.rx_metadata
            ),
            network_server="the-things-stack",
        )
