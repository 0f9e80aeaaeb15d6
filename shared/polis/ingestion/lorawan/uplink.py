"""The one uplink model every envelope is normalized to."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator


class GatewayReception(BaseModel):
    model_config = ConfigDict(frozen=True)

    gateway_id: str
    rssi: float | None = None
    snr: float | None = None


class Uplink(BaseModel):
    """One LoRaWAN data uplink, whichever network server delivered it."""

    model_config = ConfigDict(frozen=True)

    dev_eui: str = Field(description="16 lower-case hex digits")
    fport: int = Field(ge=0, le=255)
    fcnt: int = Field(ge=0)
    payload: bytes
    received_at: datetime
    gateways: tuple[GatewayReception, ...] = ()
    network_server: str = Field(description="aws-iot-core-lorawan, the-things-stack or chirpstack")

    @field_validator("dev_eui")
    @classmethod
    def _dev_eui_is_eui64(cls, value: str) -> str:
        value = value.lower().replace("-", "")
        if len(value) != 16 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("DevEUI must be 16 hex digits")
        return value

    @field_serializer("payload")
    def _payload_as_base64(self, payload: bytes) -> str:
        # Keeps dumps JSON-safe (idempotency keys, logs) without losing bytes.
        return base64.b64encode(payload).decode()

    @property
    def best_gateway(self) -> GatewayReception | None:
        heard = [(g.rssi, g) for g in self.gateways if g.rssi is not None]
        return max(heard, key=lambda heard_at: heard_at[0])[1] if heard else None


class Envelope(BaseModel):
    """A network server's message: fields Polis does not read are kept, not refused."""

    model_config = ConfigDict(extra="allow")
