"""The verified caller: a citizen, or a staff member of one municipality with the roles of their groups."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

from polis.municipality import MunicipalityId

Kind = Literal["citizen", "staff"]
"""Which user pool vouches for the caller; the pool decides it, never a claim."""

Department = Literal["cleaning", "lighting", "roads", "parks"]
"""A municipal service whose staff take the work of its domain."""

Role = Literal[
    "municipality-admin",
    "call-centre-operator",
    "driver",
    "staff:cleaning",
    "staff:lighting",
    "staff:roads",
    "staff:parks",
]
"""A group of the staff user pool (the template creates one per role)."""

ROLES: frozenset[Role] = frozenset(get_args(Role))
ADMIN: Role = "municipality-admin"
DEPARTMENT_ROLES: dict[Role, Department] = {
    "staff:cleaning": "cleaning",
    "staff:lighting": "lighting",
    "staff:roads": "roads",
    "staff:parks": "parks",
}


class Principal(BaseModel):
    """Built only from a verified ID token, so nothing here is the request's own say-so."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str
    """Cognito's ``sub``: stable for the account's lifetime, what records should point at."""
    username: str
    kind: Kind
    municipality: MunicipalityId | None = None
    """Staff: the municipality they work for. Citizens: their home municipality, if they gave one."""
    roles: frozenset[Role] = frozenset()
    email: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Principal:
        if self.kind == "staff" and self.municipality is None:
            raise ValueError("a staff member belongs to a municipality")
        if self.kind == "citizen" and self.roles:
            raise ValueError("citizens hold no staff roles")
        return self

    @field_serializer("roles")
    def _sorted_roles(self, roles: frozenset[Role]) -> list[str]:
        return sorted(roles)

    @property
    def departments(self) -> frozenset[Department]:
        return frozenset(DEPARTMENT_ROLES[role] for role in self.roles if role in DEPARTMENT_ROLES)

    def can_act_in(self, municipality: str) -> bool:
        """Whether they may act for the municipality: its staff, once given a role.

        A citizen's home municipality grants nothing, and a staff account nobody has put in a
        group yet acts nowhere.
        """
        return self.kind == "staff" and self.municipality == municipality and bool(self.roles)

    def is_admin_of(self, municipality: str) -> bool:
        return self.can_act_in(municipality) and ADMIN in self.roles


class StaffMember(Principal):
    """A staff caller as the staff console shows them: with the departments their roles give."""

    departments_list: list[Department] = Field(serialization_alias="departments")

    @classmethod
    def of(cls, principal: Principal) -> StaffMember:
        return cls(**principal.model_dump(), departments_list=sorted(principal.departments))
