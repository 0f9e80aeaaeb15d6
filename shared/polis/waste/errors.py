"""What can go wrong with waste-collection records, in the terms the API answers with."""

from __future__ import annotations


class WasteRecordNotFound(LookupError):
    """A truck, disposal site, route plan or stop the municipality does not have."""


class WasteRecordExists(Exception):
    """A truck or disposal site id the municipality already uses."""


class WasteRequestRefused(Exception):
    """A well-formed request the municipality's records do not allow (a driver who is not one)."""
