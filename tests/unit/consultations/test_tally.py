"""Results match the responses, and no published aggregate counts fewer than the minimum."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime

import pytest

from polis.consultations.eligibility import AudienceGroup
from polis.consultations.tally import (
    NOT_STATED,
    POOLED,
    ChoiceResult,
    FreeTextResult,
    LikertResult,
    RankingResult,
    pooled_groups,
    tally,
    with_published_texts,
)
from tests.unit.consultations.builders import QUESTIONS, Counted

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
DISTRICTS = ("chalkida-centre", "agios-stefanos", "vatonta", "kanithos", "nea-lampsakos")


def generated_responses(count: int, seed: int) -> list[Counted]:
    rng = random.Random(seed)
    responses = []
    for _ in range(count):
        answers = {
            "square": rng.choice(["park", "market", "parking"]),
            "priorities": rng.sample(["lighting", "benches", "trees", "wifi"], rng.randint(1, 2)),
            "ranking": rng.sample(["plan-a", "plan-b", "plan-c"], 3),
            "satisfied": rng.randint(1, 5),
        }
        if rng.random() < 0.3:
            answers["comment"] = "more shade"
        # District weights leave a few districts small, so some groups fall below the minimum.
        group = AudienceGroup(
            age_band=rng.choice(["18-24", "25-34", "35-44", "45-54", "55-64", "65-plus", None]),
            gender=rng.choice(["woman", "man", "another", None]),
            district=rng.choices((*DISTRICTS, None), weights=(40, 30, 15, 3, 2, 10))[0],
        )
        responses.append(Counted(answers=answers, group=group))
    return responses


def expected_question_results(responses: list[Counted]) -> dict[str, dict]:
    """The same aggregates, counted independently of the tally's code."""
    ratings = [r.answers["satisfied"] for r in responses]
    places = {
        o: [r.answers["ranking"].index(o) + 1 for r in responses] for o in ("plan-a", "plan-b", "plan-c")
    }
    return {
        "square": {"park": 0, "market": 0, "parking": 0} | Counter(r.answers["square"] for r in responses),
        "priorities": {"lighting": 0, "benches": 0, "trees": 0, "wifi": 0}
        | Counter(o for r in responses for o in r.answers["priorities"]),
        "ranking": {o: round(sum(p) / len(p), 2) for o, p in places.items()},
        "firsts": {"plan-a": 0, "plan-b": 0, "plan-c": 0}
        | Counter(r.answers["ranking"][0] for r in responses),
        "distribution": {str(p): ratings.count(p) for p in range(1, 6)},
        "mean": round(sum(ratings) / len(ratings), 2),
        "comments": sum("comment" in r.answers for r in responses),
    }


def _assert_matches(question_results: list, responses: list[Counted]) -> None:
    expected = expected_question_results(responses)
    by_id = {q.question_id: q for q in question_results}
    assert isinstance(by_id["square"], ChoiceResult)
    assert by_id["square"].counts == expected["square"]
    assert by_id["priorities"].counts == expected["priorities"]
    assert isinstance(by_id["ranking"], RankingResult)
    assert by_id["ranking"].mean_rank == expected["ranking"]
    assert by_id["ranking"].first_choices == expected["firsts"]
    assert isinstance(by_id["satisfied"], LikertResult)
    assert (by_id["satisfied"].distribution, by_id["satisfied"].mean) == (
        expected["distribution"],
        expected["mean"],
    )
    assert all(q.answered == len(responses) for q in question_results if not isinstance(q, FreeTextResult))


def test_results_match_a_generated_set_of_responses():
    responses = generated_responses(400, seed=7)

    results = tally(QUESTIONS, responses, min_group_size=10, now=NOW)

    assert (results.participants, results.suppressed) == (400, False)
    _assert_matches(results.questions, responses)
    comment = next(q for q in results.questions if q.question_id == "comment")
    assert comment.answered == expected_question_results(responses)["comments"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_every_published_group_matches_its_members_and_counts_at_least_the_minimum(seed):
    responses = generated_responses(150, seed=seed)

    results = tally(QUESTIONS, responses, min_group_size=10, now=NOW)

    for breakdown in results.breakdowns:
        assert sum(g.participants for g in breakdown.groups) == 150
        for group in breakdown.groups:
            assert group.participants >= 10
            if group.group == POOLED:
                continue
            members = [
                r for r in responses if (getattr(r.group, breakdown.dimension) or NOT_STATED) == group.group
            ]
            _assert_matches(group.questions, members)
            assert not any(isinstance(q, FreeTextResult) for q in group.questions)


def test_small_groups_are_pooled_and_not_named():
    responses = generated_responses(200, seed=11)
    sizes = Counter(r.group.district or NOT_STATED for r in responses)
    small = {d for d, n in sizes.items() if n < 10}
    assert small, "the generated data should have small districts"

    districts = next(b for b in tally(QUESTIONS, responses, 10, NOW).breakdowns if b.dimension == "district")

    named = {g.group for g in districts.groups}
    assert not small & named
    pool = next(g for g in districts.groups if g.group == POOLED)
    assert pool.participants >= 10


def test_a_pool_below_the_minimum_takes_in_the_next_smallest_group():
    # Alone, vatonta's 4 could be told from the total minus the two published districts.
    assert pooled_groups({"centre": 30, "agios-stefanos": 12, "vatonta": 4}, 10) == {
        "agios-stefanos",
        "vatonta",
    }
    assert pooled_groups({"centre": 30, "agios-stefanos": 12}, 10) == set()
    assert pooled_groups({"centre": 30, "vatonta": 6, "kanithos": 5}, 10) == {"vatonta", "kanithos"}
    assert pooled_groups({"a": 4, "b": 3}, 10) == {"a", "b"}


def test_below_the_minimum_only_the_number_of_participants_is_published():
    results = tally(QUESTIONS, generated_responses(9, seed=3), min_group_size=10, now=NOW)

    assert (results.participants, results.suppressed, results.questions, results.breakdowns) == (
        9,
        True,
        [],
        [],
    )


def test_moderated_texts_join_the_results_unless_they_are_suppressed():
    published = {"comment": ["More shade, please."]}
    results = tally(QUESTIONS, generated_responses(20, seed=5), min_group_size=10, now=NOW)

    shown = with_published_texts(results, published)

    assert next(q for q in shown.questions if q.question_id == "comment").published == ["More shade, please."]
    hidden = with_published_texts(tally(QUESTIONS, generated_responses(3, seed=5), 10, NOW), published)
    assert hidden.questions == []
