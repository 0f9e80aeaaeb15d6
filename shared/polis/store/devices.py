"""Device registry access."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import BooleanAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from polis.devices.model import Device, Location
from polis.ingestion.lorawan.uplink import Uplink
from polis.store.items import DeviceItem
from polis.store.keys import partition
from polis.store.table import bind


class DeviceExists(Exception):
    pass


def _to_item(device: Device) -> DeviceItem:
    return DeviceItem(
        pk=partition(device.municipality, "DEVICE"),
        sk=device.dev_eui,
        gsi1pk=f"DEVEUI#{device.dev_eui}",
        municipality=device.municipality,
        dev_eui=device.dev_eui,
        model=device.model,
        domain=device.domain,
        asset_id=device.asset_id,
        name=device.name,
        latitude=device.location.latitude,
        longitude=device.location.longitude,
        active=device.active,
        created_at=device.created_at,
        last_seen_at=device.last_seen_at,
        last_fcnt=device.last_fcnt,
        expected_interval_s=device.expected_interval_s,
        decommissioned_at=device.decommissioned_at,
    )


def _number(value: float | None) -> float | None:
    return float(value) if value is not None else None


def _from_item(item: DeviceItem) -> Device:
    return Device(
        dev_eui=item.dev_eui,
        municipality=item.municipality,
        model=item.model,
        domain=item.domain,  # type: ignore[arg-type]  # written from Domain only
        location=Location(latitude=float(item.latitude), longitude=float(item.longitude)),
        asset_id=item.asset_id,
        name=item.name,
        active=item.active,
        created_at=item.created_at,
        last_seen_at=item.last_seen_at,
        last_fcnt=int(item.last_fcnt) if item.last_fcnt is not None else None,
        expected_interval_s=int(item.expected_interval_s) if item.expected_interval_s is not None else None,
        battery_voltage=_number(item.battery_voltage),
        battery_level=_number(item.battery_level),
        battery_low=bool(item.battery_low),
        rssi=_number(item.rssi),
        snr=_number(item.snr),
        silent=bool(item.silent),
        decommissioned_at=item.decommissioned_at,
    )


def add_device(device: Device) -> None:
    """Provision a device; a DevEUI is unique across every municipality."""
    bind()
    if find_by_dev_eui(device.dev_eui) is not None:
        raise DeviceExists(device.dev_eui)
    try:
        _to_item(device).save(condition=DeviceItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise DeviceExists(device.dev_eui) from error
        raise


def find_by_dev_eui(dev_eui: str) -> Device | None:
    bind()
    for item in DeviceItem.by_dev_eui.query(f"DEVEUI#{dev_eui}", DeviceItem.gsi1sk == "DEVICE", limit=1):
        return _from_item(item)
    return None


def list_devices(municipality: str) -> list[Device]:
    bind()
    return [_from_item(i) for i in DeviceItem.query(partition(municipality, "DEVICE"))]


def record_seen(
    device: Device, uplink: Uplink, battery_voltage: float | None, battery_level: float | None = None
) -> bool:
    """Note the device's latest uplink; False when a newer one was already noted."""
    bind()
    item = DeviceItem(pk=partition(device.municipality, "DEVICE"), sk=device.dev_eui)
    best = uplink.best_gateway
    actions: list[Action] = [
        DeviceItem.last_seen_at.set(uplink.received_at),
        DeviceItem.last_fcnt.set(uplink.fcnt),
    ]
    if battery_voltage is not None:
        actions.append(DeviceItem.battery_voltage.set(battery_voltage))
    if battery_level is not None:
        actions.append(DeviceItem.battery_level.set(battery_level))
    if best is not None and best.rssi is not None:  # the best gateway always has an RSSI
        actions.append(DeviceItem.rssi.set(best.rssi))
        if best.snr is not None:
            actions.append(DeviceItem.snr.set(best.snr))
    try:
        item.update(
            actions=actions,
            condition=DeviceItem.pk.exists()
            & (DeviceItem.last_seen_at.does_not_exist() | (DeviceItem.last_seen_at < uplink.received_at)),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def _set_flag(device: Device, flag: BooleanAttribute, value: bool) -> bool:
    """Set a device flag; True only for the call that changed it.

    One conditional write, so of two concurrent callers only one sees the change (one event each).
    """
    bind()
    try:
        DeviceItem(pk=partition(device.municipality, "DEVICE"), sk=device.dev_eui).update(
            actions=[flag.set(value)],
            condition=DeviceItem.pk.exists() & (flag.does_not_exist() | (flag != value)),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def set_battery_low(device: Device, low: bool) -> bool:
    return _set_flag(device, DeviceItem.battery_low, low)


def set_silent(device: Device, silent: bool) -> bool:
    return _set_flag(device, DeviceItem.silent, silent)


def get_device(municipality: str, dev_eui: str) -> Device | None:
    bind()
    try:
        return _from_item(DeviceItem.get(partition(municipality, "DEVICE"), dev_eui))
    except DeviceItem.DoesNotExist:
        return None


def decommission(municipality: str, dev_eui: str, at: datetime) -> bool:
    """Stop accepting the device's uplinks; its history stays. False if it is not there."""
    bind()
    try:
        DeviceItem(pk=partition(municipality, "DEVICE"), sk=dev_eui).update(
            actions=[DeviceItem.active.set(False), DeviceItem.decommissioned_at.set(at)],
            condition=DeviceItem.pk.exists(),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
