"""Binding the items to the physical table named by configuration."""

from __future__ import annotations

from polis.config import store_settings
from polis.store.items import PolisItem


def bind() -> None:
    """Point every item at the configured table; cheap enough to call before each use."""
    name = store_settings().table_name
    if PolisItem.Meta.table_name != name:
        PolisItem.Meta.table_name = name
