"""Device health: is each device reporting as often as it should, and is its battery holding up?

A device is *silent* once it has missed more than two of its expected uplinks; the expected
interval is the device's own (set at provisioning) or its model's factory default.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from polis.devices import Device

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
LOW_BATTERY_V = 3.0

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


def status_of(device: Device, now: datetime, battery_voltage: float | None) -> Status:
    if not device.active:
        return "decommissioned"
    if device.last_seen_at is None:
        return "never-seen"
    if now - device.last_seen_at > timedelta(
        seconds=expected_interval_s(device) * MISSED_UPLINKS_BEFORE_SILENT
    ):
        return "silent"
    if battery_voltage is not None and battery_voltage < LOW_BATTERY_V:
        return "battery-low"
    return "ok"


def devices_geojson(health: list[DeviceHealth]) -> dict[str, Any]:
    """Every device with its status, for the staff map (GeoJSON, longitude first)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": h.device.dev_eui,
                "geometry": {
                    "type": "Point",
                    "coordinates": [h.device.location.longitude, h.device.location.latitude],
                },
                "properties": {
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
            }
            for h in health
        ],
    }
