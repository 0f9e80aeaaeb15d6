"""Readings: what a device measured at one time, in Polis quantities."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from polis.codecs.base import Quantity
from polis.municipality import MunicipalityId


class Reading(BaseModel):
    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    dev_eui: str
    domain: str
    observed_at: datetime
    fport: int
    fcnt: int
    quantities: dict[str, Quantity]

    def number(self, name: str) -> float | None:
        quantity = self.quantities.get(name)
        if quantity is None or isinstance(quantity.value, bool | str):
            return None
        return float(quantity.value)
