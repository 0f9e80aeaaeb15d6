"""Users of the template's Cognito pools on moto, and ID tokens for them.

In AWS citizens sign up and a municipality's admin creates its staff; locally the platform seeds
a few users so the protected routes can be called (``polis token --user ...``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from polis.identity.principal import Kind, Role
from polis_local.template import LocalStack

# The password of every seeded user: local only, so not a secret.
LOCAL_PASSWORD = "Polis-local-1!"  # noqa: S105

# user kind -> the logical ids of its user pool and app client in template.yaml
_POOLS: dict[Kind, tuple[str, str]] = {
    "citizen": ("CitizenUserPool", "CitizenUserPoolClient"),
    "staff": ("StaffUserPool", "StaffUserPoolClient"),
}


@dataclass(frozen=True)
class LocalUser:
    username: str
    kind: Kind
    email: str
    municipality: str | None = None
    groups: tuple[Role, ...] = ()


SEED_USERS = (
    LocalUser("chalkida-admin", "staff", "chalkida-admin@example.org", "chalkida", ("municipality-admin",)),
    LocalUser("chalkida-cleaning", "staff", "chalkida-cleaning@example.org", "chalkida", ("staff:cleaning",)),
    # The drivers of the Chalkida refuse trucks (polis_demo.chalkida.CHALKIDA_TRUCKS).
    LocalUser("chalkida-driver-1", "staff", "chalkida-driver-1@example.org", "chalkida", ("driver",)),
    LocalUser("chalkida-driver-2", "staff", "chalkida-driver-2@example.org", "chalkida", ("driver",)),
    # Files service requests for callers without a device, and looks them up when they call back.
    LocalUser(
        "chalkida-call-centre",
        "staff",
        "chalkida-call-centre@example.org",
        "chalkida",
        ("call-centre-operator",),
    ),
    # The citizen pool signs in by email, so a citizen's username is their address.
    LocalUser("eleni@example.org", "citizen", "eleni@example.org", "chalkida"),
)


def seed_user(username: str) -> LocalUser:
    for user in SEED_USERS:
        if user.username == username:
            return user
    raise LookupError(f"no seeded user {username!r}")


class LocalUserPools:
    """The template's user pools on moto, found by name: ``polis token`` runs in another process."""

    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        self._cognito: Any = boto3.client("cognito-idp", endpoint_url=stack.endpoint_url)

    def ids(self, kind: Kind) -> tuple[str, str]:
        """The pool id and app client id moto gave the kind's pool and client."""
        pool_logical_id, client_logical_id = _POOLS[kind]
        pool_name = self.stack.physical_name(pool_logical_id)
        pools = self._cognito.list_user_pools(MaxResults=60)["UserPools"]
        pool_id = next((p["Id"] for p in pools if p["Name"] == pool_name), None)
        if pool_id is None:
            raise LookupError(f"no user pool {pool_name} at {self.stack.endpoint_url}")
        client_name = self.stack.physical_name(client_logical_id)
        clients = self._cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
        client_id = next((c["ClientId"] for c in clients if c["ClientName"] == client_name), None)
        if client_id is None:
            raise LookupError(f"no app client {client_name} in user pool {pool_name}")
        return pool_id, client_id

    def create_user(self, user: LocalUser, password: str = LOCAL_PASSWORD) -> None:
        pool_id, _ = self.ids(user.kind)
        attributes = [{"Name": "email", "Value": user.email}, {"Name": "email_verified", "Value": "true"}]
        if user.municipality is not None:
            attributes.append({"Name": "custom:municipality", "Value": user.municipality})
        self._cognito.admin_create_user(
            UserPoolId=pool_id, Username=user.username, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
        # Permanent, so the first sign-in is not asked for a new password.
        self._cognito.admin_set_user_password(
            UserPoolId=pool_id, Username=user.username, Password=password, Permanent=True
        )
        for group in user.groups:
            self._cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=group)

    def id_token(self, kind: Kind, username: str, password: str = LOCAL_PASSWORD) -> str:
        pool_id, client_id = self.ids(kind)
        # moto answers ADMIN_USER_PASSWORD_AUTH whatever the client allows; the deployed clients
        # allow SRP only, so this way in exists on the local platform alone.
        result = self._cognito.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return result["AuthenticationResult"]["IdToken"]


def seed_users(stack: LocalStack, users: tuple[LocalUser, ...] = SEED_USERS) -> None:
    """Chalkida's admin, a cleaning-department member, two drivers, a call-centre operator, a citizen."""
    pools = LocalUserPools(stack)
    for user in users:
        pools.create_user(user)
