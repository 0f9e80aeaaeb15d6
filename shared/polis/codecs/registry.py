"""Codec lookup by model id.

Every module under ``polis.codecs.models`` is imported once on first lookup; a module registers
its codec with ``@register``. Adding a model is therefore one module, with no list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from polis.codecs import models
from polis.codecs.base import Codec

_REGISTRY: dict[str, Codec] = {}


def register(cls: type[Codec]) -> type[Codec]:
    if cls.model in _REGISTRY:
        raise ValueError(f"codec for {cls.model} registered twice")
    _REGISTRY[cls.model] = cls()
    return cls


@cache
def _load_all() -> None:
    for info in pkgutil.walk_packages(models.__path__, prefix=f"{models.__name__}."):
        importlib.import_module(info.name)


class UnknownModelError(KeyError):
    def __str__(self) -> str:
        return f"no codec for device model {self.args[0]!r}"


def get_codec(model: str) -> Codec:
    _load_all()
    try:
        return _REGISTRY[model]
    except KeyError:
        raise UnknownModelError(model) from None


def all_codecs() -> dict[str, Codec]:
    _load_all()
    return dict(sorted(_REGISTRY.items()))
