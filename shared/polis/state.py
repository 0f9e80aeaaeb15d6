"""The latest state of an asset as its domain sees it: the newest values and a one-word status."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from polis.codecs.base import Quantity
from polis.municipality import MunicipalityId


class AssetState(BaseModel):
    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    domain: str
    asset_id: str
    dev_eui: str
    """The device whose reading made this state."""
    observed_at: datetime
    """When that reading was taken: a reading no newer than this never changes the state."""
    values: dict[str, Quantity]
    """The latest value of each quantity the asset's devices reported, and those derived from them."""
    status: str | None = None
    """The domain's summary: occupied/free, normal/warning/alarm, on/off/fault, ok/alarm..."""
