"""Downlinks sent to a device, newest first: what staff asked, the bytes, and the outcome."""

from __future__ import annotations

from polis.downlinks.commands import COMMAND
from polis.downlinks.records import Downlink
from polis.store.items import DownlinkItem
from polis.store.keys import partition, time_sort_key
from polis.store.table import bind


def _pk(municipality: str, dev_eui: str) -> str:
    return partition(municipality, "DEVICE", dev_eui, "DOWNLINK")


def record_downlink(downlink: Downlink) -> None:
    bind()
    DownlinkItem(
        pk=_pk(downlink.municipality, downlink.dev_eui),
        sk=time_sort_key(downlink.requested_at, downlink.downlink_id),
        municipality=downlink.municipality,
        downlink_id=downlink.downlink_id,
        dev_eui=downlink.dev_eui,
        model=downlink.model,
        command=COMMAND.dump_json(downlink.command).decode(),
        fport=downlink.fport,
        payload_hex=downlink.payload_hex,
        confirmed=downlink.confirmed,
        requested_at=downlink.requested_at,
        status=downlink.status,
        reason=downlink.reason,
        message_id=downlink.message_id,
    ).save()


def list_downlinks(municipality: str, dev_eui: str, limit: int = 100) -> list[Downlink]:
    """Newest first."""
    bind()
    items = DownlinkItem.query(_pk(municipality, dev_eui), scan_index_forward=False, limit=limit)
    return [
        Downlink(
            downlink_id=i.downlink_id,
            municipality=i.municipality,
            dev_eui=i.dev_eui,
            model=i.model,
            command=COMMAND.validate_json(i.command),
            fport=int(i.fport),
            payload_hex=i.payload_hex,
            confirmed=i.confirmed,
            requested_at=i.requested_at,
            status=i.status,  # type: ignore[arg-type]  # written from DownlinkStatus only
            reason=i.reason,
            message_id=i.message_id,
        )
        for i in items
    ]
