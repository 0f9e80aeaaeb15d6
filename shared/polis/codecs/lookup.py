"""Codec lookup by model id: one module per model under ``polis.codecs.models``, each ``@register``-ed."""

from __future__ import annotations

from polis.codecs import models
from polis.codecs.base import Codec
from polis.model_plugins import ModelRegistry

_CODECS: ModelRegistry[Codec] = ModelRegistry(models, "codec")
register = _CODECS.register


class UnknownModelError(KeyError):
    def __str__(self) -> str:
        return f"no codec for device model {self.args[0]!r}"


def get_codec(model: str) -> Codec:
    codec = _CODECS.find(model)
    if codec is None:
        raise UnknownModelError(model)
    return codec


def all_codecs() -> dict[str, Codec]:
    return _CODECS.all()
