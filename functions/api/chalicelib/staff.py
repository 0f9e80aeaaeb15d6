"""A municipality's staff: the work of their departments, within their own municipality."""

from __future__ import annotations

from chalice import Blueprint
from chalice.app import Request

from chalicelib.auth import current_principal, staff_auth
from chalicelib.contract import route
from polis.identity.principal import StaffMember

staff = Blueprint(__name__)


@route(staff, "/me", "GET", authorizer=staff_auth, response=StaffMember)
def me(request: Request) -> StaffMember:
    """The caller, their municipality and roles: what the staff console shows and enables."""
    return StaffMember.of(current_principal(request))
