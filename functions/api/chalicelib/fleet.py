"""Staff: the device fleet of their municipality (registry, health, readings, downlinks, rejects)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint, Response

from chalicelib.access import municipality_admin, staff_member
from chalicelib.auth import staff_auth
from chalicelib.errors import Forbidden, answers_errors
from chalicelib.openapi import documented
from polis import registry
from polis.devices import Device
from polis.downlinks import configured_sender, send_command
from polis.downlinks.commands import COMMAND
from polis.health import DeviceHealth, devices_geojson
from polis.store import downlinks as downlink_store
from polis.store import readings as reading_store
from polis.store.rejects import list_rejects

fleet = Blueprint(__name__)

# Who besides the municipality administrator may command a controller of this domain.
_COMMANDING_DEPARTMENT = {"lighting": "lighting"}


def _health_json(health: registry.DeviceHealth) -> dict:
    return health.model_dump(mode="json")


@fleet.route("/devices", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(query=registry.DeviceFilter)
def list_devices() -> dict:
    """The fleet with each device's health; ?domain=&model=&status=&asset_id= narrow it."""
    _, municipality = staff_member(fleet.current_request)
    where = registry.DeviceFilter.model_validate(fleet.current_request.query_params or {})
    found = registry.fleet_health(municipality, where, datetime.now(UTC))
    return {"municipality": municipality, "count": len(found), "devices": [_health_json(h) for h in found]}


@fleet.route("/devices", methods=["POST"], authorizer=staff_auth)
@answers_errors
@documented(body=registry.DeviceRegistration, response=Device, status=201, errors=(409,))
def provision_device() -> Response:
    _, municipality = municipality_admin(fleet.current_request)
    registration = registry.DeviceRegistration.model_validate(fleet.current_request.json_body or {})
    device = registry.provision(municipality, registration, datetime.now(UTC))
    return Response(body=device.model_dump(mode="json"), status_code=201)


@fleet.route("/devices/import", methods=["POST"], authorizer=staff_auth, content_types=["text/csv"])
@answers_errors
def import_devices() -> Response:
    """Bulk provisioning from CSV; every row that fails is reported with its line and reasons."""
    _, municipality = municipality_admin(fleet.current_request)
    text = (fleet.current_request.raw_body or b"").decode("utf-8-sig")
    report = registry.import_csv(municipality, text, datetime.now(UTC))
    return Response(body=report.model_dump(), status_code=200 if not report.errors else 207)


@fleet.route("/devices/{dev_eui}", methods=["GET"], authorizer=staff_auth)
@answers_errors
@documented(response=DeviceHealth, errors=(404,))
def get_device(dev_eui: str) -> dict:
    _, municipality = staff_member(fleet.current_request)
    return _health_json(registry.device_health(municipality, dev_eui.lower(), datetime.now(UTC)))


@fleet.route("/devices/{dev_eui}", methods=["DELETE"], authorizer=staff_auth)
@answers_errors
def decommission_device(dev_eui: str) -> Response:
    _, municipality = municipality_admin(fleet.current_request)
    registry.decommission(municipality, dev_eui.lower(), datetime.now(UTC))
    return Response(body="", status_code=204)


@fleet.route("/devices/{dev_eui}/readings", methods=["GET"], authorizer=staff_auth)
@answers_errors
def device_readings(dev_eui: str) -> dict:
    _, municipality = staff_member(fleet.current_request)
    device = registry.device_of(municipality, dev_eui.lower())
    readings = reading_store.latest_readings(municipality, device.dev_eui)
    return {"dev_eui": device.dev_eui, "readings": [r.model_dump(mode="json") for r in readings]}


@fleet.route("/devices/{dev_eui}/downlinks", methods=["GET"], authorizer=staff_auth)
@answers_errors
def device_downlinks(dev_eui: str) -> dict:
    _, municipality = staff_member(fleet.current_request)
    device = registry.device_of(municipality, dev_eui.lower())
    sent = downlink_store.list_downlinks(municipality, device.dev_eui)
    return {"dev_eui": device.dev_eui, "downlinks": [d.model_dump(mode="json") for d in sent]}


@fleet.route("/devices/{dev_eui}/downlinks", methods=["POST"], authorizer=staff_auth)
@answers_errors
def command_device(dev_eui: str) -> Response:
    """Send a command (dim, switch, crossing boost); the answer says whether it went out."""
    principal, municipality = staff_member(fleet.current_request)
    device = registry.device_of(municipality, dev_eui.lower())
    department = _COMMANDING_DEPARTMENT.get(device.domain)
    if not principal.is_admin_of(municipality) and department not in principal.departments:
        raise Forbidden(f"only the administrator or the {department or 'responsible'} department may")
    command = COMMAND.validate_python(fleet.current_request.json_body or {})
    downlink = send_command(device, command, configured_sender())
    return Response(body=downlink.model_dump(mode="json"), status_code=202)


@fleet.route("/map/devices", methods=["GET"], authorizer=staff_auth)
@answers_errors
def device_map() -> dict:
    """Every device with its status, as GeoJSON for the staff map."""
    _, municipality = staff_member(fleet.current_request)
    return devices_geojson(registry.fleet_health(municipality, registry.DeviceFilter(), datetime.now(UTC)))


@fleet.route("/rejects", methods=["GET"], authorizer=staff_auth)
@answers_errors
def rejected_input() -> dict:
    """The municipality's uplinks the platform refused, newest first, with reason and raw message.

    Those no municipality can be named for (a device nobody provisioned) are the platform
    operators' to see (``polis rejects --platform``), not any one municipality's.
    """
    _, municipality = staff_member(fleet.current_request)
    return {"rejects": [r.model_dump(mode="json") for r in list_rejects(municipality)]}
