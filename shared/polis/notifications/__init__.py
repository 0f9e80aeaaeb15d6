"""Telling people things: one interface for every feature that notifies a citizen or staff member.

``notify(notification)`` delivers through the configured notifier (``POLIS_NOTIFIER``): ``aws``
sends e-mail with SES and SMS or push with SNS; ``capture`` (the local platform) delivers nothing.
Either way every notification is kept, with its outcome per channel, in the recipient's inbox
(``polis.notifications.store``), which is also where tests and the local platform find them.
"""

from polis.notifications.models import Delivery, Notification, Recipient
from polis.notifications.service import configured_notifier, notify

__all__ = ["Delivery", "Notification", "Recipient", "configured_notifier", "notify"]
