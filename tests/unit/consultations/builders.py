"""Questions and responses for the consultation tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from polis.consultations.eligibility import AudienceGroup
from polis.consultations.questions import (
    FreeText,
    Likert,
    MultipleChoice,
    Option,
    Ranking,
    SingleChoice,
)


def options(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(option_id=i, label=i.title()) for i in ids)


SQUARE = SingleChoice(
    question_id="square", text="What should the square become?", options=options("park", "market", "parking")
)
PRIORITIES = MultipleChoice(
    question_id="priorities",
    text="Your priorities?",
    options=options("lighting", "benches", "trees", "wifi"),
    max_choices=2,
)
RANKING = Ranking(question_id="ranking", text="Rank the plans", options=options("plan-a", "plan-b", "plan-c"))
SATISFIED = Likert(question_id="satisfied", text="I am satisfied with the square today.")
COMMENT = FreeText(question_id="comment", text="Anything else?", max_length=50)
QUESTIONS = (SQUARE, PRIORITIES, RANKING, SATISFIED, COMMENT)


@dataclass(frozen=True)
class Counted:
    answers: dict = field(default_factory=dict)
    group: AudienceGroup = field(default_factory=AudienceGroup)
