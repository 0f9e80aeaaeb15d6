"""The few kinds of failure every domain error is one of; the API answers each kind one way.

A domain raises its own error (``ServiceRequestNotFound``, ``WasteRecordExists``...) derived from
one of these, and ``functions/api/chalicelib/contract.py`` maps the kind to an HTTP status once,
so a new error never needs a new line there.
"""

from __future__ import annotations


class PolisError(Exception):
    """Something the caller asked for that the platform will not do; ``str()`` says why."""


class NotFound(PolisError, LookupError):
    """Nothing of the kind for this caller to see (another municipality's records included)."""


class Conflict(PolisError):
    """The request does not fit the record's current state, or repeats one that exists."""


class Refused(PolisError):
    """Understood and allowed, but not possible as asked (a command the device cannot do)."""


class Forbidden(PolisError):
    """The caller is who they say, but may not do this here."""

    def __init__(self, message: str, *, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons


class InvalidField(PolisError, ValueError):
    """A well-formed field whose value does not fit (an unknown category, a place outside the city)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
