"""Who is calling: Chalice built-in authorizers over the Cognito user pools, and the caller for routes.

Built-in authorizers run the same in AWS (each is its own Lambda TOKEN authorizer, see
template.yaml), on chalice's local server and in ``chalice.test.Client``; Cognito authorizers
are not enforced locally. The status codes are decided here and nowhere else: a request without
an Authorization header is 401 (API Gateway answers before any authorizer runs); a token that
proves nothing, or proves the other kind of caller, is 403 with no detail.
"""

from __future__ import annotations

from typing import Any

from chalice import AuthResponse, Blueprint
from chalice.app import AuthRequest, Request

from polis.identity.principal import Kind, Principal
from polis.identity.tokens import Unauthorized, verify_token
from polis.observability import logger

auth = Blueprint(__name__)

_CONTEXT_KEY = "principal"


def _bearer(header: str) -> str:
    scheme, _, credentials = header.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else header.strip()


def _deny(request: AuthRequest) -> dict[str, Any]:
    # An explicit Deny rather than an AuthResponse without routes: API Gateway answers a Deny with
    # 403, while an Allow on nothing is not reliably refused (aws/chalice#1619). Chalice's local
    # gateway lets through only what an Allow matches, so it answers 403 as well.
    return {
        "principalId": "anonymous",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": [request.method_arn]}
            ],
        },
    }


def _authorize(request: AuthRequest, kind: Kind) -> AuthResponse | dict[str, Any]:
    try:
        principal = verify_token(_bearer(request.token))
    except Unauthorized as error:
        logger.info("token rejected", reason=error.reason, audience=kind)
        return _deny(request)
    if principal.kind != kind:
        logger.info("token of the other user pool", audience=kind, subject=principal.subject)
        return _deny(request)
    # Every route: API Gateway caches the result per token and per authorizer, so a citizen's
    # cached Allow never reaches a route that staff_auth guards.
    return AuthResponse(
        routes=["*"], principal_id=principal.subject, context={_CONTEXT_KEY: principal.model_dump_json()}
    )


@auth.authorizer()
def citizen_auth(request: AuthRequest) -> AuthResponse | dict[str, Any]:
    """Lets through holders of a citizen pool ID token."""
    return _authorize(request, "citizen")


@auth.authorizer()
def staff_auth(request: AuthRequest) -> AuthResponse | dict[str, Any]:
    """Lets through holders of a staff pool ID token; what they may do there is up to each route."""
    return _authorize(request, "staff")


def current_principal(request: Request) -> Principal:
    """The caller the route's authorizer let through (the context holds only strings, so JSON)."""
    return Principal.model_validate_json(request.context["authorizer"][_CONTEXT_KEY])
