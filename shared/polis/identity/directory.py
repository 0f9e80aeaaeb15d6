"""The staff directory: who a staff username is, how to reach them and what roles they hold.

The staff user pool is the one record of staff; nothing is copied into the table, so a changed
phone number or a revoked role holds at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis.identity.principal import ROLES, Role


class DirectorySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_")

    staff_user_pool_id: str = Field(min_length=1)


class StaffContact(BaseModel):
    model_config = ConfigDict(frozen=True)

    username: str
    subject: str
    """Cognito's ``sub``: whose inbox a notification goes to."""
    municipality: str | None
    roles: frozenset[Role]
    email: str | None = None
    phone: str | None = None


@cache
def _client() -> Any:
    return boto3.client("cognito-idp")


def staff_contact(username: str) -> StaffContact | None:
    """The staff member, or None when the pool has no such user."""
    pool_id = DirectorySettings().staff_user_pool_id  # type: ignore[call-arg]  # from the environment
    cognito = _client()
    try:
        user = cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    except cognito.exceptions.UserNotFoundException:
        return None
    attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)["Groups"]
    return StaffContact(
        username=user["Username"],
        subject=attributes["sub"],
        municipality=attributes.get("custom:municipality"),
        roles=frozenset(g["GroupName"] for g in groups if g["GroupName"] in ROLES),
        email=attributes.get("email"),
        phone=attributes.get("phone_number"),
    )
