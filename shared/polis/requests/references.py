"""Reference numbers people can read out on the phone: CHK-2026-000123.

The municipality's prefix, the year of submission (UTC) and a number counted per municipality and
year. The number alone never identifies a request across municipalities; every lookup is within one.
"""

from __future__ import annotations

import re

from polis.municipality import Municipality

SEQUENCE_DIGITS = 6


def reference_prefix(municipality_id: str, municipality: Municipality | None) -> str:
    """The municipality's own prefix, or the first three letters of its id (upper-case)."""
    if municipality is not None and municipality.reference_prefix:
        return municipality.reference_prefix
    letters = re.sub(r"[^a-z]", "", municipality_id)
    return letters[:3].upper().ljust(2, "X")


def format_reference(prefix: str, year: int, sequence: int) -> str:
    if not 0 < sequence < 10**SEQUENCE_DIGITS:
        raise ValueError(f"sequence {sequence} does not fit a reference of {SEQUENCE_DIGITS} digits")
    return f"{prefix}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"


def year_bounds(prefix: str, first_year: int, last_year: int) -> tuple[str, str]:
    """The lowest and highest reference of those years: references sort by year, then number."""
    return f"{prefix}-{first_year:04d}-", f"{prefix}-{last_year:04d}-{'9' * SEQUENCE_DIGITS}"
