"""The municipalities one deployment serves."""

from __future__ import annotations

from datetime import datetime

from polis.municipality import Municipality
from polis.store.items import PLATFORM, MunicipalityItem
from polis.store.keys import partition
from polis.store.table import bind

_PK = partition(PLATFORM, "MUNICIPALITY")


def put_municipality(municipality: Municipality, created_at: datetime) -> None:
    bind()
    MunicipalityItem(
        pk=_PK,
        sk=municipality.municipality_id,
        municipality=municipality.municipality_id,
        name=municipality.name,
        created_at=created_at,
    ).save()


def list_municipalities() -> list[Municipality]:
    bind()
    return [Municipality(municipality_id=i.sk, name=i.name) for i in MunicipalityItem.query(_PK)]
