"""``notify``: deliver a notification through the configured notifier and keep it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis.notifications import store as notification_store
from polis.notifications.models import Notification, SentNotification
from polis.notifications.notifiers import AwsNotifier, CapturingNotifier, Notifier
from polis.observability import logger


class NotificationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_NOTIFICATION_")

    notifier: Literal["aws", "capture"] = Field(default="aws", description="capture: the local platform")
    sender_address: str = Field(default="no-reply@polis.example", description="SES verified identity")


def configured_notifier() -> Notifier:
    # Not cached: read per use so a test's or the local platform's setting applies at once.
    settings = NotificationSettings()
    if settings.notifier == "capture":
        return CapturingNotifier()
    return AwsNotifier(settings.sender_address)


def notify(notification: Notification, notifier: Notifier | None = None) -> SentNotification:
    sent = SentNotification(
        notification_id=uuid.uuid4().hex,
        notification=notification,
        created_at=datetime.now(UTC),
        deliveries=(notifier or configured_notifier()).deliver(notification),
    )
    notification_store.record_notification(sent)
    failed = [d.channel for d in sent.deliveries if d.status == "failed"]
    if failed:
        logger.warning("notification not delivered", channels=failed, topic=notification.topic)
    return sent
