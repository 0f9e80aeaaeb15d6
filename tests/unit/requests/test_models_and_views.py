"""What callers may send, and what each audience is shown of a request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from polis.requests import lifecycle
from polis.requests.models import Lookup, Reporter, StatusUpdate
from polis.requests.open311 import Open311Query, Open311Report
from polis.requests.views import private_view, public_view, staff_view
from tests.unit.requests.builders import SUBMITTED_AT, a_request

LATER = SUBMITTED_AT + timedelta(hours=1)


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in error.value.errors()]


def test_a_rejection_without_a_note_names_the_note():
    with pytest.raises(ValidationError) as error:
        StatusUpdate(status="rejected")

    assert _fields(error) == ["note"]
    assert StatusUpdate(status="acknowledged").note is None


def test_a_lookup_needs_the_phone_or_the_last_name():
    with pytest.raises(ValidationError, match="phone or last name"):
        Lookup(reference="CHK-2026-000001")


def test_a_reporter_without_address_or_phone_is_not_notified_and_one_without_account_by_reference():
    assert Reporter(subject="sub-1").recipient("CHK-2026-000001") is None
    caller = Reporter(first_name="Maria", last_name="P", phone="+302221012345").recipient("CHK-2026-000001")
    assert caller is not None
    assert (caller.user_id, caller.channels) == ("CHK-2026-000001", ["sms"])


def test_the_public_sees_no_reporter_and_the_reporter_no_staff_names():
    request = lifecycle.assign(a_request(), "kostas", by="maria", at=LATER)
    request = lifecycle.change_status(request, "in-progress", by="kostas", at=LATER)
    request = lifecycle.assign(request, "nikos", by="maria", at=LATER)

    public = public_view(request).model_dump()
    private = private_view(request).model_dump()
    staff = staff_view(request, LATER).model_dump()

    assert "reporter" not in public
    assert "eleni" not in str(public)
    assert [s["status"] for s in private["steps"]] == ["submitted", "assigned", "in-progress"]
    assert not {"kostas", "nikos", "maria"} & set(str(private).replace("'", " ").split())
    assert staff["assignee"] == "nikos"
    assert staff["next_statuses"] == ["merged", "rejected", "resolved"]


def test_an_open311_form_takes_strings_drops_blanks_and_ignores_what_polis_does_not_use():
    report = Open311Report.model_validate(
        {
            "service_code": "pothole",
            "lat": "38.46",
            "long": "23.59",
            "email": "",
            "media_url": "http://x",
            "x": "1",
        }
    )

    assert (report.draft().location.latitude, report.email) == (38.46, None)


def test_open311_filters_are_comma_separated_and_dates_ordered():
    query = Open311Query.model_validate({"service_code": "pothole,graffiti", "status": "open"})

    assert (query.service_code, query.status) == (["pothole", "graffiti"], ["open"])
    with pytest.raises(ValidationError, match="after end_date"):
        Open311Query.model_validate(
            {"start_date": "2026-03-02T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"}
        )
    with pytest.raises(ValidationError):
        Open311Query.model_validate({"start_date": "2026-03-02"})  # the spec's dates carry a time zone
