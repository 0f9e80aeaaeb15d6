"""Downlink encoder lookup by model id: one module per model under ``polis.downlinks.models``."""

from __future__ import annotations

from polis.downlinks import models
from polis.downlinks.base import CommandRefused, DownlinkEncoder
from polis.model_plugins import ModelRegistry

_ENCODERS: ModelRegistry[DownlinkEncoder] = ModelRegistry(models, "downlink encoder")
register = _ENCODERS.register


def get_encoder(model: str) -> DownlinkEncoder:
    encoder = _ENCODERS.find(model)
    if encoder is None:
        why = f"device model {model!r} takes no commands: Polis has no downlink encoder for it"
        raise CommandRefused(why)
    return encoder
