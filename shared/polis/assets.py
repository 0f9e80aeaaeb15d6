"""Municipal assets other than bins: what a device measures (a parking spot, a street light...).

An asset's ``settings`` carry what its domain needs to know about it and no device can tell.
By kind (metres, watts, µg/m³; a setting marked required makes the asset's readings rejected as
``asset-misconfigured`` until it is set):

- ``parking_spot``, ``weather_station``, ``meter``, ``vehicle``: none.
- ``light``, ``crossing``: ``rated_power_w``, what the circuits draw when on. A switched-on
  controller drawing under 10 % of it is a fault (under 1 W without it).
- ``river_station``: ``warning_level_m`` and ``alarm_level_m`` (required);
  ``sensor_height_m`` (required with an ultrasonic sensor looking down at the water: the water
  level is ``sensor_height_m`` minus the distance it measures).
- ``air_station`` (air quality or climate sensors): ``pm2_5_poor_ug_m3``, default 25.
- ``building``: ``capacity`` (required), the people it may hold.
- ``beneficiary``: none. A beneficiary is a person: their asset (name, home location) is personal
  data and must never be published as open data.

An asset id is unique within a municipality whatever the kind, so a device names its asset by id
alone.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from polis.devices.model import Location
from polis.municipality import MunicipalityId

AssetKind = Literal[
    "parking_spot",
    "light",
    "crossing",
    "river_station",
    "weather_station",
    "air_station",
    "meter",
    "building",
    "vehicle",
    "beneficiary",
]
ASSET_KINDS: tuple[AssetKind, ...] = get_args(AssetKind)


class AssetMisconfigured(LookupError):
    """The asset lacks a setting its domain needs, or has one that is not a number."""


class Asset(BaseModel):
    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    asset_id: str = Field(min_length=1, max_length=64)
    kind: AssetKind
    name: str | None = None
    location: Location
    settings: dict[str, float | str] = {}

    def number(self, name: str, default: float | None = None) -> float:
        """A numeric setting; without a default it is required."""
        value = self.settings.get(name, default)
        if value is None:
            raise AssetMisconfigured(f"{self.kind} {self.asset_id} has no setting {name}")
        try:
            return float(value)
        except ValueError:
            raise AssetMisconfigured(
                f"setting {name} of {self.kind} {self.asset_id} is not a number: {value!r}"
            ) from None
