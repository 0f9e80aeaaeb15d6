"""A consultation as staff author it, as it is kept, and the responses citizens give."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

from polis.consultations.eligibility import AudienceGroup, Eligibility
from polis.consultations.lifecycle import Status
from polis.consultations.questions import Answer, Question
from polis.consultations.tally import Results
from polis.municipality import MunicipalityId


def _whole_utc_second(value: datetime) -> datetime:
    # The workflow waits for these times as ISO-8601 UTC with whole seconds (what moto reads, too).
    return value.astimezone(UTC).replace(microsecond=0)


Moment = Annotated[AwareDatetime, AfterValidator(_whole_utc_second)]

ConsultationId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")]
"""``c-20250301093000-1a2b3c`` as staff create them, ``indicators-20250301`` for an indicator round."""

Kind = Literal["consultation", "poll", "indicators"]
"""A consultation needs approval; a quick poll (one question) is published by an administrator
directly; an indicator round is the strategy's own questionnaire, started on a schedule."""


def timestamp(moment: datetime) -> str:
    """How the workflow's Wait states read a time (``TimestampPath``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _within_url_limit(url: HttpUrl) -> HttpUrl:
    # HttpUrl limits what it is given; normalising (percent-encoding, punycode) can lengthen it
    # past what browsers, and its own schema, accept.
    if len(str(url)) > 2083:
        raise ValueError("the URL is longer than 2083 characters once normalised")
    return url


class Attachment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    url: Annotated[HttpUrl, AfterValidator(_within_url_limit)]
    kind: Literal["document", "plan", "video", "image", "link"] = "document"


class Content(BaseModel):
    """What staff write: the municipality's question to its citizens, and to whom, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: Kind = "consultation"
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10_000)
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=20)
    questions: tuple[Question, ...] = Field(min_length=1, max_length=50)
    eligibility: Eligibility = Eligibility()
    allow_changes: bool = Field(default=True, description="participants may change their answers until close")
    opens_at: Moment
    closes_at: Moment

    @model_validator(mode="after")
    def _consistent(self) -> Content:
        ids = [q.question_id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be distinct")
        if self.kind == "poll" and len(self.questions) != 1:
            raise ValueError("a quick poll asks exactly one question")
        if self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        return self

    @property
    def needs_approval(self) -> bool:
        return self.kind == "consultation"


class Draft(Content):
    """Content as staff submit it: indicator rounds are the schedule's to start, not anyone's to write."""

    kind: Literal["consultation", "poll"] = "consultation"


class Review(BaseModel):
    reviewer: str
    decision: Literal["approved", "rejected"]
    comment: str | None = None
    decided_at: datetime


class Cancellation(BaseModel):
    cancelled_by: str
    reason: str
    cancelled_at: datetime


class Consultation(BaseModel):
    consultation_id: str
    municipality: MunicipalityId
    content: Content
    status: Status
    created_by: str = Field(description="the author's subject")
    created_at: datetime
    updated_at: datetime
    submissions: int = 0
    execution_arn: str | None = None
    review: Review | None = None
    cancellation: Cancellation | None = None
    results: Results | None = None

    def public_view(self) -> PublicConsultation:
        """What anyone may read once it is announced: the content, its status and times."""
        return PublicConsultation(
            consultation_id=self.consultation_id,
            municipality=self.municipality,
            status=self.status,
            **dict(self.content),
        )


class PublicConsultation(Content):
    """A consultation as anyone reads it once announced: its content, status and times, not its workflow."""

    consultation_id: str
    municipality: MunicipalityId
    status: Status


class ReviewDecision(BaseModel):
    """An administrator's decision on a consultation awaiting approval."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    decision: Literal["approve", "reject"]
    comment: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _rejection_says_why(self) -> ReviewDecision:
        if self.decision == "reject" and not self.comment:
            raise ValueError("a rejection needs a comment for the author")
        return self


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000)


class ResponseSubmission(BaseModel):
    """A citizen's answers, as they send them."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, object]
    keep_me_informed: bool = Field(
        default=True, description="send me the results, and invite me to the next consultations"
    )


class Response(BaseModel):
    """One participant's answers to one consultation: at most one each, kept until archiving."""

    municipality: MunicipalityId
    consultation_id: str
    participant: str = Field(description="the citizen's subject")
    answers: dict[str, Answer]
    group: AudienceGroup
    keep_me_informed: bool
    email: str | None = Field(default=None, description="kept only to send the results")
    text_ids: dict[str, str] = Field(default_factory=dict, description="question id -> its text's id")
    submitted_at: datetime
    updated_at: datetime


TextStatus = Literal["pending", "published", "rejected"]


class Text(BaseModel):
    """A free-text answer on its own, without its author: what moderators see and results publish."""

    text_id: str
    question_id: str
    text: str
    status: TextStatus = "pending"
    submitted_at: datetime


class Moderation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["published", "rejected"]
