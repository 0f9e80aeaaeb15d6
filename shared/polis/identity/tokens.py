"""Cognito ID tokens checked against the two Polis user pools: the only way to a ``Principal``.

The pool that issued a token decides whether the caller is a citizen or staff, so a citizen can
never present claims that make them staff. Only ID tokens are accepted: they carry
``custom:municipality``, which access tokens do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jwt
from pydantic import Field, TypeAdapter, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis.identity.principal import ROLES, Kind, Principal
from polis.municipality import MunicipalityId

_POOL_ID = r"^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$"
_MUNICIPALITY = TypeAdapter(MunicipalityId)
# Cognito's user pools sign with RS256 only; anything else in a header is an attack or a mistake.
_ALGORITHMS = ["RS256"]


class Unauthorized(Exception):
    """The token proves nothing. ``reason`` is for logs; callers get no detail."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class IdentitySettings(BaseSettings):
    """The user pools and app clients whose tokens the API accepts (the template passes them in)."""

    model_config = SettingsConfigDict(env_prefix="POLIS_")

    citizen_user_pool_id: str = Field(pattern=_POOL_ID)
    citizen_client_id: str = Field(min_length=1)
    staff_user_pool_id: str = Field(pattern=_POOL_ID)
    staff_client_id: str = Field(min_length=1)
    jwks_base_url: str | None = Field(
        default=None,
        description="serves <pool id>/.well-known/jwks.json in place of Cognito (moto, locally); "
        "a token's issuer must still be the Cognito pool",
    )


@dataclass(frozen=True)
class _Pool:
    kind: Kind
    client_id: str
    keys: jwt.PyJWKClient


def _issuer(pool_id: str) -> str:
    # A pool id starts with its region (eu-central-1_AbC123), and so does its issuer's host.
    region = pool_id.split("_", 1)[0]
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


class TokenVerifier:
    def __init__(self, settings: IdentitySettings) -> None:
        pools: tuple[tuple[Kind, str, str], ...] = (
            ("citizen", settings.citizen_user_pool_id, settings.citizen_client_id),
            ("staff", settings.staff_user_pool_id, settings.staff_client_id),
        )
        self._pools: dict[str, _Pool] = {}
        for kind, pool_id, client_id in pools:
            base = settings.jwks_base_url or _issuer(pool_id).rsplit("/", 1)[0]
            # The key set is kept for an hour across warm invocations; a token signed with a key
            # it lacks (Cognito rotated) makes the client fetch the set again.
            url = f"{base.rstrip('/')}/{pool_id}/.well-known/jwks.json"
            keys = jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=5)
            self._pools[_issuer(pool_id)] = _Pool(kind, client_id, keys)

    def verify(self, token: str) -> Principal:
        """The caller a token proves, or ``Unauthorized`` with the reason.

        An unreachable key endpoint is an outage, not a bad token: it raises ``PyJWKClientConnectionError``.
        """
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.DecodeError as error:
            raise Unauthorized(f"not a JWT: {error}") from error
        # Unverified claims only choose the keys and reject early; everything accepted is verified below.
        issuer = unverified.get("iss")
        pool = self._pools.get(issuer) if isinstance(issuer, str) else None
        if pool is None:
            raise Unauthorized(f"issuer {issuer!r} is neither Polis user pool")
        if unverified.get("token_use") != "id":
            raise Unauthorized(f"an ID token is required, not token_use {unverified.get('token_use')!r}")
        try:
            key = pool.keys.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError:
            raise
        except jwt.PyJWKClientError as error:
            raise Unauthorized(f"no {pool.kind} pool key signs this token: {error}") from error
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=_ALGORITHMS,
                audience=pool.client_id,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
            )
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"{pool.kind} token rejected: {error}") from error
        return _principal(pool.kind, claims)


def _principal(kind: Kind, claims: dict[str, Any]) -> Principal:
    municipality = claims.get("custom:municipality")
    if kind == "staff" and municipality is None:
        raise Unauthorized("a staff token must carry custom:municipality")
    if municipality is not None:
        try:
            _MUNICIPALITY.validate_python(municipality)
        except ValidationError as error:
            raise Unauthorized(f"custom:municipality {municipality!r} is not a municipality id") from error
    # Roles come from the staff pool's groups only; a group Polis does not know grants nothing.
    roles = ROLES.intersection(claims.get("cognito:groups") or ()) if kind == "staff" else frozenset()
    return Principal(
        subject=claims["sub"],
        username=claims.get("cognito:username") or claims["sub"],
        kind=kind,
        municipality=municipality,
        roles=roles,
        email=claims.get("email"),
    )


@cache
def token_verifier() -> TokenVerifier:
    """The process's verifier, configured from the environment on first use (and its key cache kept)."""
    return TokenVerifier(IdentitySettings())  # type: ignore[call-arg]  # filled from the environment


def verify_token(token: str) -> Principal:
    return token_verifier().verify(token)
