"""A municipality's collection fleet as staff keep it: adding and listing trucks and disposal sites."""

from __future__ import annotations

from polis.identity.directory import staff_contact
from polis.waste.collection import DisposalSite, DisposalSiteDetails, Truck, TruckDetails
from polis.waste.errors import WasteRequestRefused
from polis.waste.store import collection as collection_store


def add_truck(municipality: str, details: TruckDetails) -> Truck:
    truck = Truck(**dict(details), municipality=municipality)
    if truck.driver is not None:
        _check_driver(truck.municipality, truck.driver)
    collection_store.add_truck(truck)
    return truck


def add_disposal_site(municipality: str, details: DisposalSiteDetails) -> DisposalSite:
    site = DisposalSite(**dict(details), municipality=municipality)
    collection_store.add_disposal_site(site)
    return site


def trucks_of(municipality: str) -> list[Truck]:
    return collection_store.list_trucks(municipality)


def disposal_sites_of(municipality: str) -> list[DisposalSite]:
    return collection_store.list_disposal_sites(municipality)


def _check_driver(municipality: str, username: str) -> None:
    # A truck whose driver cannot be told about a route would set off with nobody aboard.
    contact = staff_contact(username)
    if contact is None or contact.municipality != municipality or "driver" not in contact.roles:
        raise WasteRequestRefused(f"{username} is not a driver of {municipality}")
