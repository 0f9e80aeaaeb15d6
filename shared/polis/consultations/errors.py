"""What can go wrong with a consultation, as the API and the workflow tell it."""

from __future__ import annotations

from polis.errors import Conflict, Forbidden, NotFound, Refused


class ConsultationNotFound(NotFound):
    """Nothing of the kind for this caller to see: a consultation, its results, a text."""


class ConsultationConflict(Conflict):
    """The request does not fit the consultation's current state (answered already, closed...)."""


class ConsultationRefused(Refused):
    """The request is understood and allowed, but cannot be carried out as asked."""


class NotEligible(Forbidden):
    """The citizen is not in the consultation's audience; ``reasons`` says why, one line each."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("you are not in this consultation's audience", reasons=reasons)


class ConsultationCancelled(Conflict):
    """A task found its consultation cancelled meanwhile.

    Step Functions catches a Lambda error by the exception's class name, so this name is also the
    error the state machine's Catch lists.
    """
