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
        reference_prefix=municipality.reference_prefix,
        created_at=created_at,
    ).save()


def _from_item(item: MunicipalityItem) -> Municipality:
    return Municipality(municipality_id=item.sk, name=item.name, reference_prefix=item.reference_prefix)


def list_municipalities() -> list[Municipality]:
    bind()
    return [_from_item(i) for i in MunicipalityItem.query(_PK)]


def get_municipality(municipality_id: str) -> Municipality | None:
    bind()
    try:
        return _from_item(MunicipalityItem.get(_PK, municipality_id))
    except MunicipalityItem.DoesNotExist:
        return None
