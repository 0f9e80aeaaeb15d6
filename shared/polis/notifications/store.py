"""Every notification sent, kept per recipient: their inbox, and the record of what was sent."""

from __future__ import annotations

from polis.notifications.models import Delivery, Notification, SentNotification
from polis.store.items import NotificationItem
from polis.store.keys import partition, time_sort_key
from polis.store.table import bind


def _pk(municipality: str, user_id: str) -> str:
    return partition(municipality, "USER", user_id, "NOTIFICATION")


def record_notification(sent: SentNotification) -> None:
    bind()
    notification = sent.notification
    NotificationItem(
        pk=_pk(notification.municipality, notification.recipient.user_id),
        sk=time_sort_key(sent.created_at, sent.notification_id),
        municipality=notification.municipality,
        notification_id=sent.notification_id,
        created_at=sent.created_at,
        notification=notification.model_dump_json(),
        deliveries=[d.model_dump() for d in sent.deliveries],
    ).save()


def list_notifications(municipality: str, user_id: str, limit: int = 50) -> list[SentNotification]:
    """Newest first."""
    bind()
    items = NotificationItem.query(_pk(municipality, user_id), scan_index_forward=False, limit=limit)
    return [
        SentNotification(
            notification_id=i.notification_id,
            notification=Notification.model_validate_json(i.notification),
            created_at=i.created_at,
            deliveries=[Delivery(**d) for d in i.deliveries],
        )
        for i in items
    ]
