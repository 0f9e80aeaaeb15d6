"""Who may do what: staff act only within their own municipality, writes need the right role."""

from __future__ import annotations

from chalice.app import Request

from chalicelib.auth import current_principal
from chalicelib.errors import Forbidden
from polis.identity.principal import Principal


def staff_member(request: Request) -> tuple[Principal, str]:
    """The caller and the municipality they act in (theirs, the only one they may)."""
    principal = current_principal(request)
    municipality = principal.municipality
    if municipality is None or not principal.can_act_in(municipality):
        raise Forbidden("this account has no role in a municipality")
    return principal, municipality


def municipality_admin(request: Request) -> tuple[Principal, str]:
    principal, municipality = staff_member(request)
    if not principal.is_admin_of(municipality):
        raise Forbidden("only a municipality administrator may do this")
    return principal, municipality
