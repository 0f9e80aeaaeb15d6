"""Citizens' side: their profile, the consultations open to them, and their one response to each.

A citizen takes part in their home municipality's consultations (the one their account names).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import BaseModel

from polis.consultations.eligibility import CitizenProfile, audience_group
from polis.consultations.errors import ConsultationConflict, ConsultationNotFound, NotEligible
from polis.consultations.lifecycle import PUBLIC
from polis.consultations.model import Consultation, PublicConsultation, Response, ResponseSubmission, Text
from polis.consultations.questions import FreeText, parse_answers
from polis.consultations.store import citizens as citizen_store
from polis.consultations.store import consultations as consultation_store
from polis.consultations.store import responses as response_store
from polis.consultations.store.responses import NotOpen, ResponseChanged, ResponseExists
from polis.identity.principal import Principal


class OpenConsultation(BaseModel):
    """An open consultation as a citizen sees it: whether they may take part, and whether they did."""

    consultation: PublicConsultation
    eligible: bool
    refusals: list[str]
    responded: bool


def home_municipality(principal: Principal) -> str:
    if principal.municipality is None:
        raise NotEligible(["choose your home municipality in your account first"])
    return principal.municipality


def profile_of(principal: Principal) -> CitizenProfile:
    profile = citizen_store.get_profile(home_municipality(principal), principal.subject)
    if profile is None:
        raise ConsultationNotFound("you have not filled in a profile")
    return profile


def save_profile(principal: Principal, profile: CitizenProfile, now: datetime) -> CitizenProfile:
    citizen_store.put_profile(home_municipality(principal), principal.subject, profile, principal.email, now)
    return profile


def forget(principal: Principal) -> None:
    """The profile goes, and with it every invitation to come."""
    municipality = home_municipality(principal)
    citizen_store.delete_profile(municipality, principal.subject)
    citizen_store.delete_participant(municipality, principal.subject)


def published(municipality: str, consultation_id: str) -> Consultation:
    """A consultation anyone may read: announced, not a draft nor cancelled."""
    consultation = consultation_store.get(municipality, consultation_id)
    if consultation is None or consultation.status not in PUBLIC:
        raise ConsultationNotFound(f"no consultation {consultation_id!r}")
    return consultation


def announced(municipality: str) -> list[Consultation]:
    """Every consultation anyone may read, the latest to open first."""
    found = [c for c in consultation_store.list_consultations(municipality) if c.status in PUBLIC]
    return sorted(found, key=lambda c: c.content.opens_at, reverse=True)


def open_to(principal: Principal) -> list[OpenConsultation]:
    municipality = home_municipality(principal)
    profile = citizen_store.get_profile(municipality, principal.subject)
    found = []
    for consultation in consultation_store.list_consultations(municipality):
        if consultation.status != "open":
            continue
        refusals = consultation.content.eligibility.refusals(profile, consultation.content.opens_at.year)
        responded = response_store.get_response(municipality, consultation.consultation_id, principal.subject)
        found.append(
            OpenConsultation(
                consultation=consultation.public_view(),
                eligible=not refusals,
                refusals=refusals,
                responded=responded is not None,
            )
        )
    return found


def my_response(principal: Principal, consultation_id: str) -> Response:
    response = response_store.get_response(home_municipality(principal), consultation_id, principal.subject)
    if response is None:
        raise ConsultationNotFound("you have not responded to this consultation")
    return response


def respond(
    principal: Principal, consultation_id: str, submission: ResponseSubmission, now: datetime, *, change: bool
) -> Response:
    """The citizen's first response (``change`` False), or a change to it where the consultation allows."""
    municipality = home_municipality(principal)
    consultation = consultation_store.get(municipality, consultation_id)
    if consultation is None or consultation.status not in PUBLIC | {"cancelled"}:
        raise ConsultationNotFound(f"no consultation {consultation_id!r}")
    content = consultation.content
    if consultation.status != "open" or now >= content.closes_at:
        raise ConsultationConflict(f"the consultation is {consultation.status}, not open for responses")
    profile = citizen_store.get_profile(municipality, principal.subject)
    refusals = content.eligibility.refusals(profile, content.opens_at.year)
    if refusals:
        raise NotEligible(refusals)
    previous = None
    if change:
        if not content.allow_changes:
            raise ConsultationConflict("this consultation does not allow changing one's answers")
        previous = my_response(principal, consultation_id)
    answers = parse_answers(content.questions, submission.answers)
    texts = [
        Text(
            text_id=secrets.token_hex(8),
            question_id=q.question_id,
            text=str(answers[q.question_id]),
            submitted_at=now,
        )
        for q in content.questions
        if isinstance(q, FreeText) and q.question_id in answers
    ]
    email = principal.email if submission.keep_me_informed else None
    response = Response(
        municipality=municipality,
        consultation_id=consultation_id,
        participant=principal.subject,
        answers=answers,
        group=audience_group(profile, content.opens_at.year),
        keep_me_informed=submission.keep_me_informed,
        email=email,
        text_ids={t.question_id: t.text_id for t in texts},
        submitted_at=previous.submitted_at if previous else now,
        updated_at=now,
    )
    try:
        response_store.put_response(response, texts, previous)
    except NotOpen as error:
        raise ConsultationConflict("the consultation has closed") from error
    except ResponseExists as error:
        raise ConsultationConflict("you have already responded; change your answers with PUT") from error
    except ResponseChanged as error:
        raise ConsultationConflict("your response changed meanwhile; read it and try again") from error
    if email:
        citizen_store.put_participant(municipality, principal.subject, email, consultation_id, now)
    else:
        citizen_store.delete_participant(municipality, principal.subject)
    return response
