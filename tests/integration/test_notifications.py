"""Notifications are kept in the recipient's inbox whatever delivers them."""

from __future__ import annotations

import pytest
from botocore.stub import Stubber
from pydantic import ValidationError

from polis.notifications import Notification, Recipient, notify
from polis.notifications.notifiers import AwsNotifier, CapturingNotifier, _client
from polis.notifications.store import list_notifications

ELENI = Recipient(user_id="sub-eleni", email="eleni@example.org", phone="+306912345678")


def _notification(**changes) -> Notification:
    values = {
        "municipality": "chalkida",
        "recipient": ELENI,
        "topic": "service-request.status",
        "subject": "Your request CHK-000123 is in progress",
        "body": "The cleaning department is on it.",
        "reference": "CHK-000123",
    }
    return Notification(**(values | changes))


def test_a_captured_notification_is_in_the_inbox(stack):
    sent = notify(_notification(), CapturingNotifier())

    [kept] = list_notifications("chalkida", "sub-eleni")
    assert kept.notification_id == sent.notification_id
    assert [(d.channel, d.status) for d in kept.deliveries] == [("email", "captured"), ("sms", "captured")]
    assert list_notifications("heraklion", "sub-eleni") == []


def test_the_aws_notifier_sends_email_and_sms_and_keeps_a_failure(stack):
    ses, sns = _client("sesv2"), _client("sns")
    with Stubber(ses) as ses_stub, Stubber(sns) as sns_stub:
        ses_stub.add_response(
            "send_email",
            {"MessageId": "m-1"},
            {
                "FromEmailAddress": "no-reply@chalkida.example",
                "Destination": {"ToAddresses": ["eleni@example.org"]},
                "Content": {
                    "Simple": {
                        "Subject": {"Data": "Your request CHK-000123 is in progress", "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": "The cleaning department is on it.", "Charset": "UTF-8"}},
                    }
                },
            },
        )
        sns_stub.add_client_error("publish", "InvalidParameter", "opted out")
        sent = notify(_notification(), AwsNotifier("no-reply@chalkida.example"))

    assert [(d.channel, d.status) for d in sent.deliveries] == [("email", "sent"), ("sms", "failed")]
    assert "opted out" in sent.deliveries[1].detail
    assert list_notifications("chalkida", "sub-eleni")[0].deliveries[1].status == "failed"


def test_a_recipient_must_be_reachable():
    with pytest.raises(ValidationError, match="needs an e-mail address"):
        Recipient(user_id="sub-nobody")
