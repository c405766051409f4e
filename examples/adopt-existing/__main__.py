"""Take over an environment that was configured by hand, without recreating anything.

- the environment's default notification policy (`adopt="default"`): kept in PingOne on destroy;
- a custom content that already exists for the template, method and locale (`adopt=True`);
- a phone provider that already exists under this name (`adopt=True`), kept on destroy with
  `retain_on_delete`;
- the notifications settings (always adopted: there is one per environment).

After the first `pulumi up`, these objects are managed like any other: their settings are the program's.
"""

import pulumi

from pingone_notifications import (
    NotificationPolicy,
    NotificationsSettings,
    NotificationTemplateContent,
    PhoneDeliverySettings,
)

config = pulumi.Config()
env_id = config.require("environmentId")

default_policy = NotificationPolicy(
    "default-policy",
    environment_id=env_id,
    adopt="default",
    name="Default Notification Policy",
    quotas=[{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 8}],
)
legacy_gateway = PhoneDeliverySettings(
    "legacy-gateway",
    environment_id=env_id,
    adopt=True,
    provider="CUSTOM_PROVIDER",
    name="Legacy gateway",
    authentication={"method": "BEARER", "auth_token": config.require_secret("gatewayToken")},
    requests=[
        {
            "delivery_method": "SMS",
            "method": "POST",
            "url": "https://legacy.example.com/sms",
            "body": "to=${to}&text=${message}",
        }
    ],
    opts=pulumi.ResourceOptions(retain_on_delete=True),
)
welcome = NotificationTemplateContent(
    "welcome-email",
    environment_id=env_id,
    adopt=True,
    template_name="general",
    locale="en",
    delivery_method="Email",
    subject="Welcome to Acme",
    body="<p>Hello ${user.name.given}</p>",
)
settings = NotificationsSettings(
    "settings",
    environment_id=env_id,
    delivery_mode="ALL",
    sms_providers_fallback_chain=[legacy_gateway.id, "PINGONE_TWILIO"],
)
pulumi.export("default_policy_id", default_policy.id)
pulumi.export("legacy_gateway_id", legacy_gateway.id)
pulumi.export("welcome_content_id", welcome.id)
