"""Categories of service requests: each municipality its own, each worked by one department."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from polis.identity.principal import Department

CategoryCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")]
"""A short slug such as ``overflowing-bin``; Open311 calls it the ``service_code``."""


class CategoryDetails(BaseModel):
    """What an administrator says about a category (its code is in the path)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    department: Department = Field(description="whose staff work requests of this category")
    due_hours: int = Field(ge=1, le=24 * 90, description="hours from submission until a request is overdue")
    description: str | None = Field(default=None, max_length=1000)
    group: str | None = Field(
        default=None, max_length=60, description="a cluster of categories, e.g. sanitation"
    )
    keywords: tuple[Annotated[str, StringConstraints(min_length=1, max_length=40)], ...] = Field(
        default=(), max_length=20
    )


class Category(CategoryDetails):
    code: CategoryCode
