"""Answers are checked against their questions, every problem reported with its question."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from polis.consultations.questions import SingleChoice, parse_answers
from tests.unit.consultations.builders import QUESTIONS, options

VALID = {
    "square": "park",
    "priorities": ["trees", "benches"],
    "ranking": ["plan-b", "plan-a", "plan-c"],
    "satisfied": 4,
    "comment": "  More shade, please.  ",
}


def _problems(given: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        parse_answers(QUESTIONS, given)
    return {error["loc"][1]: error["msg"] for error in raised.value.errors()}


def test_valid_answers_are_kept_as_given_and_free_text_trimmed():
    assert parse_answers(QUESTIONS, VALID) == VALID | {"comment": "More shade, please."}


def test_free_text_may_be_left_out_or_blank():
    assert "comment" not in parse_answers(QUESTIONS, VALID | {"comment": "   "})
    assert "comment" not in parse_answers(QUESTIONS, {k: v for k, v in VALID.items() if k != "comment"})


@pytest.mark.parametrize(
    ("question_id", "answer", "problem"),
    [
        ("square", "zoo", "expected one of park, market, parking"),
        ("square", ["park"], "expected one of"),
        ("priorities", ["trees", "benches", "wifi"], "at most 2"),
        ("priorities", [], "at least one"),
        ("priorities", ["trees", "trees"], "given twice"),
        ("priorities", ["roses"], "no such option: roses"),
        ("ranking", ["plan-a", "plan-b"], "rank every option"),
        ("satisfied", 6, "from 1 to 5"),
        ("satisfied", True, "from 1 to 5"),
        ("satisfied", "4", "from 1 to 5"),
        ("comment", "x" * 51, "at most 50 characters"),
    ],
)
def test_a_wrong_answer_names_its_question_and_the_problem(question_id, answer, problem):
    assert problem in _problems(VALID | {question_id: answer})[question_id]


def test_every_problem_is_reported_at_once_including_missing_and_unknown_questions():
    given = {k: v for k, v in VALID.items() if k not in ("square", "satisfied")} | {"colour": "red"}

    assert _problems(given) == {
        "colour": "no such question",
        "square": "an answer is required",
        "satisfied": "an answer is required",
    }


def test_a_question_needs_distinct_options():
    with pytest.raises(ValidationError, match="option ids must be distinct"):
        SingleChoice(question_id="q", text="?", options=options("a", "a"))
