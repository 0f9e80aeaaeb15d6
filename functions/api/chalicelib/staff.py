"""A municipality's staff: the work of their departments, within their own municipality."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.auth import current_principal, staff_auth

staff = Blueprint(__name__)


@staff.route("/me", methods=["GET"], authorizer=staff_auth)
def me() -> dict:
    """The caller, their municipality and roles: what the staff console shows and enables."""
    principal = current_principal(staff.current_request)
    return {**principal.model_dump(mode="json"), "departments": sorted(principal.departments)}
