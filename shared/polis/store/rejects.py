"""Rejected input, kept with its reason for staff to see (nothing is dropped silently)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from polis.config import store_settings
from polis.store.items import PLATFORM, RejectItem
from polis.store.keys import partition, time_sort_key
from polis.store.table import bind


class Reject(BaseModel):
    reject_id: str
    municipality: str
    received_at: datetime
    reason: str
    detail: str
    source: str
    dev_eui: str | None
    raw: Any


def record_reject(
    *,
    reason: str,
    detail: str,
    source: str,
    raw: Any,
    municipality: str | None = None,
    dev_eui: str | None = None,
) -> Reject:
    bind()
    owner = municipality or PLATFORM
    now = datetime.now(UTC)
    reject_id = uuid.uuid4().hex
    RejectItem(
        pk=partition(owner, "REJECT"),
        sk=time_sort_key(now, reject_id),
        municipality=owner,
        reject_id=reject_id,
        received_at=now,
        reason=reason,
        detail=detail,
        source=source,
        dev_eui=dev_eui,
        raw=json.dumps(raw, default=str),
        expires_at=now + timedelta(days=store_settings().reject_retention_days),
    ).save()
    return Reject(
        reject_id=reject_id,
        municipality=owner,
        received_at=now,
        reason=reason,
        detail=detail,
        source=source,
        dev_eui=dev_eui,
        raw=raw,
    )


def list_rejects(municipality: str | None, limit: int = 100) -> list[Reject]:
    """Newest first; ``None`` lists the platform's own (no municipality could be named)."""
    bind()
    items = RejectItem.query(
        partition(municipality or PLATFORM, "REJECT"), scan_index_forward=False, limit=limit
    )
    return [
        Reject(
            reject_id=i.reject_id,
            municipality=i.municipality,
            received_at=i.received_at,
            reason=i.reason,
            detail=i.detail,
            source=i.source,
            dev_eui=i.dev_eui,
            raw=json.loads(i.raw),
        )
        for i in items
    ]
