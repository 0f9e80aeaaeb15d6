"""Consultations: staff author, approve, cancel and moderate them; anyone reads the published ones.

Any staff member of the municipality may write and submit a consultation; its approval, a quick
poll's publication, cancelling and moderating are the municipality administrator's. The author of
a consultation cannot approve it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint, Response
from pydantic import TypeAdapter

from chalicelib.access import municipality_admin, staff_member
from chalicelib.auth import staff_auth
from chalicelib.errors import Forbidden, answers_errors
from chalicelib.params import municipality_param
from polis.consultations import authoring, reporting
from polis.consultations.indicators import indicator_series
from polis.consultations.model import (
    CancelRequest,
    Consultation,
    Draft,
    Moderation,
    ReviewDecision,
    TextStatus,
)
from polis.consultations.participation import announced, published

consultations = Blueprint(__name__)
open_consultations = Blueprint(f"{__name__}.open")

_TEXT_STATUS = TypeAdapter(TextStatus)


def _json(consultation: Consultation) -> dict:
    return consultation.model_dump(mode="json")


def _now() -> datetime:
    return datetime.now(UTC)


@consultations.route("/consultations", methods=["POST"], authorizer=staff_auth)
@answers_errors
def create_consultation() -> Response:
    principal, municipality = staff_member(consultations.current_request)
    draft = Draft.model_validate(consultations.current_request.json_body or {})
    created = authoring.create(municipality, principal.subject, draft, _now())
    return Response(body=_json(created), status_code=201)


@consultations.route("/consultations", methods=["GET"], authorizer=staff_auth)
@answers_errors
def list_consultations() -> dict:
    _, municipality = staff_member(consultations.current_request)
    return {"consultations": [_json(c) for c in authoring.consultations_of(municipality)]}


@consultations.route("/consultations/{consultation_id}", methods=["GET"], authorizer=staff_auth)
@answers_errors
def get_consultation(consultation_id: str) -> dict:
    _, municipality = staff_member(consultations.current_request)
    return _json(authoring.consultation_of(municipality, consultation_id))


@consultations.route("/consultations/{consultation_id}", methods=["PUT"], authorizer=staff_auth)
@answers_errors
def edit_consultation(consultation_id: str) -> dict:
    """A draft, or a rejected consultation before it is submitted again."""
    _, municipality = staff_member(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    draft = Draft.model_validate(consultations.current_request.json_body or {})
    return _json(authoring.edit(consultation, draft, _now()))


@consultations.route("/consultations/{consultation_id}/submit", methods=["POST"], authorizer=staff_auth)
@answers_errors
def submit_consultation(consultation_id: str) -> dict:
    """Starts the lifecycle: to approval, or, for a quick poll, straight to its schedule."""
    principal, municipality = staff_member(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    if not consultation.content.needs_approval and not principal.is_admin_of(municipality):
        raise Forbidden(
            "a quick poll has no approval step: only the municipality administrator publishes one"
        )
    return _json(authoring.submit(consultation, _now()))


@consultations.route("/consultations/{consultation_id}/decision", methods=["POST"], authorizer=staff_auth)
@answers_errors
def decide_on_consultation(consultation_id: str) -> Response:
    """Approve, or reject with a comment: kept at once, the workflow moves on from it (202)."""
    principal, municipality = municipality_admin(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    if consultation.created_by == principal.subject:
        raise Forbidden("a consultation is approved by someone other than its author")
    decision = ReviewDecision.model_validate(consultations.current_request.json_body or {})
    decided = authoring.decide(consultation, principal.subject, decision, _now())
    return Response(body=_json(decided), status_code=202)


@consultations.route("/consultations/{consultation_id}/cancel", methods=["POST"], authorizer=staff_auth)
@answers_errors
def cancel_consultation(consultation_id: str) -> dict:
    principal, municipality = municipality_admin(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    request = CancelRequest.model_validate(consultations.current_request.json_body or {})
    return _json(authoring.cancel(consultation, principal.subject, request.reason, _now()))


@consultations.route("/consultations/{consultation_id}/counts", methods=["GET"], authorizer=staff_auth)
@answers_errors
def live_counts(consultation_id: str) -> dict:
    """The responses so far, counted as results are (small groups pooled), and texts to moderate."""
    _, municipality = staff_member(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    return reporting.live_counts(consultation, _now()).model_dump(mode="json")


@consultations.route("/consultations/{consultation_id}/texts", methods=["GET"], authorizer=staff_auth)
@answers_errors
def texts_to_moderate(consultation_id: str) -> dict:
    """Free-text answers without their authors; ?status=pending (the default), published or rejected."""
    _, municipality = municipality_admin(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    status = _TEXT_STATUS.validate_python(
        (consultations.current_request.query_params or {}).get("status", "pending")
    )
    return {"texts": [t.model_dump(mode="json") for t in authoring.texts_of(consultation, status)]}


@consultations.route(
    "/consultations/{consultation_id}/texts/{text_id}", methods=["PUT"], authorizer=staff_auth
)
@answers_errors
def moderate_text(consultation_id: str, text_id: str) -> Response:
    _, municipality = municipality_admin(consultations.current_request)
    consultation = authoring.consultation_of(municipality, consultation_id)
    moderation = Moderation.model_validate(consultations.current_request.json_body or {})
    authoring.moderate(consultation, text_id, moderation.status)
    return Response(body="", status_code=204)


@open_consultations.route("/consultations", methods=["GET"])
@answers_errors
def public_consultations() -> dict:
    """The municipality's announced consultations, open, closed and past."""
    municipality = municipality_param(open_consultations.current_request)
    return {"consultations": [c.public_view() for c in announced(municipality)]}


@open_consultations.route("/consultations/{consultation_id}", methods=["GET"])
@answers_errors
def public_consultation(consultation_id: str) -> dict:
    municipality = municipality_param(open_consultations.current_request)
    return published(municipality, consultation_id).public_view()


@open_consultations.route("/consultations/{consultation_id}/results", methods=["GET"])
@answers_errors
def public_results(consultation_id: str) -> dict:
    """Aggregates only: no group of fewer participants than the minimum is shown on its own."""
    municipality = municipality_param(open_consultations.current_request)
    results = reporting.published_results(published(municipality, consultation_id))
    return {"consultation_id": consultation_id, **results.model_dump(mode="json")}


@open_consultations.route("/strategy/indicators", methods=["GET"])
@answers_errors
def strategy_indicators() -> dict:
    """Each indicator of the digital strategy over its rounds: mean rating and distribution."""
    municipality = municipality_param(open_consultations.current_request)
    return {
        "municipality": municipality,
        "indicators": [s.model_dump(mode="json") for s in indicator_series(municipality)],
    }
