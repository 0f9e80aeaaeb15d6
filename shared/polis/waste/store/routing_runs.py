"""The latest routing run each municipality started, so that runs on full bins do not pile up."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import PutError

from polis.store.items import RoutingRunItem
from polis.store.keys import partition
from polis.store.table import bind

_LATEST = "latest"


def claim_run(
    municipality: str, run_id: str, trigger: str, now: datetime, quiet_since: datetime | None
) -> bool:
    """Record the run as the latest; with ``quiet_since``, only if no run started after then.

    The check and the write are one conditional put, so two ``bin.full`` events handled at once
    cannot both start a run.
    """
    bind()
    item = RoutingRunItem(
        pk=partition(municipality, "ROUTING_RUN"),
        sk=_LATEST,
        municipality=municipality,
        run_id=run_id,
        trigger=trigger,
        started_at=now,
    )
    if quiet_since is None:
        item.save()
        return True
    try:
        item.save(condition=RoutingRunItem.pk.does_not_exist() | (RoutingRunItem.started_at < quiet_since))
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
