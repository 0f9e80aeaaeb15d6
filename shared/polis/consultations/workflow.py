"""Starting a consultation's lifecycle: the execution's name and input."""

from __future__ import annotations

from typing import Any

from polis.consultations import executions
from polis.consultations.model import Consultation, timestamp
from polis.consultations.settings import consultation_settings
from polis.consultations.store import consultations as consultation_store

_EXECUTION_NAME_LENGTH = 80


def execution_name(consultation: Consultation, submission: int) -> str:
    # Unique per submission and municipality; should a long municipality id not fit, it is what is cut.
    name = f"{consultation.consultation_id}-{submission}-{consultation.municipality}"
    return name[:_EXECUTION_NAME_LENGTH]


def workflow_input(consultation: Consultation) -> dict[str, Any]:
    """What the state machine reads: who to call tasks for, and the times its Wait states wait for."""
    content = consultation.content
    return {
        "municipality": consultation.municipality,
        "consultation_id": consultation.consultation_id,
        "needs_approval": content.needs_approval,
        "opens_at": timestamp(content.opens_at),
        "closes_at": timestamp(content.closes_at),
        "archive_at": timestamp(content.closes_at + consultation_settings().results_period),
    }


def start_lifecycle(consultation: Consultation, submission: int) -> str:
    execution_arn = executions.start(execution_name(consultation, submission), workflow_input(consultation))
    consultation_store.record_execution(
        consultation.municipality, consultation.consultation_id, execution_arn
    )
    return execution_arn
