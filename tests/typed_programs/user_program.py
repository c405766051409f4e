"""A user's program, typed: `mypy --strict` must accept it (tests/unit/test_declarations.py)."""

from typing import Any

import pulumi

from pingone_notifications import (
    DeliveryMethod,
    EmailAddress,
    EnvironmentNotifications,
    NotificationPolicy,
    NotificationPolicyArgs,
    NotificationsSettings,
    NotificationTemplateContent,
    PhoneDeliverySettings,
    QuotaArgs,
)

env_id = "5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0"
method: DeliveryMethod = "Email"
gateway = PhoneDeliverySettings(
    "gateway",
    environment_id=env_id,
    provider="CUSTOM_PROVIDER",
    name="Acme SMS gateway",
    authentication={
        "method": "OAUTH2",
        "auth_url": "https://sms.example.com/token",
        "client_id": "acme",
        "client_secret": pulumi.Output.secret("s3cret"),
    },
    requests=[
        {
            "delivery_method": "SMS",
            "method": "POST",
            "url": "https://sms.example.com/v1",
            "body": '{"to": "${to}", "text": "${message}"}',
            "phone_number_format": "NUMBER_ONLY",
        }
    ],
)
quota: QuotaArgs = {"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 10}
policy = NotificationPolicy(
    "policy",
    environment_id=env_id,
    name="Production",
    quotas=[quota],
    country_limit={"type": "ALLOWED", "countries": ["US", "CA"]},
    provider_configuration={"conditions": [{"delivery_methods": ["SMS"], "fallback_chain": [gateway.id]}]},
)
settings = NotificationsSettings(
    "settings",
    environment_id=env_id,
    delivery_mode="WHITELIST",
    sms_providers_fallback_chain=[gateway.id, "PINGONE_TWILIO"],
    from_={"name": "Acme", "address": "noreply@acme.example"},
)
email = NotificationTemplateContent(
    "otp-email",
    environment_id=env_id,
    template_name="strong_authentication",
    locale="en",
    delivery_method=method,
    subject="Your code",
    body="<p>${otp}</p>",
    connection={"region_code": "EU"},
)
staging_args: NotificationPolicyArgs = {"environment_id": env_id, "name": "Staging", "default": False}
staging = NotificationPolicy("staging", **staging_args)
existing = NotificationPolicy.get("existing", "0b6f8b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", environment_id=env_id)


def sender_name(sender: EmailAddress | None) -> str:
    return (sender or {}).get("name") or ""


# typed outputs: what an IDE shows after `email.from_.`
from_name: pulumi.Output[str] = email.from_.apply(sender_name)
first_quota_total: pulumi.Output[int | None] = policy.quotas.apply(lambda qs: qs[0].get("total") if qs else None)
provider_kind: pulumi.Output[str] = gateway.provider.apply(lambda kind: kind.lower())
templates: dict[str, Any] = {"general": {"en": {"SMS": {"content": "Hi"}}}}  # runtime data, e.g. from config
EnvironmentNotifications("prod", environment_id=env_id, templates=templates)
