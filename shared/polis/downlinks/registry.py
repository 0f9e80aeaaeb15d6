"""Encoder lookup by model id.

Every module under ``polis.downlinks.models`` is imported once on first lookup; a module registers
its encoder with ``@register``. Adding a model is therefore one module, with no list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from polis.downlinks import models
from polis.downlinks.base import CommandRefused, DownlinkEncoder

_REGISTRY: dict[str, DownlinkEncoder] = {}


def register(cls: type[DownlinkEncoder]) -> type[DownlinkEncoder]:
    if cls.model in _REGISTRY:
        raise ValueError(f"downlink encoder for {cls.model} registered twice")
    _REGISTRY[cls.model] = cls()
    return cls


@cache
def _load_all() -> None:
    for info in pkgutil.walk_packages(models.__path__, prefix=f"{models.__name__}."):
        importlib.import_module(info.name)


def get_encoder(model: str) -> DownlinkEncoder:
    _load_all()
    try:
        return _REGISTRY[model]
    except KeyError:
        why = f"device model {model!r} takes no commands: Polis has no downlink encoder for it"
        raise CommandRefused(why) from None
