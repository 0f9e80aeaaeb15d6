"""The digital strategy's indicators, asked of citizens in recurring rounds and reported over time.

Chalkida's digital strategy evaluates itself by five indicators rated on a Likert scale. Each
round is a consultation of its own (kind ``indicators``) that every citizen of the municipality
may answer; it needs no approval, its questionnaire being the strategy's. A schedule starts a
round in every municipality served; a round's id is its date, so a schedule that fires twice
starts it once.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from polis.consultations.lifecycle import RESULTS_PUBLIC
from polis.consultations.model import Consultation, Content
from polis.consultations.questions import Likert
from polis.consultations.settings import consultation_settings
from polis.consultations.store import consultations as consultation_store
from polis.consultations.store.consultations import INDICATOR_ROUND_PREFIX
from polis.consultations.tally import LikertResult
from polis.consultations.workflow import start_lifecycle
from polis.municipality import Municipality
from polis.store.municipalities import list_municipalities

ROUND_AUTHOR = "indicator-schedule"


class Indicator(BaseModel):
    indicator_id: str
    label: str
    statement: str
    """What citizens rate, from strongly disagree to strongly agree."""


INDICATORS = (
    Indicator(
        indicator_id="online-services",
        label="Online services",
        statement="I can do what I need from the municipality online.",
    ),
    Indicator(
        indicator_id="service-quality-open-data",
        label="Quality of services and open data",
        statement="The municipality's digital services and the data it opens are of good quality.",
    ),
    Indicator(
        indicator_id="interoperability",
        label="Interoperability",
        statement="The municipality's services work together: I do not give the same information twice.",
    ),
    Indicator(
        indicator_id="ease-of-use",
        label="Ease of use",
        statement="The municipality's digital services are easy to use.",
    ),
    Indicator(
        indicator_id="attractive-environment",
        label="An attractive environment for living and working",
        statement="The municipality is an attractive place to live and work.",
    ),
)


def round_content(municipality: Municipality, opens_at: datetime) -> Content:
    return Content(
        kind="indicators",
        title=f"{municipality.name}: how is the digital strategy doing? ({opens_at:%B %Y})",
        description=(
            "Five statements about the municipality's digital services and about living here. "
            "Your ratings measure the strategy's indicators; each round's results are published, "
            "and compared with the rounds before."
        ),
        questions=tuple(Likert(question_id=i.indicator_id, text=i.statement) for i in INDICATORS),
        opens_at=opens_at,
        closes_at=opens_at + consultation_settings().indicator_round_period,
    )


def start_rounds(now: datetime) -> list[str]:
    """A round in every municipality served; the ids of the rounds started now."""
    started = []
    round_id = f"{INDICATOR_ROUND_PREFIX}{now:%Y%m%d}"
    for municipality in list_municipalities():
        consultation = Consultation(
            consultation_id=round_id,
            municipality=municipality.municipality_id,
            content=round_content(municipality, now),
            status="scheduled",
            created_by=ROUND_AUTHOR,
            created_at=now,
            updated_at=now,
            submissions=1,
        )
        if consultation_store.create(consultation):
            start_lifecycle(consultation, consultation.submissions)
            started.append(f"{municipality.municipality_id}/{round_id}")
    return started


class IndicatorPoint(BaseModel):
    round_id: str
    closes_at: datetime
    participants: int
    suppressed: bool
    mean: float | None = None
    distribution: dict[str, int] | None = None


class IndicatorSeries(BaseModel):
    indicator_id: str
    label: str
    statement: str
    points: list[IndicatorPoint]


def _point(round_: Consultation, indicator_id: str) -> IndicatorPoint:
    assert round_.results is not None
    results = round_.results
    rated = next(
        (q for q in results.questions if isinstance(q, LikertResult) and q.question_id == indicator_id), None
    )
    return IndicatorPoint(
        round_id=round_.consultation_id,
        closes_at=round_.content.closes_at,
        participants=results.participants,
        suppressed=results.suppressed,
        mean=rated.mean if rated else None,
        distribution=rated.distribution if rated else None,
    )


def indicator_series(municipality: str) -> list[IndicatorSeries]:
    """Each indicator over the rounds whose results are published, oldest first."""
    rounds = [
        r
        for r in consultation_store.list_indicator_rounds(municipality)
        if r.status in RESULTS_PUBLIC and r.results is not None
    ]
    return [
        IndicatorSeries(
            indicator_id=i.indicator_id,
            label=i.label,
            statement=i.statement,
            points=[_point(r, i.indicator_id) for r in rounds],
        )
        for i in INDICATORS
    ]
