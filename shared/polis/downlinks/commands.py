"""What staff can ask a controller to do, independent of any vendor's byte layout.

Each command carries a ``kind`` so a request body or a stored record parses back to the right
class (``COMMAND``). Limits that depend on the model (how many circuits, the longest delay) are
checked by the model's encoder, which refuses what its device cannot do.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, TypeAdapter

from polis.unique import UniqueSet


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: ClassVar[str]
    """The command in words, for refusals: "<model> cannot <action>: <why>"."""


class SetDimLevel(_Command):
    """Dim a luminaire to a share of its full output."""

    action: ClassVar[str] = "set a dim level"
    kind: Literal["set-dim-level"] = "set-dim-level"
    level_pct: int = Field(ge=0, le=100)


class SwitchChannels(_Command):
    """Switch circuits on or off; circuits not named keep their state."""

    action: ClassVar[str] = "switch circuits"
    kind: Literal["switch-channels"] = "switch-channels"
    channels: dict[PositiveInt, bool] = Field(min_length=1, description="circuit number (from 1) -> on")


class CrossingBoost(_Command):
    """Light a pedestrian crossing at full for a while, then return its circuits to off."""

    action: ClassVar[str] = "boost a crossing"
    kind: Literal["crossing-boost"] = "crossing-boost"
    channels: UniqueSet[PositiveInt] = Field(min_length=1, description="the circuits lighting the crossing")
    seconds: PositiveInt


Command = Annotated[SetDimLevel | SwitchChannels | CrossingBoost, Field(discriminator="kind")]

COMMAND: TypeAdapter[Command] = TypeAdapter(Command)
"""Parses a command from a request body or a stored record, by its ``kind``."""
