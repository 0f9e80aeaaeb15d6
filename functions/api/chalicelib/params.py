"""Request parameters many routes share, as models the contract parses and documents."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from polis.municipality import MunicipalityId


class OfMunicipality(BaseModel):
    """Open data is per municipality: the caller names it."""

    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId = Field(description="the municipality's id, e.g. chalkida")
