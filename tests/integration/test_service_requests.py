"""Service requests through the API with real moto tokens: a request's whole life, as people live it."""

from __future__ import annotations

import base64
import json
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from polis.notifications.store import list_notifications
from polis.requests.escalation import escalate_overdue
from polis_local.lambdas import LocalLambdaRuntime
from polis_local.triggers import read_triggers
from tests.integration.service_desk_support import (
    WATERFRONT,
    call,
    desk_platform,
    inbox,
    report,
    subject_of,
)


@pytest.fixture(scope="module")
def platform(moto_endpoint):
    with desk_platform(moto_endpoint) as running:
        yield running


@pytest.fixture
def api(platform):
    return platform.api


@pytest.fixture
def desk(platform):
    return platform.desk


def _status(api, token, reference, status, note=None):
    body = {"status": status} | ({"note": note} if note else {})
    return call(api, "post", f"/v1/staff/service-requests/{reference}/status", token, body)


def test_a_request_goes_from_report_to_rating_and_the_citizen_hears_of_every_status(api, desk):
    filed = report(api, desk["eleni"])
    reference = filed["reference"]
    assert reference.startswith(f"CHK-{datetime.now(UTC).year}-")
    assert (filed["status"], filed["department"], filed["reporter"]["email"]) == (
        "submitted",
        "cleaning",
        "eleni@example.org",
    )

    assert _status(api, desk["cleaning"], reference, "acknowledged")[0] == 200
    assigned = call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/assignment",
        desk["cleaning"],
        {"assignee": "chalkida-cleaning"},
    )
    assert assigned[0] == 200
    assert (assigned[1]["status"], assigned[1]["assignee"]) == ("assigned", "chalkida-cleaning")
    assert _status(api, desk["cleaning"], reference, "in-progress")[0] == 200
    said = call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/comments",
        desk["cleaning"],
        {"text": "The truck passes at noon."},
    )
    call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/comments",
        desk["cleaning"],
        {"text": "Second bin needed here.", "internal": True},
    )
    resolved = _status(api, desk["cleaning"], reference, "resolved", "Emptied, and the lid repaired.")
    rated = call(api, "post", f"/v1/citizen/service-requests/{reference}/rating", desk["eleni"], {"stars": 5})

    assert said[0] == 201
    assert resolved[0] == 200
    assert resolved[1]["closed_at"] is not None
    assert rated[0] == 200
    assert rated[1]["rating"] == {"stars": 5, "comment": None}
    status, detail = call(api, "get", f"/v1/citizen/service-requests/{reference}", desk["eleni"])
    assert status == 200
    assert detail["own"] is True
    assert [s["status"] for s in detail["request"]["steps"]] == [
        "submitted",
        "acknowledged",
        "assigned",
        "in-progress",
        "resolved",
    ]
    assert "chalkida-cleaning" not in str(detail["request"]["steps"])
    assert [c["text"] for c in detail["comments"]] == ["The truck passes at noon."]
    told = [
        subject for topic, subject in inbox("chalkida", subject_of(desk["eleni"])) if reference in subject
    ]
    assert told == [
        f"Your request {reference} has been received",
        f"Your request {reference} has been seen by the municipality",
        f"Your request {reference} has been given to a member of staff",
        f"Your request {reference} is being worked on",
        f"Your request {reference} has been resolved",
    ]
    assigned_told = list_notifications("chalkida", _staff_subject(api, desk["cleaning"]))
    assert [s.notification.topic for s in assigned_told if s.notification.reference == reference] == [
        "service-request.assigned"
    ]


def _staff_subject(api, token):
    return call(api, "get", "/v1/staff/me", token)[1]["subject"]


def test_a_transition_the_lifecycle_does_not_allow_is_a_conflict(api, desk):
    reference = report(api, desk["eleni"])["reference"]

    status, answer = _status(api, desk["cleaning"], reference, "resolved", "done")

    assert status == 409
    assert "submitted" in answer["Message"]


def test_a_rejection_needs_the_reason_and_the_citizen_reads_it(api, desk):
    reference = report(api, desk["eleni"])["reference"]

    without = _status(api, desk["admin"], reference, "rejected")
    rejected = _status(api, desk["admin"], reference, "rejected", "This bin is on private land.")

    assert without[0] == 400
    assert [e["field"] for e in without[1]["errors"]] == ["note"]
    assert rejected[0] == 200
    public = call(api, "get", f"/v1/citizen/service-requests/{reference}", desk["nikos"])[1]
    assert (public["own"], public["request"]["status_note"]) == (False, "This bin is on private land.")


def test_assignment_is_to_staff_of_the_request_s_department(api, desk):
    reference = report(api, desk["eleni"])["reference"]

    status, answer = call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/assignment",
        desk["admin"],
        {"assignee": "chalkida-roads"},
    )

    assert status == 400
    assert answer["errors"][0]["field"] == "assignee"


def test_a_nearby_open_request_of_the_category_is_offered_as_duplicate_and_merged(api, desk):
    # A square of its own: other tests' requests are on the waterfront.
    square = {"latitude": 38.4580, "longitude": 23.6010}
    twenty_metres_east = {"latitude": 38.4580, "longitude": 23.60123}
    first = report(api, desk["eleni"], location=square)
    elsewhere = report(api, desk["nikos"], location={"latitude": 38.4590, "longitude": 23.6010})
    other_kind = report(api, desk["nikos"], category="broken-street-light", location=twenty_metres_east)
    second = call(
        api,
        "post",
        "/v1/citizen/service-requests",
        desk["nikos"],
        {"category": "overflowing-bin", "location": twenty_metres_east, "description": "Full bin."},
    )[1]

    assert [d["reference"] for d in second["possible_duplicates"]] == [first["reference"]]
    assert elsewhere["reference"] not in str(second["possible_duplicates"])
    assert other_kind["reference"] not in str(second["possible_duplicates"])
    duplicate = second["request"]["reference"]
    status, merged = call(
        api,
        "post",
        f"/v1/staff/service-requests/{duplicate}/merge",
        desk["cleaning"],
        {"into": first["reference"]},
    )
    assert status == 200
    assert (merged["merged"]["status"], merged["merged"]["merged_into"]) == ("merged", first["reference"])
    assert merged["into"]["duplicates"] == [duplicate]

    _status(api, desk["cleaning"], first["reference"], "acknowledged")

    nikos_told = inbox("chalkida", subject_of(desk["nikos"]))
    assert nikos_told[-1][1].startswith(f"The request your {duplicate} joined ({first['reference']})")


def test_the_call_centre_files_for_a_caller_and_finds_it_by_phone_or_last_name(api, desk):
    caller = {"first_name": "Maria", "last_name": "Papadopoulou", "phone": "+302221012345"}
    status, filed = call(
        api,
        "post",
        "/v1/staff/service-requests",
        desk["operator"],
        {
            "category": "fallen-tree",
            "location": WATERFRONT,
            "address": "Day centre, Arethousis 5",
            "description": "A branch blocks the pavement outside the day centre.",
            "caller": caller,
        },
    )
    reference = filed["request"]["reference"]

    by_phone = call(
        api,
        "post",
        "/v1/staff/service-requests/lookup",
        desk["operator"],
        {"reference": reference, "phone": "+302221012345"},
    )
    by_name = call(
        api,
        "post",
        "/v1/staff/service-requests/lookup",
        desk["operator"],
        {"reference": reference, "last_name": "papadopoulou"},
    )
    wrong = call(
        api,
        "post",
        "/v1/staff/service-requests/lookup",
        desk["operator"],
        {"reference": reference, "phone": "+302221099999"},
    )

    assert status == 201
    assert (filed["request"]["channel"], filed["request"]["filed_by"]) == (
        "call-centre",
        "chalkida-call-centre",
    )
    assert filed["request"]["department"] == "parks"
    assert by_phone[0] == by_name[0] == 200
    assert by_phone[1]["request"]["reporter"]["last_name"] == "Papadopoulou"
    assert wrong[0] == 404
    assert "Papadopoulou" not in str(wrong[1])
    # No account: the caller's inbox is the reference, and the SMS quotes it.
    [(topic, subject)] = inbox("chalkida", reference)
    assert (topic, subject) == ("service-request.status", f"Your request {reference} has been received")


def test_overdue_requests_are_escalated_once_and_their_assignee_told(api, desk):
    reference = report(api, desk["eleni"])["reference"]
    call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/assignment",
        desk["admin"],
        {"assignee": "chalkida-cleaning"},
    )
    later = datetime.now(UTC) + timedelta(hours=25)

    first_run = escalate_overdue(later)
    second_run = escalate_overdue(later)

    assert first_run["chalkida"] >= 1
    assert second_run["chalkida"] == 0
    detail = call(api, "get", f"/v1/staff/service-requests/{reference}", desk["admin"])[1]
    assert detail["request"]["escalated_at"] is not None
    assert detail["request"]["timeline"][-1]["by"] == "escalation"
    told = list_notifications("chalkida", _staff_subject(api, desk["cleaning"]))
    assert [s.notification.topic for s in told if s.notification.reference == reference] == [
        "service-request.overdue",
        "service-request.assigned",
    ]


def test_the_escalation_schedule_runs_the_escalation_function(platform):
    schedules = read_triggers(platform.stack).schedules
    [schedule] = [s for s in schedules if s.target.name == "ServiceRequestEscalationFunction"]
    assert schedule.period_s == 900
    runtime = LocalLambdaRuntime(platform.stack)
    try:
        outcome = runtime.invoke("ServiceRequestEscalationFunction", {"source": "aws.events"})
    finally:
        runtime.shutdown()

    assert set(outcome) == {"chalkida", "heraklion"}


def _metrics(api, token):
    status, metrics = call(api, "get", "/v1/staff/metrics/service-requests?window_days=30", token)
    assert status == 200
    return metrics


def test_metrics_count_open_requests_by_category_and_department_and_time_to_resolve(api, desk):
    before = _metrics(api, desk["cleaning"])
    light = report(api, desk["eleni"], category="broken-street-light")["reference"]
    report(api, desk["eleni"], location={"latitude": 38.45, "longitude": 23.58})
    _status(api, desk["admin"], light, "acknowledged")
    call(
        api,
        "post",
        f"/v1/staff/service-requests/{light}/assignment",
        desk["admin"],
        {"assignee": "chalkida-cleaning"},
    )

    after = _metrics(api, desk["cleaning"])

    def grew(key: str) -> dict[str, int]:
        return {k: v - before[key].get(k, 0) for k, v in after[key].items() if v != before[key].get(k, 0)}

    assert after["open_total"] - before["open_total"] == 2
    assert grew("open_by_category") == {"broken-street-light": 1, "overflowing-bin": 1}
    assert grew("open_by_department") == {"cleaning": 1, "lighting": 1}
    assert after["window_days"] == 30


def test_the_median_time_to_resolve_counts_resolved_requests(api, desk):
    reference = report(api, desk["eleni"], category="graffiti")["reference"]
    _status(api, desk["cleaning"], reference, "acknowledged")
    call(
        api,
        "post",
        f"/v1/staff/service-requests/{reference}/assignment",
        desk["cleaning"],
        {"assignee": "chalkida-cleaning"},
    )
    _status(api, desk["cleaning"], reference, "in-progress")
    _status(api, desk["cleaning"], reference, "resolved", "Painted over.")

    metrics = _metrics(api, desk["admin"])

    assert metrics["resolved"] >= 1
    assert 0 <= metrics["median_hours_to_resolve"] < 1


def test_staff_list_open_requests_and_filter_them(api, desk):
    bin_ = report(api, desk["eleni"])["reference"]
    light = report(api, desk["eleni"], category="broken-street-light")["reference"]
    _status(api, desk["admin"], light, "rejected", "A private light.")

    open_ = call(api, "get", "/v1/staff/service-requests", desk["roads"])[1]
    cleaning = call(api, "get", "/v1/staff/service-requests?department=cleaning", desk["roads"])[1]
    closed = call(api, "get", "/v1/staff/service-requests?state=closed&status=rejected", desk["roads"])[1]

    def listed(answer):
        return {r["reference"] for r in answer["service_requests"]}

    assert bin_ in listed(open_)
    assert light not in listed(open_)
    assert {r["department"] for r in cleaning["service_requests"]} == {"cleaning"}
    assert light in listed(closed)
    assert {r["status"] for r in closed["service_requests"]} == {"rejected"}


def test_a_citizen_lists_their_own_requests_only(api, desk):
    mine = report(api, desk["eleni"])["reference"]
    theirs = report(api, desk["nikos"])["reference"]

    status, listed = call(api, "get", "/v1/citizen/service-requests", desk["eleni"])

    references = [r["reference"] for r in listed["service_requests"]]
    assert status == 200
    assert mine == references[0]
    assert theirs not in references
    assert {r["reporter"]["email"] for r in listed["service_requests"]} == {"eleni@example.org"}


def test_an_admin_adds_a_category_and_citizens_may_report_in_it(api, desk):
    status, category = call(
        api,
        "put",
        "/v1/staff/categories/stray-animals",
        desk["admin"],
        {"name": "Stray animals", "department": "parks", "due_hours": 48},
    )
    filed = report(api, desk["eleni"], category="stray-animals")

    assert status == 200
    assert category["code"] == "stray-animals"
    assert (filed["department"], filed["category"]) == ("parks", "stray-animals")
    unknown = call(
        api,
        "post",
        "/v1/citizen/service-requests",
        desk["eleni"],
        {"category": "dragons", "location": WATERFRONT, "description": "A dragon."},
    )
    assert unknown[0] == 400
    assert unknown[1]["errors"][0]["field"] == "category"


def _multipart(
    fields: dict[str, str], file_name: str, content: bytes, content_type: str
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_the_reporter_uploads_a_photo_with_a_signed_form_and_staff_see_it(api, desk):
    reference = report(api, desk["eleni"])["reference"]
    photo = b"\xff\xd8\xff\xe0" + b"\x00" * 2000

    status, form = call(
        api,
        "post",
        f"/v1/citizen/service-requests/{reference}/photos",
        desk["eleni"],
        {"content_type": "image/jpeg", "size_bytes": len(photo)},
    )
    body, content_type = _multipart(form["fields"], "bin.jpg", photo, "image/jpeg")
    upload = urllib.request.Request(form["url"], data=body, headers={"Content-Type": content_type})
    with urllib.request.urlopen(upload) as uploaded:
        assert uploaded.status in (200, 204)

    assert status == 201
    assert form["key"].startswith(f"chalkida/{reference}/")
    assert form["key"].endswith(".jpg")
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", 1, len(photo)] in policy["conditions"]
    staff = call(api, "get", f"/v1/staff/service-requests/{reference}", desk["cleaning"])[1]
    own = call(api, "get", f"/v1/citizen/service-requests/{reference}", desk["eleni"])[1]
    other = call(api, "get", f"/v1/citizen/service-requests/{reference}", desk["nikos"])[1]
    assert [p["size_bytes"] for p in staff["photos"]] == [len(photo)]
    with urllib.request.urlopen(own["photos"][0]["url"]) as shown:
        assert shown.read() == photo
    assert other["photos"] == []


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        ({"content_type": "image/gif", "size_bytes": 100}, "content_type"),
        ({"content_type": "image/png", "size_bytes": 11 * 1024 * 1024}, "size_bytes"),
        ({"content_type": "image/png", "size_bytes": 0}, "size_bytes"),
    ],
)
def test_a_photo_of_another_type_or_too_large_is_refused(api, desk, upload, field):
    reference = report(api, desk["eleni"])["reference"]

    status, answer = call(
        api, "post", f"/v1/citizen/service-requests/{reference}/photos", desk["eleni"], upload
    )

    assert status == 400
    assert [e["field"] for e in answer["errors"]] == [field]
