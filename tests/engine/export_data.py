"""Filling an emulator environment out of band, through the API, with every kind and option the exporter
must carry over (issue 18). URLs are https (the real API's rule for custom providers)."""

from __future__ import annotations

from typing import Any

from pingone_notifications.client import PingOneClient
from pingone_notifications.testing import EmulatorProcess

WHITELISTED = "5a0e1b6c-9f1d-4d3c-8a55-0c3f2b7e9d10"
# the addresses the settings and contents send from: PingOne takes only trusted ones (seed 003)
TRUSTED_EMAILS = ["noreply@acme.example", "support@acme.example", "help@acme.example"]
TWILIO_SID = "AC" + "0123456789abcdef" * 2
SYNIVERSE_NUMBERS = [
    {"type": "PHONE_NUMBER", "number": "+15550100200", "capabilities": ["SMS", "VOICE"]},
    {"type": "TOLL_FREE", "number": "+18445550123", "capabilities": ["SMS"], "supportedCountries": ["US", "CA"]},
]


def register_accounts(emulator: EmulatorProcess, *, rotated: bool = False) -> None:
    """The Twilio and Syniverse accounts PingOne checks credentials against (issue 16 item 7). ``rotated``: the
    admin has since rotated the tokens at the providers (the values the round trip then sets in config)."""
    emulator.add_provider_account("CUSTOM_TWILIO", "twilio-token-2" if rotated else "twilio-token", sid=TWILIO_SID)
    # A Syniverse account is known by its token alone: the rotated token is the same account, so the same numbers
    emulator.add_provider_account(
        "CUSTOM_SYNIVERSE", "syn-token-2" if rotated else "syn-token", numbers=SYNIVERSE_NUMBERS
    )


def fill_environment(api: PingOneClient, env_id: str, *, flavour: str = "prod") -> dict[str, Any]:
    """Everything, created the way an admin (or a script) would; returns the IDs made."""
    base = f"/environments/{env_id}"
    phone = f"{base}/notificationsSettings/phoneDeliverySettings"
    host = "sms.acme.example" if flavour == "prod" else "sms.dev.acme.example"
    gateway = api.create(
        phone,
        {
            "provider": "CUSTOM_PROVIDER",
            "name": "Acme SMS gateway",
            "authentication": {
                "method": "OAUTH2",
                "authUrl": f"https://{host}/oauth/token",
                "clientId": "pingone",
                "clientSecret": "gateway-secret-1",
                "scopes": "sms:send voice:call",
            },
            "requests": [
                {
                    "deliveryMethod": "SMS",
                    "method": "POST",
                    "url": f"https://{host}/v1/messages",
                    "headers": {"content-type": "application/json"},
                    "body": '{"to": "${to}", "from": "${from}", "text": "${message}"}',
                    "phoneNumberFormat": "FULL",
                },
                {
                    "deliveryMethod": "VOICE",
                    "method": "GET",
                    "url": f"https://{host}/v1/calls?to=${{to}}&say=${{message}}",
                    "beforeTag": "<Say>",
                    "afterTag": "</Say>",
                    "phoneNumberFormat": "NUMBER_ONLY",
                },
            ],
            "numbers": [
                {
                    "type": "TOLL_FREE",
                    "number": "+18005550100",
                    "capabilities": ["SMS", "VOICE"],
                    "supportedCountries": ["US", "CA"],
                    "selected": True,
                    "available": True,
                }
            ],
        },
        lookup=lambda: None,
    )
    backup = api.create(
        phone,
        {
            "provider": "CUSTOM_PROVIDER",
            "name": "Backup gateway",
            "authentication": {"method": "BASIC", "username": "pingone", "password": "backup-pw"},
            "requests": [
                {
                    "deliveryMethod": "SMS",
                    "method": "POST",
                    "url": "https://backup.example.com/sms",
                    "body": "to=${to}&text=${message}",
                }
            ],
        },
        lookup=lambda: None,
    )
    twilio = api.create(
        phone,
        {"provider": "CUSTOM_TWILIO", "sid": TWILIO_SID, "authToken": "twilio-token"},
        lookup=lambda: None,
    )
    syniverse = api.create(phone, {"provider": "CUSTOM_SYNIVERSE", "authToken": "syn-token"}, lookup=lambda: None)
    policies = list(api.paged(f"{base}/notificationsPolicies", "notificationsPolicies"))
    [default] = [p for p in policies if p.get("default")]
    periods = [
        {"duration": 30, "timeUnit": "SECONDS"},
        {"duration": 2, "timeUnit": "MINUTES"},
        {"duration": 10, "timeUnit": "MINUTES"},
    ]
    api.put(
        f"{base}/notificationsPolicies/{default['id']}",
        {
            "name": "Default Notification Policy",
            "default": True,
            "quotas": [
                {"type": "USER", "deliveryMethods": ["SMS", "Voice"], "total": 10 if flavour == "prod" else 40},
                {"type": "USER", "deliveryMethods": ["Email"], "claimed": 5, "unclaimed": 3},
            ],
            "countryLimit": {"type": "ALLOWED", "deliveryMethods": ["SMS", "Voice"], "countries": ["US", "CA", "GB"]},
            "cooldownConfiguration": {
                "email": {"enabled": False},
                "sms": {"enabled": True, "periods": periods, "groupBy": "USER_ID", "resendLimit": 5},
                "voice": {"enabled": True, "periods": periods, "resendLimit": 3},
                "whatsApp": {"enabled": False},
            },
            "providerConfiguration": {
                "conditions": [
                    {
                        "deliveryMethods": ["SMS"],
                        "countries": ["GB"],
                        "fallbackChain": [{"id": gateway["id"]}, {"id": twilio["id"]}],
                    },
                    {
                        "deliveryMethods": ["SMS", "VOICE"],
                        "fallbackChain": [{"id": twilio["id"]}, {"id": gateway["id"]}],
                    },
                ]
            },
        },
    )
    strict = api.create(
        f"{base}/notificationsPolicies",
        {
            "name": "Strict",
            "quotas": [{"type": "ENVIRONMENT", "deliveryMethods": ["SMS", "Voice"], "total": 1000}],
            "countryLimit": {"type": "DENIED", "deliveryMethods": ["SMS"], "countries": ["KP"]},
        },
        lookup=lambda: None,
    )
    api.put(
        f"{base}/notificationsSettings",
        {
            "deliveryMode": "ALL",
            "restrictions": {"smsVoiceQuota": {"daily": 20}},
            "smsProvidersFallbackChain": [gateway["id"], "PINGONE_TWILIO", backup["id"]],
            "from": {"name": "Acme", "address": "noreply@acme.example"},
            "replyTo": {"name": "Acme support", "address": "support@acme.example"},
            "whitelist": [{"user": {"id": WHITELISTED}}],
        },
    )
    long_email = (
        "<html><body>\r\n<p>Hello ${user.name.given},</p>\n<p>your Acme code is <b>${otp}</b>.</p>\n"
        "<p>It expires in 5 minutes. \u00a9 Acme \u2014 \"quoted\" and 'single'</p>\n</body></html>\n"
    )
    contents = [
        (
            "strong_authentication",
            {
                "locale": "en",
                "deliveryMethod": "Email",
                "subject": "Your Acme code",
                "body": long_email,
                "from": {"name": "Acme", "address": "noreply@acme.example"},
                "replyTo": {"name": "Acme", "address": "help@acme.example"},
                "charset": "UTF-8",
                "emailContentType": "text/html",
            },
        ),
        (
            "strong_authentication",
            {"locale": "en", "deliveryMethod": "SMS", "content": "Code ${otp}", "sender": "Acme"},
        ),
        (
            "strong_authentication",
            {"locale": "fr-CA", "deliveryMethod": "SMS", "content": "Votre code: ${otp}", "variant": "short"},
        ),
        (
            "strong_authentication",
            {
                "locale": "de",
                "deliveryMethod": "Voice",
                "content": "Ihr Code lautet <sayCharValue>${otp}</sayCharValue>. <pause1sec> Ich wiederhole.",
                "voice": "Woman",
            },
        ),
        ("general", {"locale": "en", "deliveryMethod": "Voice", "content": "Hello from Acme", "variant": "night"}),
        (
            "strong_authentication",
            {
                "locale": "en",
                "deliveryMethod": "Push",
                "title": "Sign in to Acme?",
                "body": "Approve with ${otp}",
                "pushCategory": "APPROVE_AND_OPEN_APP",
            },
        ),
        (
            "new_device_paired",
            {"locale": "es", "deliveryMethod": "Push", "title": "Nuevo dispositivo", "body": "${device.name}"},
        ),
        ("transaction", {"locale": "en", "deliveryMethod": "Email", "subject": "Confirm", "body": "Code ${otp}"}),
    ]
    if flavour == "prod":
        contents.append(
            ("general", {"locale": "en", "deliveryMethod": "SMS", "content": "Prod only notice", "variant": "prod"})
        )
    made = []
    for template, body in contents:
        made.append(api.create(f"{base}/templates/{template}/contents", body, lookup=lambda: None)["id"])
    return {
        "gateway": gateway["id"],
        "backup": backup["id"],
        "twilio": twilio["id"],
        "syniverse": syniverse["id"],
        "default_policy": default["id"],
        "strict": strict["id"],
        "contents": made,
    }
