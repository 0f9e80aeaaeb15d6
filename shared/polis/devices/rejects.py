"""Input the platform refused (uplinks above all), kept with its reason for the municipality's staff."""

from __future__ import annotations

from polis.store.rejects import Reject, list_rejects

__all__ = ["Reject", "rejects_of"]


def rejects_of(municipality: str, limit: int = 100) -> list[Reject]:
    """The municipality's rejects, newest first.

    Those no municipality can be named for (a device nobody provisioned) are the platform
    operators' (``polis rejects --platform``), not any one municipality's.
    """
    return list_rejects(municipality, limit)
