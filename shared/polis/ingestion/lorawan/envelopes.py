"""Recognise which network server sent an uplink message and normalize it to ``Uplink``."""

from __future__ import annotations

import binascii
from typing import Any

from pydantic import BaseModel, ValidationError

from polis.ingestion.lorawan.aws_iot_core import AwsIotCoreUplink
from polis.ingestion.lorawan.chirpstack import ChirpStackUplink
from polis.ingestion.lorawan.things_stack import ThingsStackUplink
from polis.ingestion.lorawan.uplink import Uplink

# The key that only that envelope has -> its model.
_ENVELOPES: dict[str, type[AwsIotCoreUplink | ThingsStackUplink | ChirpStackUplink]] = {
    "WirelessDeviceId": AwsIotCoreUplink,
    "end_device_ids": ThingsStackUplink,
    "deviceInfo": ChirpStackUplink,
}


class EnvelopeError(ValueError):
    """The message is not an uplink any supported network server sends."""


def parse_uplink(event: Any) -> Uplink:
    if not isinstance(event, dict):
        raise EnvelopeError(f"an uplink message is a JSON object, got {type(event).__name__}")
    model = next((m for key, m in _ENVELOPES.items() if key in event), None)
    if model is None:
        raise EnvelopeError(
            "not an AWS IoT Core for LoRaWAN, The Things Stack v3 or ChirpStack v4 uplink "
            f"(none of {', '.join(_ENVELOPES)} present)"
        )
    try:
        envelope: BaseModel = model.model_validate(event)
        return envelope.to_uplink()  # type: ignore[attr-defined]
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}" for e in error.errors()
        )
        raise EnvelopeError(f"{model.__name__}: {problems}") from error
    except binascii.Error as error:
        raise EnvelopeError(f"{model.__name__}: payload is not valid base64 ({error})") from error
