"""The "no change right after create" half of the witnesses property through the real engine (issue 16): one
generated example of every resource that the provider's check accepts is created with ``pulumi up``, and the
``pulumi preview`` right after it shows nothing to do. The many-example part runs without the engine in
``tests/emulator/test_witnesses_agree.py``; this pins that the engine agrees with the provider's own diff.
"""

from __future__ import annotations

from typing import Any

from hypothesis import find, settings
from pulumi import automation as auto

from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import NotificationTemplateContentProvider
from pingone_notifications.testing import EmulatorProcess

from ..emulator.test_provider_fidelity import configured
from ..emulator.test_witnesses_agree import content_args, phone_args, policy_args, settings_args
from .harness import Harness, harness

GATEWAY = {"type": "PhoneDeliverySettings", "name": "gateway", "args": {
    "provider": "CUSTOM_PROVIDER", "name": "Chain target", "authentication": {"method": "BEARER", "auth_token": "t"},
    "requests": [{"delivery_method": "SMS", "method": "POST", "url": "https://x.example.com/s"}]}}  # fmt: skip


def accepted(h: Harness, provider: Any, strategy: Any, richness: int) -> dict[str, Any]:
    """A generated argument set that the provider's check accepts, with at least ``richness`` arguments."""
    checker = configured(provider, h.emulator, h.app)
    gateway_like = "33f0d52f-c4db-48a5-9d02-702a18bc49c9"

    def ok(args: dict[str, Any]) -> bool:
        probe = {"environment_id": h.env_id, **args}
        if "sms_providers_fallback_chain" in probe:
            probe["sms_providers_fallback_chain"] = [
                gateway_like if e == "@gateway" else e for e in probe["sms_providers_fallback_chain"]
            ]
        return len(args) >= richness and not checker.check({}, probe).failures

    found: dict[str, Any] = find(strategy, ok, settings=settings(max_examples=300, database=None, derandomize=True))
    return found


def test_a_preview_right_after_up_shows_no_change(pulumi_cli: object, emulator: EmulatorProcess) -> None:
    with harness(emulator) as h:
        emulator.add_environment(env_id=h.env_id, region="NA", env_type="PRODUCTION", languages=["pt-BR"])
        emulator.control("PUT", f"environments/{h.env_id}/trusted-emails",
                         {"addresses": ["noreply@acme.example", "a.b+c@mail.acme.example"]})  # fmt: skip
        resources = [
            GATEWAY,
            {"type": "NotificationTemplateContent", "name": "content",
             "args": accepted(h, NotificationTemplateContentProvider(), content_args(), 5)},
            {"type": "NotificationPolicy", "name": "policy",
             "args": accepted(h, NotificationPolicyProvider(), policy_args(), 3)},
            {"type": "PhoneDeliverySettings", "name": "phone",
             "args": accepted(h, PhoneDeliverySettingsProvider(), phone_args(), 4)},
            {"type": "NotificationsSettings", "name": "settings",
             "args": accepted(h, NotificationsSettingsProvider(), settings_args(), 3)},
        ]  # fmt: skip
        h.declare(*resources)
        up = h.stack.up()
        assert up.summary.resource_changes.get("create") == len(resources), up.summary.resource_changes
        with h.no_writes():
            preview: auto.PreviewResult = h.stack.preview()
        changed = {k: v for k, v in preview.change_summary.items() if k != "same"}
        assert changed == {}, (changed, [r["args"] for r in resources])
