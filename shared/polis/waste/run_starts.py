"""When a routing run starts: every morning, when many bins are full, and when staff ask.

The daily run and a staff member's request always start one. Full bins start one only when
enough of the municipality's bins are full and no run started within the quiet period; a run
takes minutes, so that also means none is in progress.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from polis import workflows
from polis.observability import logger
from polis.store.municipalities import list_municipalities
from polis.waste.route_plans import Trigger
from polis.waste.routing_settings import WasteRoutingSettings
from polis.waste.store import bins as bin_store
from polis.waste.store import collection as collection_store
from polis.waste.store.routing_runs import claim_run


class RunStarted(BaseModel):
    municipality: str
    run_id: str
    trigger: Trigger
    execution_arn: str


def start_on_request(municipality: str, username: str, now: datetime) -> RunStarted:
    run_id = _run_id(municipality, "staff", now)
    claim_run(municipality, run_id, "staff", now, quiet_since=None)
    return _launch(municipality, run_id, "staff", requested_by=username)


def start_if_many_full(municipality: str, now: datetime) -> RunStarted | None:
    settings = WasteRoutingSettings()
    full = sum(bin_.is_full for bin_ in bin_store.list_bins(municipality))
    if full < settings.full_bins_to_start:
        return None
    run_id = _run_id(municipality, "bins-full", now)
    if not claim_run(municipality, run_id, "bins-full", now, now - timedelta(minutes=settings.quiet_minutes)):
        logger.info("full bins wait for the run already started", municipality=municipality, full_bins=full)
        return None
    return _launch(municipality, run_id, "bins-full")


def start_daily(now: datetime) -> list[RunStarted]:
    """A run for every municipality with trucks; one failing to start does not stop the others."""
    started = []
    for municipality in list_municipalities():
        municipality_id = municipality.municipality_id
        if not collection_store.list_trucks(municipality_id):
            continue
        run_id = _run_id(municipality_id, "schedule", now)
        try:
            claim_run(municipality_id, run_id, "schedule", now, quiet_since=None)
            started.append(_launch(municipality_id, run_id, "schedule"))
        except Exception:
            logger.exception("daily routing run not started", municipality=municipality_id)
    return started


def _run_id(municipality: str, trigger: Trigger, now: datetime) -> str:
    # Also the execution's name: unique, sortable by time, telling what started it (at most 80 characters).
    return f"{municipality[:40]}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{trigger}-{uuid.uuid4().hex[:6]}"


def _launch(municipality: str, run_id: str, trigger: Trigger, requested_by: str | None = None) -> RunStarted:
    state_machine = WasteRoutingSettings().state_machine_arn
    if state_machine is None:
        raise RuntimeError("POLIS_ROUTING_STATE_MACHINE_ARN is not set: this function cannot start runs")
    arn = workflows.start_execution(
        state_machine,
        run_id,
        {"municipality": municipality, "trigger": trigger, "requested_by": requested_by},
    )
    logger.info("routing run started", municipality=municipality, run_id=run_id, trigger=trigger)
    return RunStarted(municipality=municipality, run_id=run_id, trigger=trigger, execution_arn=arn)
