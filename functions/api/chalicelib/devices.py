"""Staff: the devices of their municipality (registry, health, readings, downlinks, rejects)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field, RootModel, field_validator

from chalicelib.access import municipality_admin, staff_member
from chalicelib.auth import staff_auth
from chalicelib.contract import CSV, MAX_UPLOAD_BYTES, Reply, route
from polis.devices import registry
from polis.devices.health import DeviceHealth
from polis.devices.model import Device
from polis.devices.rejects import Reject, rejects_of
from polis.downlinks import Downlink
from polis.downlinks import service as downlinks
from polis.downlinks.commands import Command
from polis.geojson import FeatureCollection
from polis.municipality import MunicipalityId
from polis.readings import Reading

devices = Blueprint(__name__)


class DevicePath(BaseModel):
    dev_eui: str = Field(pattern=r"^[0-9a-f]{16}$", description="the device's DevEUI, 16 hex digits")

    @field_validator("dev_eui", mode="before")
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


class DeviceList(BaseModel):
    municipality: MunicipalityId
    count: int
    devices: list[DeviceHealth]


class DeviceReadings(BaseModel):
    dev_eui: str
    readings: list[Reading] = Field(description="the latest, newest first")


class DeviceDownlinks(BaseModel):
    dev_eui: str
    downlinks: list[Downlink] = Field(description="newest first")


class CommandBody(RootModel[Command]):
    """A command, told apart by its ``kind``."""


class RejectsQuery(BaseModel):
    limit: int = Field(default=100, ge=1, le=500, description="how many, newest first")


class RejectList(BaseModel):
    rejects: list[Reject]


@route(
    devices,
    "/devices",
    "GET",
    authorizer=staff_auth,
    query=registry.DeviceFilter,
    response=DeviceList,
)
def list_devices(query: registry.DeviceFilter, request: Request) -> DeviceList:
    """Every device with its health; ?domain=&model=&status=&asset_id= narrow it."""
    _, municipality = staff_member(request)
    found = registry.devices_with_health(municipality, query, datetime.now(UTC))
    return DeviceList(municipality=municipality, count=len(found), devices=found)


@route(
    devices,
    "/devices",
    "POST",
    authorizer=staff_auth,
    body=registry.DeviceRegistration,
    response=Device,
    status=201,
    errors=(409,),
)
def provision_device(body: registry.DeviceRegistration, request: Request) -> Device:
    """Provision a device: its DevEUI, model, domain and place."""
    _, municipality = municipality_admin(request)
    return registry.provision(municipality, body, datetime.now(UTC))


@route(
    devices,
    "/devices/import",
    "POST",
    authorizer=staff_auth,
    body=str,
    content_types=(CSV,),
    max_body_bytes=MAX_UPLOAD_BYTES,
    response=registry.ImportReport,
    other_statuses=(207,),
)
def import_devices(body: str, request: Request) -> registry.ImportReport | Reply:
    """Bulk provisioning from CSV; every row that fails is reported with its line and reasons."""
    _, municipality = municipality_admin(request)
    report = registry.import_csv(municipality, body, datetime.now(UTC))
    return Reply(report, 207) if report.errors else report


@route(
    devices,
    "/devices/{dev_eui}",
    "GET",
    authorizer=staff_auth,
    path_params=DevicePath,
    response=DeviceHealth,
    errors=(404,),
)
def get_device(dev_eui: str, request: Request) -> DeviceHealth:
    """A device with its health and its uplink count over the last day."""
    _, municipality = staff_member(request)
    return registry.device_health(municipality, dev_eui, datetime.now(UTC))


@route(
    devices,
    "/devices/{dev_eui}",
    "DELETE",
    authorizer=staff_auth,
    path_params=DevicePath,
    response=None,
    status=204,
    errors=(404,),
)
def decommission_device(dev_eui: str, request: Request) -> None:
    """Decommission a device: its uplinks are refused from now on, its history kept."""
    _, municipality = municipality_admin(request)
    registry.decommission(municipality, dev_eui, datetime.now(UTC))


@route(
    devices,
    "/devices/{dev_eui}/readings",
    "GET",
    authorizer=staff_auth,
    path_params=DevicePath,
    response=DeviceReadings,
    errors=(404,),
)
def device_readings(dev_eui: str, request: Request) -> DeviceReadings:
    """The device's latest readings, newest first, in Polis quantities."""
    _, municipality = staff_member(request)
    return DeviceReadings(dev_eui=dev_eui, readings=registry.readings_of(municipality, dev_eui))


@route(
    devices,
    "/devices/{dev_eui}/downlinks",
    "GET",
    authorizer=staff_auth,
    path_params=DevicePath,
    response=DeviceDownlinks,
    errors=(404,),
)
def device_downlinks(dev_eui: str, request: Request) -> DeviceDownlinks:
    """The commands sent to the device, newest first, with their frames and outcomes."""
    _, municipality = staff_member(request)
    return DeviceDownlinks(dev_eui=dev_eui, downlinks=downlinks.downlinks_of(municipality, dev_eui))


@route(
    devices,
    "/devices/{dev_eui}/downlinks",
    "POST",
    authorizer=staff_auth,
    path_params=DevicePath,
    body=CommandBody,
    response=Downlink,
    status=202,
    errors=(404, 422),
)
def command_device(dev_eui: str, body: CommandBody, request: Request) -> Downlink:
    """Send a command (dim, switch, crossing boost); the answer says whether it went out."""
    principal, municipality = staff_member(request)
    return downlinks.command_device(principal, municipality, dev_eui, body.root)


@route(devices, "/map/devices", "GET", authorizer=staff_auth, response=FeatureCollection)
def device_map(request: Request) -> FeatureCollection:
    """Every device with its status, as GeoJSON for the staff map."""
    _, municipality = staff_member(request)
    return registry.device_map(municipality, datetime.now(UTC))


@route(
    devices,
    "/rejects",
    "GET",
    authorizer=staff_auth,
    query=RejectsQuery,
    response=RejectList,
)
def rejected_input(query: RejectsQuery, request: Request) -> RejectList:
    """The municipality's uplinks the platform refused, newest first, with reason and raw message.

    Those no municipality can be named for (a device nobody provisioned) are the platform
    operators' to see (``polis rejects --platform``), not any one municipality's.
    """
    _, municipality = staff_member(request)
    return RejectList(rejects=rejects_of(municipality, query.limit))
