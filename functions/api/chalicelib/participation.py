"""Citizens: their profile, the consultations open to them, and their response to each."""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint, Response

from chalicelib.auth import citizen_auth, current_principal
from chalicelib.errors import answers_errors
from polis.consultations import participation as citizens
from polis.consultations.eligibility import CitizenProfile
from polis.consultations.model import Submission

participation = Blueprint(__name__)


@participation.route("/profile", methods=["GET"], authorizer=citizen_auth)
@answers_errors
def get_profile() -> dict:
    return citizens.profile_of(current_principal(participation.current_request)).model_dump(mode="json")


@participation.route("/profile", methods=["PUT"], authorizer=citizen_auth)
@answers_errors
def put_profile() -> dict:
    """Only what consultations may ask of their audience; every field may be left empty."""
    principal = current_principal(participation.current_request)
    profile = CitizenProfile.model_validate(participation.current_request.json_body or {})
    return citizens.save_profile(principal, profile, datetime.now(UTC)).model_dump(mode="json")


@participation.route("/profile", methods=["DELETE"], authorizer=citizen_auth)
@answers_errors
def delete_profile() -> Response:
    """Forget the profile, and invite me to nothing more."""
    citizens.forget(current_principal(participation.current_request))
    return Response(body="", status_code=204)


@participation.route("/consultations", methods=["GET"], authorizer=citizen_auth)
@answers_errors
def open_consultations() -> dict:
    """Open consultations of my municipality: may I take part, and did I?"""
    found = citizens.open_to(current_principal(participation.current_request))
    return {"consultations": [c.model_dump(mode="json") for c in found]}


@participation.route("/consultations/{consultation_id}/response", methods=["GET"], authorizer=citizen_auth)
@answers_errors
def my_response(consultation_id: str) -> dict:
    principal = current_principal(participation.current_request)
    return citizens.my_response(principal, consultation_id).model_dump(mode="json", exclude={"email"})


def _respond(consultation_id: str, *, change: bool) -> dict:
    principal = current_principal(participation.current_request)
    submission = Submission.model_validate(participation.current_request.json_body or {})
    response = citizens.respond(principal, consultation_id, submission, datetime.now(UTC), change=change)
    return response.model_dump(mode="json", exclude={"email"})


@participation.route("/consultations/{consultation_id}/response", methods=["POST"], authorizer=citizen_auth)
@answers_errors
def respond(consultation_id: str) -> Response:
    """My one response; a second is refused (409), change the first with PUT."""
    return Response(body=_respond(consultation_id, change=False), status_code=201)


@participation.route("/consultations/{consultation_id}/response", methods=["PUT"], authorizer=citizen_auth)
@answers_errors
def change_response(consultation_id: str) -> dict:
    """Until the consultation closes, where it allows changes."""
    return _respond(consultation_id, change=True)
