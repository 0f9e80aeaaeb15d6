"""Citizens: their profile, the consultations open to them, and their response to each."""

from __future__ import annotations

from datetime import UTC, datetime

from chalice import Blueprint
from chalice.app import Request
from pydantic import BaseModel, Field

from chalicelib.auth import citizen_auth, current_principal
from chalicelib.contract import route
from polis.consultations import participation as citizens
from polis.consultations.eligibility import AudienceGroup, CitizenProfile
from polis.consultations.model import ConsultationId, Response, ResponseSubmission
from polis.consultations.participation import OpenConsultation
from polis.consultations.questions import Answer
from polis.municipality import MunicipalityId

participation = Blueprint(__name__)


class ConsultationPath(BaseModel):
    consultation_id: ConsultationId


class OpenConsultationList(BaseModel):
    consultations: list[OpenConsultation]


class MyResponse(BaseModel):
    """A citizen's response as they read it back; the e-mail kept to send them the results is not shown."""

    municipality: MunicipalityId
    consultation_id: str
    participant: str = Field(description="the citizen's subject")
    answers: dict[str, Answer]
    group: AudienceGroup = Field(description="the groups the response counts in for results")
    keep_me_informed: bool
    text_ids: dict[str, str] = Field(description="question id -> its free-text answer's id")
    submitted_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, response: Response) -> MyResponse:
        return cls.model_validate(response, from_attributes=True)


@route(participation, "/profile", "GET", authorizer=citizen_auth, response=CitizenProfile, errors=(404,))
def get_profile(request: Request) -> CitizenProfile:
    """My profile: what consultations may ask of their audience."""
    return citizens.profile_of(current_principal(request))


@route(
    participation, "/profile", "PUT", authorizer=citizen_auth, body=CitizenProfile, response=CitizenProfile
)
def put_profile(body: CitizenProfile, request: Request) -> CitizenProfile:
    """Only what consultations may ask of their audience; every field may be left empty."""
    return citizens.save_profile(current_principal(request), body, datetime.now(UTC))


@route(participation, "/profile", "DELETE", authorizer=citizen_auth, response=None, status=204)
def delete_profile(request: Request) -> None:
    """Forget the profile, and invite me to nothing more."""
    citizens.forget(current_principal(request))


@route(participation, "/consultations", "GET", authorizer=citizen_auth, response=OpenConsultationList)
def open_consultations(request: Request) -> OpenConsultationList:
    """Open consultations of my municipality: may I take part, and did I?"""
    return OpenConsultationList(consultations=citizens.open_to(current_principal(request)))


@route(
    participation,
    "/consultations/{consultation_id}/response",
    "GET",
    authorizer=citizen_auth,
    path_params=ConsultationPath,
    response=MyResponse,
    errors=(404,),
)
def my_response(consultation_id: str, request: Request) -> MyResponse:
    """My response to this consultation, as I gave or last changed it."""
    return MyResponse.of(citizens.my_response(current_principal(request), consultation_id))


@route(
    participation,
    "/consultations/{consultation_id}/response",
    "POST",
    authorizer=citizen_auth,
    path_params=ConsultationPath,
    body=ResponseSubmission,
    response=MyResponse,
    status=201,
    errors=(404, 409),
)
def respond(consultation_id: str, body: ResponseSubmission, request: Request) -> MyResponse:
    """My one response; a second is refused (409), change the first with PUT."""
    principal = current_principal(request)
    return MyResponse.of(citizens.respond(principal, consultation_id, body, datetime.now(UTC), change=False))


@route(
    participation,
    "/consultations/{consultation_id}/response",
    "PUT",
    authorizer=citizen_auth,
    path_params=ConsultationPath,
    body=ResponseSubmission,
    response=MyResponse,
    errors=(404, 409),
)
def change_response(consultation_id: str, body: ResponseSubmission, request: Request) -> MyResponse:
    """Until the consultation closes, where it allows changes."""
    principal = current_principal(request)
    return MyResponse.of(citizens.respond(principal, consultation_id, body, datetime.now(UTC), change=True))
