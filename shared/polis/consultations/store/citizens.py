"""What citizens tell the municipality about themselves, and who took part in its consultations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from polis.consultations.eligibility import CitizenProfile
from polis.store.items import CitizenProfileItem, ParticipantItem
from polis.store.keys import partition
from polis.store.table import bind


@dataclass(frozen=True)
class Contact:
    """Someone to invite: their subject and where to write."""

    subject: str
    email: str


def _profile_pk(municipality: str) -> str:
    return partition(municipality, "CITIZEN")


def _participant_pk(municipality: str) -> str:
    return partition(municipality, "PARTICIPANT")


def _profile(item: CitizenProfileItem) -> CitizenProfile:
    return CitizenProfile(
        birth_year=int(item.birth_year) if item.birth_year is not None else None,
        gender=item.gender,  # type: ignore[arg-type]  # written from Gender only
        district=item.district,
        resident=item.resident,
        invitations=item.invitations,
    )


def put_profile(
    municipality: str, subject: str, profile: CitizenProfile, email: str | None, now: datetime
) -> None:
    bind()
    CitizenProfileItem(
        pk=_profile_pk(municipality),
        sk=subject,
        municipality=municipality,
        subject=subject,
        birth_year=profile.birth_year,
        gender=profile.gender,
        district=profile.district,
        resident=profile.resident,
        invitations=profile.invitations,
        email=email if profile.invitations else None,
        updated_at=now,
    ).save()


def get_profile(municipality: str, subject: str) -> CitizenProfile | None:
    bind()
    try:
        return _profile(CitizenProfileItem.get(_profile_pk(municipality), subject))
    except CitizenProfileItem.DoesNotExist:
        return None


def delete_profile(municipality: str, subject: str) -> None:
    bind()
    CitizenProfileItem(pk=_profile_pk(municipality), sk=subject).delete()


def iter_profiles(municipality: str) -> Iterator[tuple[str, CitizenProfile, str | None]]:
    """Every profile kept in the municipality: subject, profile, and the address to invite them at."""
    bind()
    for item in CitizenProfileItem.query(_profile_pk(municipality)):
        yield item.subject, _profile(item), item.email


def put_participant(municipality: str, subject: str, email: str, consultation_id: str, now: datetime) -> None:
    bind()
    ParticipantItem(
        pk=_participant_pk(municipality),
        sk=subject,
        municipality=municipality,
        subject=subject,
        email=email,
        last_consultation_id=consultation_id,
        last_participated_at=now,
    ).save()


def delete_participant(municipality: str, subject: str) -> None:
    bind()
    ParticipantItem(pk=_participant_pk(municipality), sk=subject).delete()


def iter_participants(municipality: str) -> Iterator[Contact]:
    bind()
    for item in ParticipantItem.query(_participant_pk(municipality)):
        yield Contact(item.subject, item.email)
