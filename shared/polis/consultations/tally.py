"""Results: aggregates only, and never of fewer than ``min_group_size`` participants.

Below the minimum, a count would let someone who knows who took part infer how they answered.
So: with fewer participants than the minimum in all, only their number is published; in a
breakdown by audience group (age band, gender, district), groups below the minimum are pooled
into one ``other-groups`` group and not named. If that pool is itself below the minimum, the next
smallest group joins it: otherwise the pool's answers would follow from the total minus the
published groups.

Every question but free text is required, so within a group every question counts the same
participants. Free-text answers are counted here and published only after moderation
(``Text``); they are never broken down by group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, Field

from polis.consultations.eligibility import AudienceGroup
from polis.consultations.questions import (
    LIKERT_POINTS,
    Answer,
    FreeText,
    Likert,
    MultipleChoice,
    Question,
    Ranking,
    SingleChoice,
)

Dimension = Literal["age_band", "gender", "district"]
DIMENSIONS: tuple[Dimension, ...] = ("age_band", "gender", "district")
NOT_STATED = "not-stated"
POOLED = "other-groups"


class ChoiceResult(BaseModel):
    kind: Literal["single-choice", "multiple-choice"]
    question_id: str
    answered: int
    counts: dict[str, int] = Field(description="option id -> participants who chose it")


class RankingResult(BaseModel):
    kind: Literal["ranking"] = "ranking"
    question_id: str
    answered: int
    mean_rank: dict[str, float] = Field(description="option id -> its average place, 1 is first")
    first_choices: dict[str, int]


class LikertResult(BaseModel):
    kind: Literal["likert"] = "likert"
    question_id: str
    answered: int
    distribution: dict[str, int] = Field(description="'1'..'5' -> participants")
    mean: float | None


class FreeTextResult(BaseModel):
    kind: Literal["free-text"] = "free-text"
    question_id: str
    answered: int
    published: list[str] = Field(default_factory=list, description="moderated answers, without authors")


QuestionResult = Annotated[
    ChoiceResult | RankingResult | LikertResult | FreeTextResult, Field(discriminator="kind")
]


class GroupResult(BaseModel):
    group: str
    participants: int
    questions: list[QuestionResult]


class Breakdown(BaseModel):
    dimension: Dimension
    groups: list[GroupResult]


class Results(BaseModel):
    participants: int
    min_group_size: int
    suppressed: bool = Field(description="too few participants: only their number is published")
    questions: list[QuestionResult] = Field(default_factory=list)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    tallied_at: datetime


class Counted(Protocol):
    """A response as the tally sees it: its answers and its audience group, nothing of its author."""

    @property
    def answers(self) -> Mapping[str, Answer]: ...

    @property
    def group(self) -> AudienceGroup: ...


def _question_result(question: Question, answers: list[Answer]) -> QuestionResult:
    if isinstance(question, SingleChoice | MultipleChoice):
        counts = dict.fromkeys(question.option_ids, 0)
        for answer in answers:
            for option in answer if isinstance(answer, list) else (answer,):
                counts[str(option)] += 1
        return ChoiceResult(
            kind=question.kind, question_id=question.question_id, answered=len(answers), counts=counts
        )
    if isinstance(question, Ranking):
        places: dict[str, list[int]] = {option: [] for option in question.option_ids}
        firsts = dict.fromkeys(question.option_ids, 0)
        for answer in answers:
            assert isinstance(answer, list)
            for place, option in enumerate(answer, start=1):
                places[option].append(place)
            firsts[answer[0]] += 1
        return RankingResult(
            question_id=question.question_id,
            answered=len(answers),
            mean_rank={o: round(sum(p) / len(p), 2) for o, p in places.items() if p},
            first_choices=firsts,
        )
    if isinstance(question, Likert):
        ratings = [int(a) for a in answers if isinstance(a, int)]
        return LikertResult(
            question_id=question.question_id,
            answered=len(ratings),
            distribution={str(point): ratings.count(point) for point in LIKERT_POINTS},
            mean=round(sum(ratings) / len(ratings), 2) if ratings else None,
        )
    assert isinstance(question, FreeText)
    return FreeTextResult(question_id=question.question_id, answered=len(answers))


def _question_results(
    questions: Sequence[Question], responses: Sequence[Counted], *, free_text: bool
) -> list[QuestionResult]:
    return [
        _question_result(q, [r.answers[q.question_id] for r in responses if q.question_id in r.answers])
        for q in questions
        if free_text or not isinstance(q, FreeText)
    ]


def pooled_groups(sizes: Mapping[str, int], min_group_size: int) -> set[str]:
    """The groups to pool: those below the minimum, and more while the pool is below it too."""
    pooled = {group for group, size in sizes.items() if size < min_group_size}
    while pooled and sum(sizes[g] for g in pooled) < min_group_size:
        rest = [g for g in sizes if g not in pooled]
        if not rest:
            break
        pooled.add(min(rest, key=lambda g: (sizes[g], g)))
    return pooled


def _breakdown(
    dimension: Dimension, questions: Sequence[Question], responses: Sequence[Counted], min_group_size: int
) -> Breakdown:
    members: dict[str, list[Counted]] = {}
    for response in responses:
        members.setdefault(getattr(response.group, dimension) or NOT_STATED, []).append(response)
    pooled = pooled_groups({g: len(m) for g, m in members.items()}, min_group_size)
    groups = [
        GroupResult(group=g, participants=len(m), questions=_question_results(questions, m, free_text=False))
        for g, m in sorted(members.items())
        if g not in pooled
    ]
    pool = [r for g in pooled for r in members[g]]
    if pool:
        groups.append(
            GroupResult(
                group=POOLED,
                participants=len(pool),
                questions=_question_results(questions, pool, free_text=False),
            )
        )
    return Breakdown(dimension=dimension, groups=groups)


def tally(
    questions: Sequence[Question], responses: Sequence[Counted], min_group_size: int, now: datetime
) -> Results:
    if len(responses) < min_group_size:
        return Results(
            participants=len(responses), min_group_size=min_group_size, suppressed=True, tallied_at=now
        )
    return Results(
        participants=len(responses),
        min_group_size=min_group_size,
        suppressed=False,
        questions=_question_results(questions, responses, free_text=True),
        breakdowns=[_breakdown(d, questions, responses, min_group_size) for d in DIMENSIONS],
        tallied_at=now,
    )


def with_published_texts(results: Results, texts: Mapping[str, list[str]]) -> Results:
    """The results with the free-text answers moderators published so far (question id -> texts)."""
    if results.suppressed:
        return results
    questions: list[QuestionResult] = [
        q.model_copy(update={"published": texts.get(q.question_id, [])})
        if isinstance(q, FreeTextResult)
        else q
        for q in results.questions
    ]
    return results.model_copy(update={"questions": questions})
