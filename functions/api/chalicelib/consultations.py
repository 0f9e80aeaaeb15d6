"""Consultations: staff author, approve, cancel and moderate them; anyone reads the published ones.

Any staff member of the municipality may write and submit a consultation; its approval, a quick
poll's publication, cancelling and moderating are the municipality administrator's. The author of
a consultation cannot approve it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field

from chalicelib.access import municipality_admin, staff_member
from chalicelib.auth import staff_auth
from chalicelib.contract import route
from chalicelib.params import OfMunicipality
from polis.consultations import authoring, reporting
from polis.consultations.indicators import IndicatorSeries, indicator_series
from polis.consultations.model import (
    CancelRequest,
    Consultation,
    ConsultationId,
    Draft,
    Moderation,
    PublicConsultation,
    ReviewDecision,
    Text,
    TextStatus,
)
from polis.consultations.participation import announced, published
from polis.consultations.reporting import LiveCounts
from polis.consultations.tally import Results
from polis.errors import Forbidden
from polis.municipality import MunicipalityId

consultations = Blueprint(__name__)
open_consultations = Blueprint(f"{__name__}.open")


class ConsultationPath(BaseModel):
    consultation_id: ConsultationId


class TextPath(ConsultationPath):
    text_id: str = Field(pattern=r"^[a-z0-9-]{1,64}$", description="a free-text answer's id")


class ConsultationList(BaseModel):
    consultations: list[Consultation]


class TextQuery(BaseModel):
    status: TextStatus = Field(default="pending", description="the moderation status of the texts listed")


class TextList(BaseModel):
    texts: list[Text]


class PublicConsultationList(BaseModel):
    consultations: list[PublicConsultation]


class ConsultationResults(Results):
    """A consultation's published results, named by its id."""

    consultation_id: str


class StrategyIndicators(BaseModel):
    municipality: MunicipalityId
    indicators: list[IndicatorSeries]


def _now() -> datetime:
    return datetime.now(UTC)


@route(
    consultations,
    "/consultations",
    "POST",
    authorizer=staff_auth,
    body=Draft,
    response=Consultation,
    status=201,
)
def create_consultation(body: Draft, request: Request) -> Consultation:
    """Write a new consultation: a draft, until its author submits it."""
    principal, municipality = staff_member(request)
    return authoring.create(municipality, principal.subject, body, _now())


@route(consultations, "/consultations", "GET", authorizer=staff_auth, response=ConsultationList)
def list_consultations(request: Request) -> ConsultationList:
    """The municipality's consultations, newest first, in every status."""
    _, municipality = staff_member(request)
    return ConsultationList(consultations=authoring.consultations_of(municipality))


@route(
    consultations,
    "/consultations/{consultation_id}",
    "GET",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    response=Consultation,
    errors=(404,),
)
def get_consultation(consultation_id: str, request: Request) -> Consultation:
    """One consultation with its workflow: review, cancellation, results."""
    _, municipality = staff_member(request)
    return authoring.consultation_of(municipality, consultation_id)


@route(
    consultations,
    "/consultations/{consultation_id}",
    "PUT",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    body=Draft,
    response=Consultation,
    errors=(404, 409),
)
def edit_consultation(consultation_id: str, body: Draft, request: Request) -> Consultation:
    """A draft, or a rejected consultation before it is submitted again."""
    _, municipality = staff_member(request)
    return authoring.edit(municipality, consultation_id, body, _now())


@route(
    consultations,
    "/consultations/{consultation_id}/submit",
    "POST",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    response=Consultation,
    errors=(404, 409, 422),
)
def submit_consultation(consultation_id: str, request: Request) -> Consultation:
    """Starts the lifecycle: to approval, or, for a quick poll, straight to its schedule."""
    principal, municipality = staff_member(request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    if not consultation.content.needs_approval and not principal.is_admin_of(municipality):
        raise Forbidden(
            "a quick poll has no approval step: only the municipality administrator publishes one"
        )
    return authoring.submit(consultation, _now())


@route(
    consultations,
    "/consultations/{consultation_id}/decision",
    "POST",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    body=ReviewDecision,
    response=Consultation,
    status=202,
    errors=(404, 409, 422),
)
def decide_on_consultation(consultation_id: str, body: ReviewDecision, request: Request) -> Consultation:
    """Approve, or reject with a comment: kept at once, the workflow moves on from it (202)."""
    principal, municipality = municipality_admin(request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    if consultation.created_by == principal.subject:
        raise Forbidden("a consultation is approved by someone other than its author")
    return authoring.decide(consultation, principal.subject, body, _now())


@route(
    consultations,
    "/consultations/{consultation_id}/cancel",
    "POST",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    body=CancelRequest,
    response=Consultation,
    errors=(404, 409),
)
def cancel_consultation(consultation_id: str, body: CancelRequest, request: Request) -> Consultation:
    """Cancel it with a reason: no more responses, and its workflow ends."""
    principal, municipality = municipality_admin(request)
    return authoring.cancel(municipality, consultation_id, principal.subject, body.reason, _now())


@route(
    consultations,
    "/consultations/{consultation_id}/counts",
    "GET",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    response=LiveCounts,
    errors=(404, 409),
)
def live_counts(consultation_id: str, request: Request) -> LiveCounts:
    """The responses so far, counted as results are (small groups pooled), and texts to moderate."""
    _, municipality = staff_member(request)
    return reporting.live_counts(municipality, consultation_id, _now())


@route(
    consultations,
    "/consultations/{consultation_id}/texts",
    "GET",
    authorizer=staff_auth,
    path_params=ConsultationPath,
    query=TextQuery,
    response=TextList,
    errors=(404,),
)
def texts_to_moderate(consultation_id: str, query: TextQuery, request: Request) -> TextList:
    """Free-text answers without their authors; ?status=pending (the default), published or rejected."""
    _, municipality = municipality_admin(request)
    return TextList(texts=authoring.texts_of(municipality, consultation_id, query.status))


@route(
    consultations,
    "/consultations/{consultation_id}/texts/{text_id}",
    "PUT",
    authorizer=staff_auth,
    path_params=TextPath,
    body=Moderation,
    response=None,
    status=204,
    errors=(404,),
)
def moderate_text(consultation_id: str, text_id: str, body: Moderation, request: Request) -> None:
    """Publish a free-text answer with the results, or reject it."""
    _, municipality = municipality_admin(request)
    authoring.moderate(municipality, consultation_id, text_id, body.status)


@route(
    open_consultations,
    "/consultations",
    "GET",
    query=OfMunicipality,
    response=PublicConsultationList,
)
def public_consultations(query: OfMunicipality) -> PublicConsultationList:
    """The municipality's announced consultations, open, closed and past."""
    return PublicConsultationList(consultations=[c.public_view() for c in announced(query.municipality)])


@route(
    open_consultations,
    "/consultations/{consultation_id}",
    "GET",
    path_params=ConsultationPath,
    query=OfMunicipality,
    response=PublicConsultation,
    errors=(404,),
)
def public_consultation(consultation_id: str, query: OfMunicipality) -> PublicConsultation:
    """One announced consultation: its questions, audience and times."""
    return published(query.municipality, consultation_id).public_view()


@route(
    open_consultations,
    "/consultations/{consultation_id}/results",
    "GET",
    path_params=ConsultationPath,
    query=OfMunicipality,
    response=ConsultationResults,
    errors=(404,),
)
def public_results(consultation_id: str, query: OfMunicipality) -> ConsultationResults:
    """Aggregates only: no group of fewer participants than the minimum is shown on its own."""
    results = reporting.published_results(query.municipality, consultation_id)
    return ConsultationResults(consultation_id=consultation_id, **dict(results))


@route(
    open_consultations,
    "/strategy/indicators",
    "GET",
    query=OfMunicipality,
    response=StrategyIndicators,
)
def strategy_indicators(query: OfMunicipality) -> StrategyIndicators:
    """Each indicator of the digital strategy over its rounds: mean rating and distribution."""
    return StrategyIndicators(
        municipality=query.municipality, indicators=indicator_series(query.municipality)
    )
