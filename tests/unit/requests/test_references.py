"""Reference numbers: prefix, year, six digits; sorted by year then number."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from polis.municipality import Municipality
from polis.requests.models import Reference
from polis.requests.references import format_reference, reference_prefix, year_bounds

REFERENCE = TypeAdapter(Reference)


def test_a_reference_reads_out_on_the_phone():
    assert format_reference("CHK", 2026, 123) == "CHK-2026-000123"
    assert REFERENCE.validate_python(format_reference("CHK", 2026, 999_999)) == "CHK-2026-999999"


@pytest.mark.parametrize("sequence", [0, 1_000_000])
def test_a_number_outside_six_digits_is_refused(sequence):
    with pytest.raises(ValueError, match="does not fit"):
        format_reference("CHK", 2026, sequence)


def test_the_prefix_is_the_municipality_s_own_or_its_first_letters():
    chalkida = Municipality(municipality_id="chalkida", name="Chalkida", reference_prefix="CHK")

    assert reference_prefix("chalkida", chalkida) == "CHK"
    assert reference_prefix("chania", None) == "CHA"
    assert reference_prefix("a1", None) == "AX"
    with pytest.raises(ValidationError):
        Municipality(municipality_id="chalkida", name="Chalkida", reference_prefix="chk")


def test_year_bounds_hold_every_reference_of_those_years_and_no_other():
    low, high = year_bounds("CHK", 2025, 2026)

    assert low <= "CHK-2025-000001" <= high
    assert low <= "CHK-2026-999999" <= high
    assert not low <= "CHK-2024-999999" <= high
    assert not low <= "CHK-2027-000001" <= high
