"""Taking part through the API, on a consultation put open in the table (no workflow needed):
profiles, one response each, changes, eligibility, live counts, moderation, and who sees what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from polis.consultations.model import Consultation, Content
from polis.consultations.store import consultations as consultation_store
from polis_local.users import LocalUser, LocalUserPools
from tests.integration.consultation_support import COMMENT, SATISFIED, SQUARE, call, citizen, draft

ANSWERS = {"square": "park", "satisfied": 4}


def _put_open(consultation_id: str = "c-open", **changes) -> str:
    now = datetime.now(UTC)
    content = Content.model_validate(draft(-60, 3600, **changes))
    consultation_store.create(
        Consultation(
            consultation_id=consultation_id,
            municipality="chalkida",
            content=content,
            status="open",
            created_by="staff-subject",
            created_at=now - timedelta(minutes=2),
            updated_at=now,
        )
    )
    return consultation_id


def _respond_path(consultation_id: str = "c-open") -> str:
    return f"/v1/citizen/consultations/{consultation_id}/response"


@pytest.fixture
def eleni(api, id_token):
    return id_token("eleni@example.org")


def test_a_citizen_keeps_and_deletes_their_profile(api, eleni):
    assert call(api, "get", "/v1/citizen/profile", eleni)[0] == 404
    profile = {"birth_year": 1990, "gender": "woman", "district": "agios-stefanos", "resident": True}

    saved = call(api, "put", "/v1/citizen/profile", eleni, profile)

    assert saved == (200, profile | {"invitations": False})
    assert call(api, "get", "/v1/citizen/profile", eleni)[1] == profile | {"invitations": False}
    assert call(api, "delete", "/v1/citizen/profile", eleni)[0] == 204
    assert call(api, "get", "/v1/citizen/profile", eleni)[0] == 404


@pytest.mark.parametrize(
    ("profile", "field"),
    [({"gender": "x"}, "gender"), ({"birth_year": 1800}, "birth_year"), ({"religion": "none"}, "religion")],
)
def test_a_profile_holds_only_what_eligibility_needs(api, eleni, profile, field):
    status, body = call(api, "put", "/v1/citizen/profile", eleni, profile)

    assert (status, [e["field"] for e in body["errors"]]) == (400, [field])


def test_one_response_per_citizen(api, eleni):
    _put_open()

    first = call(api, "post", _respond_path(), eleni, {"answers": ANSWERS})
    second = call(api, "post", _respond_path(), eleni, {"answers": ANSWERS | {"square": "market"}})

    assert first[0] == 201
    assert (first[1]["answers"], first[1]["group"]) == (
        ANSWERS,
        {"age_band": None, "gender": None, "district": None},
    )
    assert "email" not in first[1]
    assert (second[0], second[1]["Code"]) == (409, "ConflictError")
    assert "already responded" in second[1]["Message"]
    assert call(api, "get", _respond_path(), eleni)[1]["answers"] == ANSWERS


def test_answers_change_until_close_where_the_consultation_allows(api, eleni, id_token):
    _put_open()
    _put_open("c-final", allow_changes=False)
    assert call(api, "put", _respond_path(), eleni, {"answers": ANSWERS})[0] == 404  # nothing to change yet
    call(api, "post", _respond_path(), eleni, {"answers": ANSWERS | {"comment": "First thought"}})
    call(api, "post", _respond_path("c-final"), eleni, {"answers": ANSWERS})

    changed = call(api, "put", _respond_path(), eleni, {"answers": ANSWERS | {"satisfied": 1}})
    refused = call(api, "put", _respond_path("c-final"), eleni, {"answers": ANSWERS | {"satisfied": 1}})

    assert (changed[0], changed[1]["answers"]["satisfied"]) == (200, 1)
    assert "comment" not in changed[1]["answers"]
    assert refused[0] == 409
    # The replaced free-text answer went with the change.
    assert call(api, "get", "/v1/staff/consultations/c-open/texts", id_token("chalkida-admin"))[1] == {
        "texts": []
    }
    consultation_store.move("chalkida", "c-open", ["open"], "closed", datetime.now(UTC))
    assert call(api, "put", _respond_path(), eleni, {"answers": ANSWERS})[0] == 409


def test_invalid_answers_name_their_question(api, eleni):
    _put_open()

    status, body = call(api, "post", _respond_path(), eleni, {"answers": {"square": "zoo"}})

    assert status == 400
    assert {e["field"] for e in body["errors"]} == {"answers.square", "answers.satisfied"}


def test_an_ineligible_citizen_is_refused_with_the_reasons(api, eleni):
    _put_open(eligibility={"districts": ["vatonta"], "min_age": 18})
    call(api, "put", "/v1/citizen/profile", eleni, {"birth_year": 2012, "district": "agios-stefanos"})

    status, body = call(api, "post", _respond_path(), eleni, {"answers": ANSWERS})

    assert (status, body["reasons"]) == (403, ["for ages 18 and over", "for residents of vatonta only"])
    listed = call(api, "get", "/v1/citizen/consultations", eleni)[1]["consultations"]
    assert [(c["eligible"], c["responded"]) for c in listed] == [(False, False)]


def test_a_citizen_of_another_municipality_does_not_find_it(api, stack, id_token):
    _put_open()
    heraklion = citizen(stack, id_token, "nikos", municipality="heraklion")

    assert call(api, "post", _respond_path(), heraklion.token, {"answers": ANSWERS})[0] == 404
    assert call(api, "get", "/v1/citizen/consultations", heraklion.token)[1] == {"consultations": []}


def test_live_counts_suppress_what_fewer_than_the_minimum_answered(api, eleni, id_token):
    _put_open()
    call(api, "post", _respond_path(), eleni, {"answers": ANSWERS})

    status, counts = call(api, "get", "/v1/staff/consultations/c-open/counts", id_token("chalkida-cleaning"))

    assert status == 200
    assert (counts["results"]["participants"], counts["results"]["suppressed"]) == (1, True)
    assert counts["results"]["questions"] == []


def test_free_text_is_published_only_once_moderated(api, eleni, stack, id_token):
    _put_open()
    admin = id_token("chalkida-admin")
    call(api, "post", _respond_path(), eleni, {"answers": ANSWERS | {"comment": "Plant plane trees."}})

    [pending] = call(api, "get", "/v1/staff/consultations/c-open/texts", admin)[1]["texts"]
    cleaning = call(
        api,
        "put",
        f"/v1/staff/consultations/c-open/texts/{pending['text_id']}",
        id_token("chalkida-cleaning"),
        {"status": "published"},
    )
    rejected = call(
        api,
        "put",
        f"/v1/staff/consultations/c-open/texts/{pending['text_id']}",
        admin,
        {"status": "rejected"},
    )

    assert (pending["text"], pending["status"]) == ("Plant plane trees.", "pending")
    assert cleaning[0] == 403
    assert rejected[0] == 204
    assert (
        call(api, "get", "/v1/staff/consultations/c-open/texts?status=rejected", admin)[1]["texts"][0][
            "text_id"
        ]
        == pending["text_id"]
    )
    assert (
        call(api, "put", "/v1/staff/consultations/c-open/texts/nope", admin, {"status": "published"})[0]
        == 404
    )
    heraklion_admin = LocalUser(
        "heraklion-admin", "staff", "admin@heraklion.example", "heraklion", ("municipality-admin",)
    )
    LocalUserPools(stack).create_user(heraklion_admin)
    assert call(api, "get", "/v1/staff/consultations/c-open/texts", id_token(heraklion_admin))[0] == 404


def test_staff_write_drafts_that_the_public_does_not_see(api, id_token):
    author = id_token("chalkida-cleaning")
    invalid = call(api, "post", "/v1/staff/consultations", author, draft(60, 60, questions=[]))
    created = call(
        api, "post", "/v1/staff/consultations", author, draft(60, 60, questions=[SQUARE, SATISFIED, COMMENT])
    )
    consultation_id = created[1]["consultation_id"]

    assert (invalid[0], invalid[1]["errors"][0]["field"]) == (400, "questions")
    assert created[0] == 201
    listed = call(api, "get", "/v1/staff/consultations", author)[1]["consultations"]
    assert [c["consultation_id"] for c in listed] == [consultation_id]
    assert call(api, "get", f"/v1/open/consultations/{consultation_id}?municipality=chalkida")[0] == 404
    assert (
        call(api, "get", f"/v1/open/consultations/{consultation_id}/results?municipality=chalkida")[0] == 404
    )
    assert call(api, "get", f"/v1/staff/consultations/{consultation_id}/counts", author)[0] == 409


def test_published_consultations_are_open_data_but_results_wait_for_publication(api):
    _put_open()

    listed = call(api, "get", "/v1/open/consultations?municipality=chalkida")
    results = call(api, "get", "/v1/open/consultations/c-open/results?municipality=chalkida")

    assert [c["consultation_id"] for c in listed[1]["consultations"]] == ["c-open"]
    assert listed[1]["consultations"][0]["attachments"][0]["kind"] == "plan"
    assert (results[0], results[1]["Message"]) == (404, "its results are not published yet")


def test_malformed_requests_name_the_field_at_fault(api, eleni, id_token):
    _put_open()
    admin = id_token("chalkida-admin")

    unknown_status = call(api, "get", "/v1/staff/consultations/c-open/texts?status=hidden", admin)
    bad_id = call(api, "get", "/v1/staff/consultations/C%20open", admin)
    no_municipality = call(api, "get", "/v1/open/consultations")
    # A profile with every field left empty is `{}`: no body at all is not JSON.
    no_body = call(api, "put", "/v1/citizen/profile", eleni)

    assert (unknown_status[0], [e["field"] for e in unknown_status[1]["errors"]]) == (400, ["status"])
    assert (bad_id[0], [e["field"] for e in bad_id[1]["errors"]]) == (400, ["consultation_id"])
    assert (no_municipality[0], [e["field"] for e in no_municipality[1]["errors"]]) == (400, ["municipality"])
    assert (no_body[0], [e["field"] for e in no_body[1]["errors"]]) == (400, ["body"])
    assert call(api, "put", "/v1/citizen/profile", eleni, {})[0] == 200
