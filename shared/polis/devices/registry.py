"""The device registry: provisioning, bulk import from CSV, listing and decommissioning."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from polis.codecs import all_codecs
from polis.devices.health import DeviceHealth, Status, devices_geojson, health_of
from polis.devices.model import Device, Domain, Location
from polis.errors import Conflict, InvalidField, NotFound
from polis.geojson import FeatureCollection
from polis.readings import Reading
from polis.store import devices as device_store
from polis.store import readings as reading_store

CSV_COLUMNS = (
    "dev_eui",
    "model",
    "domain",
    "latitude",
    "longitude",
    "asset_id",
    "name",
    "expected_interval_s",
)
MAX_IMPORT_ROWS = 5000
MAX_INTERVAL_S = 7 * 24 * 3600
"""A device silent longer than a week between uplinks is silent, whatever its schedule."""


class DeviceRegistration(BaseModel):
    """What staff say about a device they provision."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    dev_eui: str
    model: str
    domain: Domain
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    asset_id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=120)
    expected_interval_s: int | None = Field(
        default=None, gt=0, le=MAX_INTERVAL_S, description="seconds between uplinks; default: the model's"
    )

    @field_validator("dev_eui")
    @classmethod
    def _eui64(cls, value: str) -> str:
        value = value.lower().replace("-", "").replace(":", "")
        if len(value) != 16 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("DevEUI must be 16 hex digits")
        return value

    @field_validator("model")
    @classmethod
    def _known_model(cls, value: str) -> str:
        if value not in all_codecs():
            raise ValueError(f"no codec for device model {value!r}; see `polis codec list`")
        return value

    def to_device(self, municipality: str, now: datetime) -> Device:
        return Device(
            dev_eui=self.dev_eui,
            municipality=municipality,
            model=self.model,
            domain=self.domain,
            location=Location(latitude=self.latitude, longitude=self.longitude),
            asset_id=self.asset_id or None,
            name=self.name or None,
            created_at=now,
            expected_interval_s=self.expected_interval_s,
        )


class DeviceAlreadyProvisioned(Conflict):
    def __init__(self, dev_eui: str) -> None:
        super().__init__(f"a device with DevEUI {dev_eui} is already provisioned")
        self.dev_eui = dev_eui


class DeviceNotFound(NotFound):
    def __init__(self, dev_eui: str) -> None:
        super().__init__(f"no device with DevEUI {dev_eui} in this municipality")


def provision(municipality: str, registration: DeviceRegistration, now: datetime) -> Device:
    device = registration.to_device(municipality, now)
    try:
        device_store.add_device(device)
    except device_store.DeviceExists as error:
        raise DeviceAlreadyProvisioned(device.dev_eui) from error
    return device


class RowError(BaseModel):
    row: int
    """1-based line number in the file, the header being line 1."""
    dev_eui: str | None
    errors: list[str]


class ImportReport(BaseModel):
    created: list[str]
    errors: list[RowError]


def import_csv(municipality: str, text: str, now: datetime) -> ImportReport:
    """Provision every valid row; report every invalid one with its line and reasons.

    A file that is not CSV, or lacks the header this needs, is refused whole (InvalidField)
    before any row is provisioned.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InvalidField("body", f"not CSV: {error}") from None
    columns = reader.fieldnames or []
    missing = [c for c in ("dev_eui", "model", "domain", "latitude", "longitude") if c not in columns]
    if missing:
        raise InvalidField("body", f"a CSV file with a header row; missing columns: {missing}")
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise InvalidField("body", f"unknown columns: {unknown}; known: {list(CSV_COLUMNS)}")
    created: list[str] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append(
                RowError(row=line, dev_eui=None, errors=[f"at most {MAX_IMPORT_ROWS} rows per import"])
            )
            break
        if None in row:  # DictReader's key for the fields beyond the header's
            errors.append(RowError(row=line, dev_eui=row.get("dev_eui"), errors=["more fields than columns"]))
            continue
        values = {k: v for k, v in row.items() if v not in (None, "")}
        try:
            registration = DeviceRegistration.model_validate(values)
        except ValidationError as error:
            reasons = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
            errors.append(RowError(row=line, dev_eui=row.get("dev_eui"), errors=reasons))
            continue
        if registration.dev_eui in seen:
            errors.append(
                RowError(row=line, dev_eui=registration.dev_eui, errors=["DevEUI repeated in this file"])
            )
            continue
        seen.add(registration.dev_eui)
        try:
            provision(municipality, registration, now)
        except DeviceAlreadyProvisioned as error:
            errors.append(RowError(row=line, dev_eui=registration.dev_eui, errors=[str(error)]))
            continue
        created.append(registration.dev_eui)
    return ImportReport(created=created, errors=errors)


class DeviceFilter(BaseModel):
    """What staff narrow the fleet list by; every field optional."""

    model_config = ConfigDict(extra="forbid")

    domain: Domain | None = None
    model: str | None = None
    status: Status | None = None
    asset_id: str | None = None


def devices_with_health(municipality: str, where: DeviceFilter, now: datetime) -> list[DeviceHealth]:
    """The municipality's devices with their health, narrowed by the filter."""
    found = []
    for device in device_store.list_devices(municipality):
        if where.domain and device.domain != where.domain:
            continue
        if where.model and device.model != where.model:
            continue
        if where.asset_id and device.asset_id != where.asset_id:
            continue
        health = health_of(device, now)
        if where.status and health.status != where.status:
            continue
        found.append(health)
    return found


def device_map(municipality: str, now: datetime) -> FeatureCollection:
    """Every device of the municipality with its status, as GeoJSON for the staff map."""
    return devices_geojson(devices_with_health(municipality, DeviceFilter(), now))


def device_health(municipality: str, dev_eui: str, now: datetime) -> DeviceHealth:
    """One device's health, with its uplink count over the last day."""
    device = device_store.get_device(municipality, dev_eui)
    if device is None:
        raise DeviceNotFound(dev_eui)
    uplinks = reading_store.count_readings_since(municipality, dev_eui, now - timedelta(days=1))
    return health_of(device, now, uplinks_last_24h=uplinks)


def decommission(municipality: str, dev_eui: str, now: datetime) -> None:
    if not device_store.decommission(municipality, dev_eui, now):
        raise DeviceNotFound(dev_eui)


def device_of(municipality: str, dev_eui: str) -> Device:
    device = device_store.get_device(municipality, dev_eui)
    if device is None:
        raise DeviceNotFound(dev_eui)
    return device


def readings_of(municipality: str, dev_eui: str) -> list[Reading]:
    """The device's latest readings, newest first."""
    device = device_of(municipality, dev_eui)
    return reading_store.latest_readings(municipality, device.dev_eui)
