"""Your own SMS/voice gateway, authenticated with OAuth 2.0 client credentials, as the first provider of
the environment's fallback chain (PingOne's Twilio as the fallback) and of the policy's conditions.

The gateway's client secret is read with `require_secret`; the resource would protect it anyway: it is
encrypted in state and never shown.

    pulumi config set --secret gatewayClientSecret <secret>
"""

import pulumi

from pingone_notifications import NotificationPolicy, NotificationsSettings, PhoneDeliverySettings

config = pulumi.Config()
env_id = config.require("environmentId")

gateway = PhoneDeliverySettings(
    "gateway",
    environment_id=env_id,
    provider="CUSTOM_PROVIDER",
    name="Acme SMS gateway",
    authentication={
        "method": "OAUTH2",
        "auth_url": "https://sms.acme.example/oauth/token",
        "client_id": "pingone",
        "client_secret": config.require_secret("gatewayClientSecret"),
        "scopes": "sms:send voice:call",
    },
    requests=[
        {
            "delivery_method": "SMS",
            "method": "POST",
            "url": "https://sms.acme.example/v1/messages",
            "headers": {"content-type": "application/json"},
            "body": '{"to": "${to}", "from": "${from}", "text": "${message}"}',
        },
        {
            "delivery_method": "VOICE",
            "method": "POST",
            "url": "https://sms.acme.example/v1/calls",
            "body": '{"to": "${to}", "say": "${message}"}',
            "before_tag": "<Say>",
            "after_tag": "</Say>",
        },
    ],
    numbers=[
        {
            "type": "TOLL_FREE",
            "number": "+18005550199",
            "capabilities": ["SMS", "VOICE"],
            "supported_countries": ["US", "CA"],
            "selected": True,
            "available": True,
        }
    ],
)
NotificationPolicy(
    "policy",
    environment_id=env_id,
    name="Gateway first",
    quotas=[{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 10}],
    provider_configuration={"conditions": [{"delivery_methods": ["SMS", "VOICE"], "fallback_chain": [gateway.id]}]},
)
NotificationsSettings(
    "settings",
    environment_id=env_id,
    delivery_mode="ALL",
    sms_providers_fallback_chain=[gateway.id, "PINGONE_TWILIO"],
)
pulumi.export("gateway_id", gateway.id)
pulumi.export("gateway_authentication", gateway.authentication)
