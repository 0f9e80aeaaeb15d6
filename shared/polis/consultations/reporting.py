"""Counts while a consultation runs (staff), and its published results (everyone)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel

from polis.consultations.authoring import consultation_of
from polis.consultations.errors import ConsultationConflict, ConsultationNotFound
from polis.consultations.lifecycle import COUNTING, RESULTS_PUBLIC, Status
from polis.consultations.model import Consultation
from polis.consultations.participation import published
from polis.consultations.settings import consultation_settings
from polis.consultations.store import responses as response_store
from polis.consultations.tally import Results, tally, with_published_texts


class LiveCounts(BaseModel):
    status: Status
    results: Results
    texts: dict[str, int]
    """Free-text answers by moderation status: what is left to moderate."""


def count(consultation: Consultation, now: datetime) -> Results:
    """The tally of the responses kept now, with the same suppression as published results."""
    responses = list(response_store.iter_responses(consultation.municipality, consultation.consultation_id))
    return tally(consultation.content.questions, responses, consultation_settings().min_group_size, now)


def live_counts(municipality: str, consultation_id: str, now: datetime) -> LiveCounts:
    """The responses so far, counted as results are (small groups pooled), and texts to moderate."""
    consultation = consultation_of(municipality, consultation_id)
    if consultation.status not in COUNTING:
        raise ConsultationConflict(f"a consultation that is {consultation.status} has no responses to count")
    texts = response_store.list_texts(consultation.municipality, consultation.consultation_id)
    return LiveCounts(
        status=consultation.status,
        results=count(consultation, now),
        texts=dict(Counter(t.status for t in texts)),
    )


def published_results(municipality: str, consultation_id: str) -> Results:
    """Aggregates only, with the free-text answers moderators published; once the results are out."""
    consultation = published(municipality, consultation_id)
    if consultation.status not in RESULTS_PUBLIC or consultation.results is None:
        raise ConsultationNotFound("its results are not published yet")
    texts: dict[str, list[str]] = {}
    for text in response_store.list_texts(
        consultation.municipality, consultation.consultation_id, "published"
    ):
        texts.setdefault(text.question_id, []).append(text.text)
    return with_published_texts(consultation.results, texts)
