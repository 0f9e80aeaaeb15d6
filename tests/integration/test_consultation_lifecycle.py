"""A consultation's lifecycle end to end: Step Functions on the moto server runs the real task
handlers, staff and citizens act through the API with real moto-issued tokens.

Times are seconds apart, and the minimum group size is 2, so a handful of citizens make results.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from polis.consultations.store.citizens import put_participant
from polis.municipality import Municipality
from polis.notifications.store import list_notifications
from polis.store.municipalities import put_municipality
from polis_local.aws import dispatch_lambda_invocations
from polis_local.triggers import read_triggers
from tests.integration.consultation_support import (
    SATISFIED,
    call,
    citizen,
    consultation,
    decide,
    draft,
    eventually,
    finished_execution,
    states_entered,
    status_becomes,
)


@pytest.fixture
def platform(api, runtime, monkeypatch, id_token):
    """The API, and the state machine's tasks running the real handlers."""
    dispatch_lambda_invocations(runtime)
    monkeypatch.setenv("POLIS_CONSULTATION_MIN_GROUP_SIZE", "2")
    monkeypatch.setenv("POLIS_CONSULTATION_RESULTS_PERIOD", "PT1S")
    return api


@pytest.fixture
def staff(id_token):
    return {"admin": id_token("chalkida-admin"), "author": id_token("chalkida-cleaning")}


def _topics(subject: str) -> list[str]:
    return [n.notification.topic for n in list_notifications("chalkida", subject)]


def _adult_resident(district: str | None = None, **changes) -> dict:
    return {"birth_year": 1980, "resident": True, "district": district} | changes


def test_an_approved_consultation_runs_from_approval_to_archive(platform, staff, stack, id_token):
    api = platform
    people = {name: citizen(stack, id_token, name) for name in ("anna", "babis", "chloe", "fotis", "giota")}
    minor, no_profile = citizen(stack, id_token, "dimitris"), citizen(stack, id_token, "eftychia")
    profiles = {
        "anna": _adult_resident("centre", invitations=True),
        "babis": _adult_resident("centre"),
        "chloe": _adult_resident("centre"),
        "fotis": _adult_resident("agios-stefanos"),
        "giota": _adult_resident(),
    }
    for name, profile in profiles.items():
        assert call(api, "put", "/v1/citizen/profile", people[name].token, profile)[0] == 200
    call(api, "put", "/v1/citizen/profile", minor.token, _adult_resident("centre", birth_year=2015))
    audience = {"min_age": 18, "residents_only": True}

    status, created = call(
        api, "post", "/v1/staff/consultations", staff["author"], draft(6, 15, eligibility=audience)
    )
    assert (status, created["status"]) == (201, "draft")
    consultation_id = created["consultation_id"]
    submitted = call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["author"])[1]
    assert (submitted["status"], submitted["submissions"]) == ("pending-approval", 1)
    assert decide(api, staff["admin"], consultation_id, {"decision": "approve", "comment": "Good."})[0] == 202
    assert status_becomes(api, staff["admin"], consultation_id, "scheduled")["review"]["comment"] == "Good."

    status_becomes(api, staff["admin"], consultation_id, "open")
    respond = f"/v1/citizen/consultations/{consultation_id}/response"
    for name, square in (("anna", "market"), ("babis", "park"), ("chloe", "park"), ("fotis", "market")):
        answers = {"square": square, "satisfied": 2}
        assert call(api, "post", respond, people[name].token, {"answers": answers})[0] == 201
    giota = {"answers": {"square": "parking", "satisfied": 5, "comment": "Shade!"}, "keep_me_informed": False}
    assert call(api, "post", respond, people["giota"].token, giota)[0] == 201

    again = call(api, "post", respond, people["anna"].token, {"answers": {"square": "park", "satisfied": 1}})
    assert again[0] == 409
    changed = call(api, "put", respond, people["anna"].token, {"answers": {"square": "park", "satisfied": 1}})
    assert (changed[0], changed[1]["answers"]["square"]) == (200, "park")
    refused_minor = call(api, "post", respond, minor.token, {"answers": {"square": "park", "satisfied": 3}})
    assert (refused_minor[0], refused_minor[1]["reasons"]) == (403, ["for ages 18 and over"])
    refused_stranger = call(
        api, "post", respond, no_profile.token, {"answers": {"square": "park", "satisfied": 3}}
    )
    assert refused_stranger[0] == 403

    counts = call(api, "get", f"/v1/staff/consultations/{consultation_id}/counts", staff["author"])[1]
    assert (counts["results"]["participants"], counts["texts"]) == (5, {"pending": 1})
    [text] = call(api, "get", f"/v1/staff/consultations/{consultation_id}/texts", staff["admin"])[1]["texts"]
    assert set(text) == {"text_id", "question_id", "text", "status", "submitted_at"}  # no author
    moderated = f"/v1/staff/consultations/{consultation_id}/texts/{text['text_id']}"
    assert call(api, "put", moderated, staff["admin"], {"status": "published"})[0] == 204

    execution_arn = consultation(api, staff["admin"], consultation_id)["execution_arn"]
    assert finished_execution(execution_arn)["status"] == "SUCCEEDED"
    assert states_entered(execution_arn) == [
        "NeedsApproval",
        "AwaitApproval",
        "Schedule",
        "WaitUntilOpen",
        "Open",
        "WaitUntilClose",
        "Close",
        "Tally",
        "PublishResults",
        "NotifyParticipants",
        "WaitUntilArchive",
        "Archive",
    ]
    assert consultation(api, staff["admin"], consultation_id)["status"] == "archived"

    status, results = call(
        api, "get", f"/v1/open/consultations/{consultation_id}/results?municipality=chalkida"
    )
    assert status == 200
    by_question = {q["question_id"]: q for q in results["questions"]}
    assert (results["participants"], by_question["square"]["counts"]) == (
        5,
        {"park": 3, "market": 1, "parking": 1},
    )
    assert by_question["comment"]["published"] == ["Shade!"]
    districts = next(b for b in results["breakdowns"] if b["dimension"] == "district")
    # agios-stefanos and not-stated have one participant each: pooled, not named.
    assert [(g["group"], g["participants"]) for g in districts["groups"]] == [
        ("centre", 3),
        ("other-groups", 2),
    ]

    # Archived: the individual responses are gone, the results stay.
    assert call(api, "get", respond, people["babis"].token)[0] == 404
    assert "consultation.open" in _topics(people["anna"].subject)
    assert "consultation.open" not in _topics(people["babis"].subject)  # asked for no invitations
    assert "consultation.results" in _topics(people["babis"].subject)
    assert "consultation.results" not in _topics(people["giota"].subject)  # asked to be left out


def test_a_rejected_consultation_goes_back_to_its_author_with_the_comment(platform, staff):
    api = platform
    consultation_id = call(api, "post", "/v1/staff/consultations", staff["author"], draft(60, 60))[1][
        "consultation_id"
    ]
    call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["author"])

    rejection = {"decision": "reject", "comment": "Add the plan's cost."}
    assert decide(api, staff["admin"], consultation_id, rejection)[0] == 202

    rejected = status_becomes(api, staff["admin"], consultation_id, "rejected")
    assert (rejected["review"]["decision"], rejected["review"]["comment"]) == (
        "rejected",
        "Add the plan's cost.",
    )
    assert finished_execution(rejected["execution_arn"])["status"] == "SUCCEEDED"
    assert states_entered(rejected["execution_arn"])[-2:] == ["RecordRejection", "Rejected"]
    assert call(api, "get", "/v1/open/consultations?municipality=chalkida")[1]["consultations"] == []

    edited = call(
        api,
        "put",
        f"/v1/staff/consultations/{consultation_id}",
        staff["author"],
        draft(60, 60, title="With costs"),
    )
    assert (edited[0], edited[1]["content"]["title"]) == (200, "With costs")
    resubmitted = call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["author"])[1]
    assert (resubmitted["status"], resubmitted["submissions"], resubmitted["review"]) == (
        "pending-approval",
        2,
        None,
    )
    assert resubmitted["execution_arn"] != rejected["execution_arn"]
    # Tidy: end the second execution.
    call(
        api,
        "post",
        f"/v1/staff/consultations/{consultation_id}/cancel",
        staff["admin"],
        {"reason": "test over"},
    )
    assert finished_execution(resubmitted["execution_arn"])["status"] == "SUCCEEDED"


def test_cancelling_while_approval_is_awaited_ends_the_workflow(platform, staff):
    api = platform
    # The administrator wrote it: someone else must approve it.
    consultation_id = call(api, "post", "/v1/staff/consultations", staff["admin"], draft(60, 60))[1][
        "consultation_id"
    ]
    call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["admin"])
    own = decide(api, staff["admin"], consultation_id, {"decision": "approve"})
    assert (own[0], own[1]["Message"]) == (403, "a consultation is approved by someone other than its author")
    assert (
        call(
            api, "post", f"/v1/staff/consultations/{consultation_id}/cancel", staff["author"], {"reason": "x"}
        )[0]
        == 403
    )

    status, cancelled = call(
        api,
        "post",
        f"/v1/staff/consultations/{consultation_id}/cancel",
        staff["admin"],
        {"reason": "Plans changed."},
    )

    assert (status, cancelled["status"], cancelled["cancellation"]["reason"]) == (
        200,
        "cancelled",
        "Plans changed.",
    )
    assert finished_execution(cancelled["execution_arn"])["status"] == "SUCCEEDED"
    assert states_entered(cancelled["execution_arn"])[-1] == "Cancelled"
    again = call(
        api, "post", f"/v1/staff/consultations/{consultation_id}/cancel", staff["admin"], {"reason": "x"}
    )
    assert again[0] == 409


def test_cancelling_an_open_consultation_stops_it_and_its_responses(platform, staff, stack, id_token):
    api = platform
    anna = citizen(stack, id_token, "anna")
    poll = draft(0, 60, kind="poll", questions=[SATISFIED])
    consultation_id = call(api, "post", "/v1/staff/consultations", staff["admin"], poll)[1]["consultation_id"]
    call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["admin"])
    status_becomes(api, staff["admin"], consultation_id, "open")
    respond = f"/v1/citizen/consultations/{consultation_id}/response"
    assert call(api, "post", respond, anna.token, {"answers": {"satisfied": 4}})[0] == 201

    cancelled = call(
        api, "post", f"/v1/staff/consultations/{consultation_id}/cancel", staff["admin"], {"reason": "Flood."}
    )[1]

    assert finished_execution(cancelled["execution_arn"])["status"] == "ABORTED"
    assert call(api, "put", respond, anna.token, {"answers": {"satisfied": 5}})[0] == 409
    assert call(api, "get", f"/v1/open/consultations/{consultation_id}?municipality=chalkida")[0] == 404


def test_a_quick_poll_needs_no_approval_and_invites_earlier_participants(platform, staff, stack, id_token):
    api = platform
    anna, babis = citizen(stack, id_token, "anna"), citizen(stack, id_token, "babis")
    put_participant("chalkida", babis.subject, "babis@example.org", "c-earlier", datetime.now(UTC))
    poll = draft(3, 10, kind="poll", questions=[SATISFIED])
    consultation_id = call(api, "post", "/v1/staff/consultations", staff["author"], poll)[1][
        "consultation_id"
    ]
    refused = call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["author"])
    assert refused[0] == 403

    submitted = call(api, "post", f"/v1/staff/consultations/{consultation_id}/submit", staff["admin"])[1]
    assert submitted["status"] in {"scheduled", "open"}  # no approval: straight on (it may open at once)
    status_becomes(api, staff["admin"], consultation_id, "open")
    respond = f"/v1/citizen/consultations/{consultation_id}/response"
    for person, rating in ((anna, 4), (babis, 2)):
        assert call(api, "post", respond, person.token, {"answers": {"satisfied": rating}})[0] == 201

    assert finished_execution(submitted["execution_arn"])["status"] == "SUCCEEDED"
    assert "AwaitApproval" not in states_entered(submitted["execution_arn"])
    results = call(api, "get", f"/v1/open/consultations/{consultation_id}/results?municipality=chalkida")[1]
    assert results["questions"][0]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    assert _topics(babis.subject)[-2:] == ["consultation.results", "consultation.open"]  # newest first


def test_indicator_rounds_run_on_their_schedule_and_report_each_indicator_over_time(
    platform, stack, runtime, monkeypatch, id_token
):
    api = platform
    monkeypatch.setenv("POLIS_CONSULTATION_INDICATOR_ROUND_PERIOD", "PT4S")
    put_municipality(Municipality(municipality_id="chalkida", name="Chalkida"), datetime.now(UTC))
    schedules = [s for s in read_triggers(stack).schedules if s.target.name == "IndicatorRoundFunction"]
    assert [s.expression for s in schedules] == ["rate(91 days)"]

    started = runtime.invoke("IndicatorRoundFunction", {"detail-type": "Scheduled Event"})["started"]
    assert runtime.invoke("IndicatorRoundFunction", {"detail-type": "Scheduled Event"}) == {"started": []}

    [started_round] = started
    round_id = started_round.split("/")[1]
    respond = f"/v1/citizen/consultations/{round_id}/response"
    ratings = {"online-services": 4, "service-quality-open-data": 3, "interoperability": 2, "ease-of-use": 4}
    ratings["attractive-environment"] = 5
    eventually(
        lambda: (
            call(api, "get", f"/v1/open/consultations/{round_id}?municipality=chalkida")[1]["status"]
            == "open"
        )
    )
    for name, shift in (("anna", 0), ("babis", -1)):
        answers = {k: v + shift for k, v in ratings.items()}
        assert (
            call(api, "post", respond, citizen(stack, id_token, name).token, {"answers": answers})[0] == 201
        )

    eventually(
        lambda: (
            call(api, "get", f"/v1/open/consultations/{round_id}?municipality=chalkida")[1]["status"]
            == "archived"
        ),
        timeout=20,
    )
    series = call(api, "get", "/v1/open/strategy/indicators?municipality=chalkida")[1]["indicators"]
    assert [s["indicator_id"] for s in series] == list(ratings)
    means = {s["indicator_id"]: [(p["round_id"], p["mean"]) for p in s["points"]] for s in series}
    assert means == {k: [(round_id, v - 0.5)] for k, v in ratings.items()}
