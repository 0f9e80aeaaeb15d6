"""Who a consultation asks, and what a citizen tells the municipality to be asked.

A citizen's profile is theirs to give, change and delete; every field may stay empty. It keeps the
birth year rather than the date of birth, since age ranges and age bands need no more. A
consultation that restricts nobody needs no profile at all.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from polis.unique import UniqueSet

Gender = Literal["woman", "man", "another"]
"""Leaving it empty is how a citizen prefers not to say."""

District = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
"""A district of the municipality, as the municipality names it (a lower-case slug)."""

AGE_BANDS: tuple[tuple[int, str], ...] = (
    (18, "under-18"),
    (25, "18-24"),
    (35, "25-34"),
    (45, "35-44"),
    (55, "45-54"),
    (65, "55-64"),
)
OLDEST_BAND = "65-plus"


class CitizenProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    gender: Gender | None = None
    district: District | None = None
    resident: bool = Field(default=False, description="lives in the municipality (their own word)")
    invitations: bool = Field(
        default=False, description="wants to hear of consultations they may take part in"
    )


def age_in(year: int, birth_year: int) -> int:
    """The age a citizen turns in ``year``: with the birth year alone, the whole year counts alike."""
    return year - birth_year


def age_band(age: int) -> str:
    for upper, label in AGE_BANDS:
        if age < upper:
            return label
    return OLDEST_BAND


class AudienceGroup(BaseModel):
    """The groups a response counts in for results; kept in place of the profile it came from."""

    model_config = ConfigDict(frozen=True)

    age_band: str | None = None
    gender: Gender | None = None
    district: District | None = None


def audience_group(profile: CitizenProfile | None, year: int) -> AudienceGroup:
    if profile is None:
        return AudienceGroup()
    return AudienceGroup(
        age_band=age_band(age_in(year, profile.birth_year)) if profile.birth_year is not None else None,
        gender=profile.gender,
        district=profile.district,
    )


class Eligibility(BaseModel):
    """The audience: every condition set must hold; none set means every citizen of the municipality."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    genders: UniqueSet[Gender] | None = Field(default=None, min_length=1)
    districts: UniqueSet[District] | None = Field(default=None, min_length=1)
    residents_only: bool = False

    @model_validator(mode="after")
    def _age_range(self) -> Eligibility:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("min_age is above max_age")
        return self

    @property
    def restricted(self) -> bool:
        return bool(
            self.min_age is not None
            or self.max_age is not None
            or self.genders
            or self.districts
            or self.residents_only
        )

    def refusals(self, profile: CitizenProfile | None, year: int) -> list[str]:
        """Why the citizen is not in the audience in ``year``; empty when they are."""
        if not self.restricted:
            return []
        if profile is None:
            return ["this consultation asks a particular audience: fill in your profile first"]
        reasons = []
        if self.min_age is not None or self.max_age is not None:
            if profile.birth_year is None:
                reasons.append("this consultation asks an age group: your profile has no birth year")
            else:
                age = age_in(year, profile.birth_year)
                if self.min_age is not None and age < self.min_age:
                    reasons.append(f"for ages {self.min_age} and over")
                if self.max_age is not None and age > self.max_age:
                    reasons.append(f"for ages up to {self.max_age}")
        if self.genders and profile.gender not in self.genders:
            reasons.append(f"for {', '.join(sorted(self.genders))} only")
        if self.districts and profile.district not in self.districts:
            reasons.append(f"for residents of {', '.join(sorted(self.districts))} only")
        if self.residents_only and not profile.resident:
            reasons.append("for residents of the municipality only")
        return reasons
