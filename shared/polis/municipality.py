"""Municipality ids: every record belongs to exactly one, and every key starts with it."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

MunicipalityId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,62}$")]
"""A lower-case slug such as ``chalkida``; the same in keys, API paths and tokens."""


class Municipality(BaseModel):
    municipality_id: MunicipalityId
    name: str = Field(min_length=1, max_length=120)
    reference_prefix: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2,5}$",
        description="starts its service request references (CHK-2026-000123); never changed once used",
    )
