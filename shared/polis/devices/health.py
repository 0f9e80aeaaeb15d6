"""Device health: is each device reporting as often as it should, and is its battery holding up?

A device is *silent* once it has missed more than two of its expected uplinks; the expected
interval is the device's own (set at provisioning) or its model's factory default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from polis.devices.model import Device
from polis.events import DomainEvent, device_event
from polis.geojson import Feature, FeatureCollection, Point

# Factory-default uplink periods from the vendors' manuals; a device provisioned with another
# period carries its own. Event-driven devices (parking, buttons) send a heartbeat at this period.
DEFAULT_INTERVAL_S: dict[str, int] = {
    "dragino/ldds75": 20 * 60,
    "dragino/lds02": 2 * 3600,
    "dragino/lgt92": 20 * 60,
    "dragino/lht65": 20 * 60,
    "dragino/sw3l": 20 * 60,
    "milesight-iot/am307": 10 * 60,
    "milesight-iot/em310-udl": 10 * 60,
    "milesight-iot/em500-swl": 10 * 60,
    "milesight-iot/vs133": 10 * 60,
    "milesight-iot/ws101": 24 * 3600,
    "milesight-iot/ws558": 20 * 60,
    "bosch/tps110": 3600,
    "decentlab/dl-ac": 10 * 60,
    "decentlab/dl-atm41": 10 * 60,
    "decentlab/dl-mbx": 10 * 60,
    "decentlab/dl-pm": 10 * 60,
    "decentlab/dl-pr26": 10 * 60,
}
FALLBACK_INTERVAL_S = 3600
MISSED_UPLINKS_BEFORE_SILENT = 2.5

Status = Literal["ok", "silent", "never-seen", "battery-low", "decommissioned"]


class DeviceHealth(BaseModel):
    model_config = ConfigDict(frozen=True)

    device: Device
    status: Status
    expected_interval_s: int
    silent_for_s: float | None
    battery_voltage: float | None
    rssi: float | None
    snr: float | None
    uplinks_last_24h: int | None


def expected_interval_s(device: Device) -> int:
    return device.expected_interval_s or DEFAULT_INTERVAL_S.get(device.model, FALLBACK_INTERVAL_S)


def status_of(device: Device, now: datetime) -> Status:
    if not device.active:
        return "decommissioned"
    if device.last_seen_at is None:
        return "never-seen"
    allowed = timedelta(seconds=expected_interval_s(device) * MISSED_UPLINKS_BEFORE_SILENT)
    if now - device.last_seen_at > allowed:
        return "silent"
    # Judged at ingest with the model's own threshold (polis.domains.battery).
    if device.battery_low:
        return "battery-low"
    return "ok"


def health_of(device: Device, now: datetime, uplinks_last_24h: int | None = None) -> DeviceHealth:
    return DeviceHealth(
        device=device,
        status=status_of(device, now),
        expected_interval_s=expected_interval_s(device),
        silent_for_s=(now - device.last_seen_at).total_seconds() if device.last_seen_at else None,
        battery_voltage=device.battery_voltage,
        rssi=device.rssi,
        snr=device.snr,
        uplinks_last_24h=uplinks_last_24h,
    )


def silence_events(device: Device, now: datetime, flag: Callable[[Device, bool], bool]) -> list[DomainEvent]:
    """``device.silent`` when a device falls silent, ``device.reporting`` when it is heard again.

    ``flag`` stores the flag and says whether this call changed it, so each change is told once.
    """
    status = status_of(device, now)
    silent = status == "silent"
    if silent == device.silent or status in ("decommissioned", "never-seen") or not flag(device, silent):
        return []
    return [
        device_event(
            "device.silent" if silent else "device.reporting",
            device,
            last_seen_at=device.last_seen_at.isoformat() if device.last_seen_at else None,
            expected_interval_s=expected_interval_s(device),
        )
    ]


def devices_geojson(health: list[DeviceHealth]) -> FeatureCollection:
    """Every device with its status, for the staff map (GeoJSON, longitude first)."""
    return FeatureCollection(
        features=[
            Feature(
                id=h.device.dev_eui,
                geometry=Point.at(h.device.location),
                properties={
                    "dev_eui": h.device.dev_eui,
                    "name": h.device.name,
                    "model": h.device.model,
                    "domain": h.device.domain,
                    "asset_id": h.device.asset_id,
                    "status": h.status,
                    "last_seen_at": h.device.last_seen_at.isoformat() if h.device.last_seen_at else None,
                    "battery_voltage": h.battery_voltage,
                    "rssi": h.rssi,
                    "snr": h.snr,
                    "uplinks_last_24h": h.uplinks_last_24h,
                },
            )
            for h in health
        ],
    )
