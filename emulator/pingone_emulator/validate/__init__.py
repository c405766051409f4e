"""Request-body rules for the four writable notification objects, one module per object.

Each ``*_body`` function takes the client's JSON and returns the normalised object the API would store (its
writable fields with defaults filled in), or raises ``INVALID_DATA`` listing *every* problem found, each
with a detail ``code`` and ``target`` as PingOne reports them (:class:`~.problems.Problems` collects them).
References to other objects (fallback chains) are checked by the caller against the store.
"""

from __future__ import annotations

from .notification_policy import COOLDOWN_METHODS, notification_policy_body
from .notifications_settings import DEFAULT_FROM, default_notifications_settings, notifications_settings_body
from .phone_delivery_settings import phone_delivery_settings_body, without_secrets
from .problems import Problems
from .template_content import template_content_body

__all__ = [
    "COOLDOWN_METHODS",
    "DEFAULT_FROM",
    "Problems",
    "default_notifications_settings",
    "notification_policy_body",
    "notifications_settings_body",
    "phone_delivery_settings_body",
    "template_content_body",
    "without_secrets",
]
