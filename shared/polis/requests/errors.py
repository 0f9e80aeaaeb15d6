"""What can go wrong with a service request, as the API tells it."""

from __future__ import annotations

from polis.errors import Conflict, InvalidField, NotFound

__all__ = [
    "CategoryNotFound",
    "InvalidField",
    "JurisdictionNotFound",
    "ServiceRequestConflict",
    "ServiceRequestNotFound",
]


class ServiceRequestNotFound(NotFound):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no service request {reference}")


class CategoryNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"no category {code!r}")


class JurisdictionNotFound(NotFound):
    """Open311's jurisdiction: a municipality this deployment does not serve."""

    def __init__(self, municipality: str) -> None:
        super().__init__(f"no jurisdiction {municipality!r} here")


class ServiceRequestConflict(Conflict):
    """The request's current state does not allow this, or someone changed it meanwhile."""
