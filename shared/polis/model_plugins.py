"""A registry of per-device-model plug-ins (codecs, downlink encoders), filled by their modules.

Every module under the plug-ins' package is imported once, on the first lookup; each registers its
class with ``@registry.register``. Adding a model is therefore one module, with no list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from threading import Lock
from types import ModuleType
from typing import ClassVar, Generic, Protocol, TypeVar


class _ForModel(Protocol):
    model: ClassVar[str]


T = TypeVar("T", bound=_ForModel)


class ModelRegistry(Generic[T]):
    def __init__(self, package: ModuleType, what: str) -> None:
        self._package = package
        self._what = what
        self._instances: dict[str, T] = {}
        self._loaded = False
        self._lock = Lock()

    def register(self, cls: type[T]) -> type[T]:
        if cls.model in self._instances:
            raise ValueError(f"{self._what} for {cls.model} registered twice")
        self._instances[cls.model] = cls()
        return cls

    def _load_all(self) -> None:
        with self._lock:
            if self._loaded:
                return
            for info in pkgutil.walk_packages(self._package.__path__, prefix=f"{self._package.__name__}."):
                importlib.import_module(info.name)
            self._loaded = True

    def find(self, model: str) -> T | None:
        self._load_all()
        return self._instances.get(model)

    def all(self) -> dict[str, T]:
        self._load_all()
        return dict(sorted(self._instances.items()))
