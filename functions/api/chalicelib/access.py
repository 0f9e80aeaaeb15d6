"""Who may do what: staff act only within their own municipality, writes need the right role."""

from __future__ import annotations

from chalice.app import Request

from chalicelib.auth import current_principal
from polis.errors import Forbidden
from polis.identity.principal import ADMIN, DEPARTMENT_ROLES, Principal, Role
from polis.observability import logger
from polis.requests.errors import InvalidField
from polis.requests.models import ServiceRequest

# Who works service requests: the administrator, the call centre and the departments (not drivers).
_SERVICE_DESK_ROLES: frozenset[Role] = frozenset({ADMIN, "call-centre-operator", *DEPARTMENT_ROLES})


def staff_member(request: Request) -> tuple[Principal, str]:
    """The caller and the municipality they act in (theirs, the only one they may)."""
    principal = current_principal(request)
    municipality = principal.municipality
    if municipality is None or not principal.can_act_in(municipality):
        raise Forbidden("this account has no role in a municipality")
    logger.thread_safe_append_keys(municipality=municipality)
    return principal, municipality


def municipality_admin(request: Request) -> tuple[Principal, str]:
    principal, municipality = staff_member(request)
    if not principal.is_admin_of(municipality):
        raise Forbidden("only a municipality administrator may do this")
    return principal, municipality


def _role_or_admin(request: Request, role: Role, who: str) -> tuple[Principal, str]:
    principal, municipality = staff_member(request)
    if role not in principal.roles and not principal.is_admin_of(municipality):
        raise Forbidden(f"only {who} or the municipality administrator may do this")
    return principal, municipality


def driver(request: Request) -> tuple[Principal, str]:
    """Drivers run the collection routes; the municipality administrator may stand in for one."""
    return _role_or_admin(request, "driver", "a driver")


def routing_planner(request: Request) -> tuple[Principal, str]:
    """Who starts a routing run: the cleaning department, and the administrator."""
    principal, municipality = staff_member(request)
    if not principal.is_admin_of(municipality) and "cleaning" not in principal.departments:
        raise Forbidden("only the administrator or the cleaning department may start a routing run")
    return principal, municipality


def service_desk(request: Request) -> tuple[Principal, str]:
    """Staff who see their municipality's service requests in full, reporters' contacts included."""
    principal, municipality = staff_member(request)
    if not principal.roles & _SERVICE_DESK_ROLES:
        raise Forbidden("service requests are for the departments, the call centre and the administrator")
    return principal, municipality


def call_centre(request: Request) -> tuple[Principal, str]:
    """Who files requests for callers and looks them up: operators, and the administrator."""
    return _role_or_admin(request, "call-centre-operator", "a call-centre operator")


def may_work(principal: Principal, service_request: ServiceRequest) -> None:
    """Changing a request is for its department's staff, and the administrator."""
    if not principal.is_admin_of(service_request.municipality) and (
        service_request.department not in principal.departments
    ):
        department = service_request.department
        raise Forbidden(f"only the {department} department or the administrator may change it")


def may_comment(principal: Principal, service_request: ServiceRequest) -> None:
    """Its department and the administrator, and the call centre relaying what a caller says."""
    if "call-centre-operator" not in principal.roles:
        may_work(principal, service_request)


def citizen_municipality(principal: Principal, given: str | None) -> str:
    """Where a citizen acts: the municipality they name, else their home municipality."""
    if given is not None:
        return given
    if principal.municipality is None:
        raise InvalidField("municipality", "name the municipality; the account has no home municipality")
    return principal.municipality


def is_reporter(principal: Principal, service_request: ServiceRequest) -> bool:
    return principal.kind == "citizen" and service_request.reporter.subject == principal.subject


def reporter_only(principal: Principal, service_request: ServiceRequest) -> None:
    if not is_reporter(principal, service_request):
        raise Forbidden("only the person who reported it may do this")
