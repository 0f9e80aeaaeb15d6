"""Collection fleet access: a municipality's trucks and disposal sites."""

from __future__ import annotations

from datetime import time
from typing import cast

from pynamodb.exceptions import PutError

from polis.devices.model import Location
from polis.store.items import DisposalSiteItem, PolisItem, TruckItem
from polis.store.keys import partition
from polis.store.table import bind
from polis.waste.bins import WasteStreamName
from polis.waste.collection import DisposalSite, Truck
from polis.waste.errors import WasteRecordExists
from polis.waste.time_of_day import DailyWindow


def _truck_item(truck: Truck) -> TruckItem:
    return TruckItem(
        pk=partition(truck.municipality, "TRUCK"),
        sk=truck.truck_id,
        municipality=truck.municipality,
        truck_id=truck.truck_id,
        name=truck.name,
        latitude=truck.depot.latitude,
        longitude=truck.depot.longitude,
        volume_capacity_litres=truck.volume_capacity_litres,
        weight_capacity_kg=truck.weight_capacity_kg,
        waste_streams=sorted(truck.waste_streams),
        shift_start=truck.shift.start.isoformat(),
        shift_end=truck.shift.end.isoformat(),
        driver=truck.driver,
    )


def _streams(item: TruckItem | DisposalSiteItem) -> frozenset[WasteStreamName]:
    # pynamodb types the items of a ListAttribute(of=UnicodeAttribute) as UnicodeAttribute; they are
    # the strs written from a WasteStreamName set.
    return frozenset(cast(list[WasteStreamName], item.waste_streams))


def _truck(item: TruckItem) -> Truck:
    return Truck(
        municipality=item.municipality,
        truck_id=item.truck_id,
        name=item.name,
        depot=Location(latitude=float(item.latitude), longitude=float(item.longitude)),
        volume_capacity_litres=int(item.volume_capacity_litres),
        weight_capacity_kg=int(item.weight_capacity_kg),
        waste_streams=_streams(item),
        shift=DailyWindow(start=time.fromisoformat(item.shift_start), end=time.fromisoformat(item.shift_end)),
        driver=item.driver,
    )


def _site_item(site: DisposalSite) -> DisposalSiteItem:
    return DisposalSiteItem(
        pk=partition(site.municipality, "DISPOSAL_SITE"),
        sk=site.site_id,
        municipality=site.municipality,
        site_id=site.site_id,
        name=site.name,
        latitude=site.location.latitude,
        longitude=site.location.longitude,
        waste_streams=sorted(site.waste_streams),
        unload_minutes=site.unload_minutes,
    )


def _site(item: DisposalSiteItem) -> DisposalSite:
    return DisposalSite(
        municipality=item.municipality,
        site_id=item.site_id,
        name=item.name,
        location=Location(latitude=float(item.latitude), longitude=float(item.longitude)),
        waste_streams=_streams(item),
        unload_minutes=int(item.unload_minutes),
    )


def _add_new(item: PolisItem, what: str) -> None:
    try:
        item.save(condition=type(item).pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise WasteRecordExists(f"{what} {item.sk} already exists") from error
        raise


def add_truck(truck: Truck) -> None:
    bind()
    _add_new(_truck_item(truck), "truck")


def put_truck(truck: Truck) -> None:
    """Create or replace."""
    bind()
    _truck_item(truck).save()


def get_truck(municipality: str, truck_id: str) -> Truck | None:
    bind()
    try:
        return _truck(TruckItem.get(partition(municipality, "TRUCK"), truck_id))
    except TruckItem.DoesNotExist:
        return None


def list_trucks(municipality: str) -> list[Truck]:
    bind()
    return [_truck(i) for i in TruckItem.query(partition(municipality, "TRUCK"))]


def add_disposal_site(site: DisposalSite) -> None:
    bind()
    _add_new(_site_item(site), "disposal site")


def put_disposal_site(site: DisposalSite) -> None:
    """Create or replace."""
    bind()
    _site_item(site).save()


def list_disposal_sites(municipality: str) -> list[DisposalSite]:
    bind()
    return [_site(i) for i in DisposalSiteItem.query(partition(municipality, "DISPOSAL_SITE"))]
