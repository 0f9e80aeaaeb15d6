"""Notifiers: AWS (SES e-mail, SNS SMS and push) when deployed, capturing on the local platform."""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from polis.notifications.models import Delivery, Notification


class Notifier(Protocol):
    def deliver(self, notification: Notification) -> list[Delivery]: ...


class CapturingNotifier:
    """Delivers nothing; the notification is still kept in the recipient's inbox."""

    def deliver(self, notification: Notification) -> list[Delivery]:
        return [Delivery(channel=c, status="captured") for c in notification.recipient.channels]


@cache
def _client(service: str) -> Any:
    return boto3.client(service)


class AwsNotifier:
    def __init__(self, sender_address: str) -> None:
        self.sender_address = sender_address

    def deliver(self, notification: Notification) -> list[Delivery]:
        recipient = notification.recipient
        deliveries = []
        for channel in recipient.channels:
            try:
                if channel == "email":
                    _client("sesv2").send_email(
                        FromEmailAddress=self.sender_address,
                        Destination={"ToAddresses": [recipient.email]},
                        Content={
                            "Simple": {
                                "Subject": {"Data": notification.subject, "Charset": "UTF-8"},
                                "Body": {"Text": {"Data": notification.body, "Charset": "UTF-8"}},
                            }
                        },
                    )
                elif channel == "sms":
                    _client("sns").publish(PhoneNumber=recipient.phone, Message=_sms(notification))
                else:
                    _client("sns").publish(
                        TargetArn=recipient.push_endpoint_arn,
                        Message=notification.body,
                        Subject=notification.subject,
                    )
                deliveries.append(Delivery(channel=channel, status="sent"))
            except (ClientError, BotoCoreError) as error:
                # One channel failing must not stop the others; the failure is kept with the notification.
                deliveries.append(Delivery(channel=channel, status="failed", detail=str(error)))
        return deliveries


def _sms(notification: Notification) -> str:
    # SMS is short: the subject, and the reference to quote when calling the municipality.
    reference = f" ({notification.reference})" if notification.reference else ""
    return f"{notification.subject}{reference}"[:300]
