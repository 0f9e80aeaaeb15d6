"""A notification, its recipient's addresses, and what happened on each channel."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from polis.municipality import MunicipalityId

Channel = Literal["email", "sms", "push"]


class Recipient(BaseModel):
    """Who to tell, and where; at least one way to reach them."""

    model_config = ConfigDict(frozen=True)

    user_id: str = Field(
        min_length=1, description="the Cognito subject, or a reference for people without an app"
    )
    email: EmailStr | None = None
    phone: str | None = Field(default=None, pattern=r"^\+[1-9][0-9]{7,14}$", description="E.164")
    push_endpoint_arn: str | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Recipient:
        if not (self.email or self.phone or self.push_endpoint_arn):
            raise ValueError("a recipient needs an e-mail address, a phone number or a push endpoint")
        return self

    @property
    def channels(self) -> list[Channel]:
        found: list[Channel] = []
        if self.email:
            found.append("email")
        if self.phone:
            found.append("sms")
        if self.push_endpoint_arn:
            found.append("push")
        return found


class Notification(BaseModel):
    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    recipient: Recipient
    topic: str = Field(description="what it is about, e.g. service-request.status, consultation.open")
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=4000)
    reference: str | None = Field(default=None, description="the record it is about, e.g. a request id")


class Delivery(BaseModel):
    channel: Channel
    status: Literal["sent", "captured", "failed"]
    detail: str | None = None


class SentNotification(BaseModel):
    notification_id: str
    notification: Notification
    created_at: datetime
    deliveries: list[Delivery]
