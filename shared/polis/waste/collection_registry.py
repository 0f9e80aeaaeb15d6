"""Adding trucks and disposal sites to a municipality's collection fleet."""

from __future__ import annotations

from polis.identity.directory import staff_contact
from polis.store import collection as collection_store
from polis.waste.collection import DisposalSite, Truck
from polis.waste.errors import WasteRequestRefused


def add_truck(truck: Truck) -> Truck:
    if truck.driver is not None:
        _check_driver(truck.municipality, truck.driver)
    collection_store.add_truck(truck)
    return truck


def add_disposal_site(site: DisposalSite) -> DisposalSite:
    collection_store.add_disposal_site(site)
    return site


def _check_driver(municipality: str, username: str) -> None:
    # A truck whose driver cannot be told about a route would set off with nobody aboard.
    contact = staff_contact(username)
    if contact is None or contact.municipality != municipality or "driver" not in contact.roles:
        raise WasteRequestRefused(f"{username} is not a driver of {municipality}")
