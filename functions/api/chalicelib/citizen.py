"""Signed-in citizens: their own account and, later, their reports."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.auth import citizen_auth, current_principal

citizen = Blueprint(__name__)


@citizen.route("/me", methods=["GET"], authorizer=citizen_auth)
def me() -> dict:
    """The caller as their token proves them, with the home municipality the app starts from."""
    return current_principal(citizen.current_request).model_dump(mode="json")
