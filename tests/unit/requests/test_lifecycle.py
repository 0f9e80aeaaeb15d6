"""The lifecycle's rules: which status may follow which, and what assignment, merging, escalation and
rating may do."""

from __future__ import annotations

from datetime import timedelta
from itertools import product
from typing import get_args

import pytest

from polis.requests import lifecycle
from polis.requests.errors import ServiceRequestConflict
from polis.requests.models import OPEN_STATUSES, Rating, Status
from tests.unit.requests.builders import SUBMITTED_AT, a_request

LATER = SUBMITTED_AT + timedelta(hours=2)
STATUSES: tuple[Status, ...] = get_args(Status)
CHANGEABLE = ("acknowledged", "in-progress", "resolved", "rejected")


def _in(status: Status):
    return a_request(status=status)


def test_the_transitions_are_the_documented_ones():
    assert {
        "submitted": {"acknowledged", "assigned", "rejected", "merged"},
        "acknowledged": {"assigned", "rejected", "merged"},
        "assigned": {"in-progress", "rejected", "merged"},
        "in-progress": {"resolved", "rejected", "merged"},
        "resolved": set(),
        "rejected": set(),
        "merged": set(),
    } == lifecycle.TRANSITIONS
    assert set(lifecycle.TRANSITIONS) == set(STATUSES)
    closed = set(STATUSES) - OPEN_STATUSES
    assert all(not lifecycle.allowed_next(status) for status in closed)


@pytest.mark.parametrize(("start", "to"), list(product(STATUSES, CHANGEABLE)))
def test_a_status_change_is_allowed_exactly_when_the_table_says(start, to):
    request = _in(start)
    if to in lifecycle.TRANSITIONS[start]:
        changed = lifecycle.change_status(request, to, by="maria", at=LATER, note="why")
        assert (changed.status, changed.updated_at, changed.timeline[-1].status) == (to, LATER, to)
        assert (changed.closed_at is None) == (to in OPEN_STATUSES)
    else:
        with pytest.raises(ServiceRequestConflict):
            lifecycle.change_status(request, to, by="maria", at=LATER, note="why")


def test_assigned_and_merged_are_reached_only_by_their_own_actions():
    for to in ("assigned", "merged"):
        with pytest.raises(ServiceRequestConflict, match="its own action"):
            lifecycle.change_status(a_request(), to, by="maria", at=LATER)


def test_a_rejection_needs_a_reason_which_becomes_the_public_note():
    with pytest.raises(ServiceRequestConflict, match="reason"):
        lifecycle.change_status(a_request(), "rejected", by="maria", at=LATER)

    rejected = lifecycle.change_status(a_request(), "rejected", by="maria", at=LATER, note="Private land.")

    assert (rejected.status, rejected.status_note, rejected.closed_at) == ("rejected", "Private land.", LATER)


def test_assignment_moves_an_unassigned_request_and_hands_over_an_assigned_one():
    assigned = lifecycle.assign(a_request(), "kostas", by="maria", at=LATER)
    started = lifecycle.change_status(assigned, "in-progress", by="kostas", at=LATER)
    handed_over = lifecycle.assign(started, "nikos", by="maria", at=LATER)

    assert (assigned.status, assigned.assignee) == ("assigned", "kostas")
    assert assigned.status_note is None  # the timeline names staff; the public note does not
    assert assigned.timeline[-1].note == "assigned to kostas"
    assert (handed_over.status, handed_over.assignee) == ("in-progress", "nikos")
    with pytest.raises(ServiceRequestConflict):
        lifecycle.assign(_in("resolved"), "kostas", by="maria", at=LATER)


def test_merging_closes_the_duplicate_and_the_other_carries_it_and_its_own_duplicates():
    target = a_request(1)
    earlier = a_request(3, status="merged", merged_into="CHK-2026-000002")
    duplicate = a_request(2, duplicates=(earlier.reference,))

    merged, carrying = lifecycle.merge(duplicate, target, by="maria", at=LATER)

    assert (merged.status, merged.merged_into, merged.duplicates) == ("merged", target.reference, ())
    assert merged.status_note == f"merged into {target.reference}"
    assert carrying.duplicates == (duplicate.reference, earlier.reference)
    assert carrying.status == "submitted"


@pytest.mark.parametrize(
    ("duplicate", "target", "why"),
    [
        (a_request(1), a_request(1), "itself"),
        (a_request(1), a_request(2, status="resolved"), "open request"),
        (a_request(1, status="rejected"), a_request(2), "closed"),
    ],
)
def test_merging_is_refused_into_itself_into_a_closed_one_or_from_a_closed_one(duplicate, target, why):
    with pytest.raises(ServiceRequestConflict, match=why):
        lifecycle.merge(duplicate, target, by="maria", at=LATER)


def test_an_overdue_request_is_escalated_once_keeping_its_status():
    overdue_at = SUBMITTED_AT + timedelta(hours=25)

    escalated = lifecycle.escalate(a_request(), overdue_at)

    assert (escalated.status, escalated.escalated_at) == ("submitted", overdue_at)
    assert escalated.timeline[-1].by == "escalation"
    with pytest.raises(ServiceRequestConflict, match="already"):
        lifecycle.escalate(escalated, overdue_at)
    with pytest.raises(ServiceRequestConflict, match="not overdue"):
        lifecycle.escalate(a_request(), LATER)
    assert not _in("resolved").overdue(overdue_at)


def test_only_a_resolved_request_is_rated_and_only_once():
    rating = Rating(stars=4, comment="Quick.")

    rated = lifecycle.rate(_in("resolved"), rating, LATER)

    assert rated.rating == rating
    with pytest.raises(ServiceRequestConflict, match="already"):
        lifecycle.rate(rated, rating, LATER)
    for status in set(STATUSES) - {"resolved"}:
        with pytest.raises(ServiceRequestConflict, match="only a resolved one"):
            lifecycle.rate(_in(status), rating, LATER)
