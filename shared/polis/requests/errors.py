"""What can go wrong with a service request, as the API tells it."""

from __future__ import annotations


class ServiceRequestNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no service request {reference}")


class CategoryNotFound(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no category {code!r}")


class InvalidField(ValueError):
    """A field that is well-formed but names something that does not fit (an unknown category...)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ServiceRequestConflict(Exception):
    """The request's current state does not allow this, or someone changed it meanwhile."""
