"""Chalkida's service desk on the local platform: its reference prefix and categories of requests.

In AWS a municipality's administrator sets its categories (``PUT /v1/staff/categories/{code}``);
locally Chalkida starts with the everyday problems its residents report, each with the department
that works it and the hours it has.
"""

from __future__ import annotations

from datetime import UTC, datetime

from polis.municipality import Municipality
from polis.requests.categories import Category
from polis.requests.store.categories import put_category
from polis.store.municipalities import put_municipality

MUNICIPALITY = Municipality(municipality_id="chalkida", name="Chalkida", reference_prefix="CHK")

CHALKIDA_CATEGORIES = (
    Category(
        code="overflowing-bin",
        name="Overflowing bin",
        department="cleaning",
        due_hours=24,
        group="sanitation",
        keywords=("bin", "rubbish", "waste"),
    ),
    Category(
        code="illegal-dumping",
        name="Rubbish or bulky items dumped",
        department="cleaning",
        due_hours=72,
        group="sanitation",
        keywords=("furniture", "rubble", "dumping"),
    ),
    Category(
        code="graffiti",
        name="Graffiti on public property",
        department="cleaning",
        due_hours=240,
        group="sanitation",
    ),
    Category(
        code="broken-street-light",
        name="Street light out or flickering",
        department="lighting",
        due_hours=72,
        group="lighting",
        keywords=("lamp", "dark"),
    ),
    Category(code="pothole", name="Pothole", department="roads", due_hours=120, group="streets"),
    Category(
        code="damaged-pavement",
        name="Damaged pavement or kerb",
        department="roads",
        due_hours=240,
        group="streets",
    ),
    Category(
        code="abandoned-vehicle",
        name="Abandoned vehicle",
        department="roads",
        due_hours=336,
        group="streets",
        description="A vehicle left unmoved for weeks, often without plates.",
    ),
    Category(
        code="fallen-tree",
        name="Fallen tree or branch",
        department="parks",
        due_hours=12,
        group="green spaces",
        description="Blocking a street or pavement, or fallen after a storm.",
    ),
    Category(
        code="overgrown-vegetation",
        name="Overgrown vegetation",
        department="parks",
        due_hours=336,
        group="green spaces",
    ),
)


def seed_service_desk() -> None:
    """Chalkida with its reference prefix (CHK-2026-000123) and its categories."""
    put_municipality(MUNICIPALITY, datetime.now(UTC))
    for category in CHALKIDA_CATEGORIES:
        put_category(MUNICIPALITY.municipality_id, category)
