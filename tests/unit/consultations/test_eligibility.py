"""Who is in a consultation's audience, and the groups a response counts in."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from polis.consultations.eligibility import AudienceGroup, CitizenProfile, Eligibility, audience_group

YOUTH = Eligibility(min_age=16, max_age=29)
AGIOS_STEFANOS = Eligibility(districts=frozenset({"agios-stefanos"}), residents_only=True)
ELENI = CitizenProfile(birth_year=2000, gender="woman", district="agios-stefanos", resident=True)


def test_an_unrestricted_consultation_asks_everyone_even_without_a_profile():
    assert Eligibility().refusals(None, 2026) == []


def test_a_restricted_one_asks_for_a_profile():
    assert YOUTH.refusals(None, 2026) == [
        "this consultation asks a particular audience: fill in your profile first"
    ]


@pytest.mark.parametrize(
    ("birth_year", "year", "eligible"),
    [(2000, 2026, True), (1997, 2026, True), (1996, 2026, False), (2010, 2026, True), (2011, 2026, False)],
)
def test_age_is_what_the_citizen_turns_in_the_consultations_year(birth_year, year, eligible):
    profile = CitizenProfile(birth_year=birth_year)
    assert (YOUTH.refusals(profile, year) == []) is eligible


def test_an_age_range_needs_a_birth_year():
    assert YOUTH.refusals(CitizenProfile(gender="man"), 2026) == [
        "this consultation asks an age group: your profile has no birth year"
    ]


def test_district_and_residency_must_both_hold():
    assert AGIOS_STEFANOS.refusals(ELENI, 2026) == []
    assert AGIOS_STEFANOS.refusals(ELENI.model_copy(update={"resident": False}), 2026) == [
        "for residents of the municipality only"
    ]
    assert AGIOS_STEFANOS.refusals(ELENI.model_copy(update={"district": "kanithos"}), 2026) == [
        "for residents of agios-stefanos only"
    ]


def test_genders_left_unsaid_are_outside_a_gender_restriction():
    women = Eligibility(genders=frozenset({"woman"}))
    assert women.refusals(ELENI, 2026) == []
    assert women.refusals(CitizenProfile(), 2026) == ["for woman only"]


def test_an_age_range_is_ordered():
    with pytest.raises(ValidationError, match="min_age is above max_age"):
        Eligibility(min_age=30, max_age=18)


def test_a_response_keeps_the_age_band_not_the_birth_year():
    assert audience_group(ELENI, 2026) == AudienceGroup(
        age_band="25-34", gender="woman", district="agios-stefanos"
    )
    assert audience_group(CitizenProfile(birth_year=1950), 2026).age_band == "65-plus"
    assert audience_group(CitizenProfile(birth_year=2012), 2026).age_band == "under-18"
    assert audience_group(None, 2026) == AudienceGroup()
