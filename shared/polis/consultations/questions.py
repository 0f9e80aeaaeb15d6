"""The questions a consultation asks, and the answers each one accepts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
"""A question's or an option's id: short, stable, safe in keys and URLs."""

Answer = int | str | list[str]
"""An option id (single choice), option ids (multiple choice, ranking), 1-5 (Likert), or text."""

LIKERT_POINTS = (1, 2, 3, 4, 5)


class Option(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    option_id: Slug
    label: str = Field(min_length=1, max_length=200)


class _Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    question_id: Slug
    text: str = Field(min_length=1, max_length=500)


class _WithOptions(_Question):
    options: tuple[Option, ...] = Field(min_length=2, max_length=20)

    @model_validator(mode="after")
    def _distinct_options(self) -> _WithOptions:
        ids = [o.option_id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be distinct")
        return self

    @property
    def option_ids(self) -> list[str]:
        return [o.option_id for o in self.options]

    def _option_list(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("expected a list of option ids")
        unknown = [v for v in value if v not in self.option_ids]
        if unknown:
            raise ValueError(f"no such option: {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("an option is given twice")
        return value


class SingleChoice(_WithOptions):
    kind: Literal["single-choice"] = "single-choice"

    def check(self, value: Any) -> Answer:
        if not isinstance(value, str) or value not in self.option_ids:
            raise ValueError(f"expected one of {', '.join(self.option_ids)}")
        return value


class MultipleChoice(_WithOptions):
    kind: Literal["multiple-choice"] = "multiple-choice"
    max_choices: int | None = Field(default=None, ge=1)

    def check(self, value: Any) -> Answer:
        chosen = self._option_list(value)
        if not chosen:
            raise ValueError("choose at least one option")
        if self.max_choices is not None and len(chosen) > self.max_choices:
            raise ValueError(f"choose at most {self.max_choices} options")
        return chosen


class Ranking(_WithOptions):
    kind: Literal["ranking"] = "ranking"

    def check(self, value: Any) -> Answer:
        ranked = self._option_list(value)
        if len(ranked) != len(self.options):
            raise ValueError("rank every option, most preferred first")
        return ranked


class Likert(_Question):
    """A statement rated from 1 (strongly disagree) to 5 (strongly agree)."""

    kind: Literal["likert"] = "likert"
    low_label: str = Field(default="strongly disagree", max_length=60)
    high_label: str = Field(default="strongly agree", max_length=60)

    def check(self, value: Any) -> Answer:
        # bool is an int to Python; true is not a rating.
        if isinstance(value, bool) or not isinstance(value, int) or value not in LIKERT_POINTS:
            raise ValueError("expected a whole number from 1 to 5")
        return value


class FreeText(_Question):
    """The one kind of answer a citizen may leave out; published only once moderated."""

    kind: Literal["free-text"] = "free-text"
    max_length: int = Field(default=1000, ge=1, le=4000)

    def check(self, value: Any) -> Answer:
        if not isinstance(value, str):
            raise ValueError("expected text")
        text = value.strip()
        if len(text) > self.max_length:
            raise ValueError(f"at most {self.max_length} characters")
        return text


# Each kind's check(value) returns the answer as stored, or raises ValueError saying what is wrong.
Question = Annotated[SingleChoice | MultipleChoice | Ranking | Likert | FreeText, Field(discriminator="kind")]


def parse_answers(questions: tuple[Question, ...], given: Mapping[str, Any]) -> dict[str, Answer]:
    """Every answer checked against its question; every problem reported at once, per question.

    Free text may be left out (or blank); every other question must be answered, so that a
    group's results always count the same people for every question.
    """
    by_id = {q.question_id: q for q in questions}
    problems: list[InitErrorDetails] = []
    answers: dict[str, Answer] = {}

    def problem(question_id: str, message: str, value: Any) -> None:
        problems.append(
            {
                "type": PydanticCustomError("answer", message),
                "loc": ("answers", question_id),
                "input": value,
            }
        )

    for question_id, value in given.items():
        if question_id not in by_id:
            problem(question_id, "no such question", value)
    for question in questions:
        value = given.get(question.question_id)
        if isinstance(question, FreeText) and (
            value is None or (isinstance(value, str) and not value.strip())
        ):
            continue
        if value is None:
            problem(question.question_id, "an answer is required", value)
            continue
        try:
            answers[question.question_id] = question.check(value)
        except ValueError as error:
            problem(question.question_id, str(error), value)
    if problems:
        raise ValidationError.from_exception_data("answers", problems)
    return answers
