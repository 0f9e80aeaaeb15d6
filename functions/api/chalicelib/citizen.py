"""Signed-in citizens: their own account."""

from __future__ import annotations

from chalice import Blueprint
from chalice.app import Request

from chalicelib.auth import citizen_auth, current_principal
from chalicelib.contract import route
from polis.identity.principal import Principal

citizen = Blueprint(__name__)


@route(citizen, "/me", "GET", authorizer=citizen_auth, response=Principal)
def me(request: Request) -> Principal:
    """The caller as their token proves them, with the home municipality the app starts from."""
    return current_principal(request)
