"""A consultation's statuses and the moves between them.

::

    draft, rejected --submit--> pending-approval --approve--> scheduled
                                                 --reject---> rejected (edit, submit again)
    draft, rejected --submit a poll--> scheduled (an indicator round starts here too)
    scheduled --opens_at--> open --closes_at--> closed --tally--> results-published
    results-published --results period--> archived (responses erased, results kept)
    draft, rejected, pending-approval, scheduled, open --cancel--> cancelled

Until it closes, a consultation can be cancelled; after that its results are owed to those who
took part. The workflow (``tasks``) makes every move after submission, each a conditional write,
so a move that finds the consultation cancelled meanwhile stops there.
"""

from __future__ import annotations

from typing import Literal

Status = Literal[
    "draft",
    "pending-approval",
    "rejected",
    "scheduled",
    "open",
    "closed",
    "results-published",
    "archived",
    "cancelled",
]

EDITABLE: frozenset[Status] = frozenset({"draft", "rejected"})
PUBLIC: frozenset[Status] = frozenset({"scheduled", "open", "closed", "results-published", "archived"})
"""Announced: its content is open data, and staff can no longer change it."""
RESULTS_PUBLIC: frozenset[Status] = frozenset({"results-published", "archived"})
COUNTING: frozenset[Status] = frozenset({"open", "closed", "results-published"})
"""Responses are kept (archiving erases them): live counts can be taken."""

TRANSITIONS: dict[Status, frozenset[Status]] = {
    "draft": frozenset({"pending-approval", "scheduled", "cancelled"}),
    "rejected": frozenset({"pending-approval", "scheduled", "cancelled"}),
    "pending-approval": frozenset({"scheduled", "rejected", "cancelled"}),
    "scheduled": frozenset({"open", "cancelled"}),
    "open": frozenset({"closed", "cancelled"}),
    "closed": frozenset({"results-published"}),
    "results-published": frozenset({"archived"}),
    "archived": frozenset(),
    "cancelled": frozenset(),
}


def sources(to: Status) -> frozenset[Status]:
    """The statuses a consultation may be in to move to ``to``."""
    return frozenset(status for status, targets in TRANSITIONS.items() if to in targets)


CANCELLABLE = sources("cancelled")
