"""What can go wrong with waste-collection records, in the terms the API answers with."""

from __future__ import annotations

from polis.errors import Conflict, NotFound, Refused


class WasteRecordNotFound(NotFound):
    """A truck, disposal site, route plan or stop the municipality does not have."""


class WasteRecordExists(Conflict):
    """A truck or disposal site id the municipality already uses."""


class WasteRequestRefused(Refused):
    """A well-formed request the municipality's records do not allow (a driver who is not one)."""
