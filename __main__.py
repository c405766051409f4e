"""The demo stack: one notification design, promoted from dev to prod, across environments and regions.

The *design* (templates, provider, policy shape) is code and the same for every stack; each stack's config
(``Pulumi.<stack>.yaml``) lists its environments, the worker app per region, and the per-environment values
(delivery mode, quotas, locales, countries, sender addresses).
"""

from __future__ import annotations

from typing import Any

import pulumi

from pingone_notifications.components import EnvironmentNotifications

config = pulumi.Config("notifications")
tier = config.require("tier")  # "sandbox" or "production"
worker_apps: dict[str, dict[str, str]] = config.require_object("workerApps")
app_secrets = config.require_secret_object("workerAppSecrets")
gateway_secret = config.require_secret("smsGatewayClientSecret")

# ---- the shared design ------------------------------------------------------------------------------------------
OTP_SMS = {
    "en": "Your Acme code is ${otp}. It expires in 5 minutes.",
    "fr": "Votre code Acme est ${otp}. Il expire dans 5 minutes.",
    "fr-CA": "Votre code Acme est ${otp}. Il expire dans 5 minutes.",
    "de": "Ihr Acme-Code lautet ${otp}. Er ist 5 Minuten gueltig.",
}
OTP_EMAIL_SUBJECT = {
    "en": "Your Acme sign-on code",
    "fr": "Votre code de connexion Acme",
    "fr-CA": "Votre code de connexion Acme",
    "de": "Ihr Acme-Anmeldecode",
}
WELCOME = {
    "en": "Welcome to Acme, ${user.name.given}!",
    "fr": "Bienvenue chez Acme, ${user.name.given} !",
    "fr-CA": "Bienvenue chez Acme, ${user.name.given} !",
    "de": "Willkommen bei Acme, ${user.name.given}!",
}


def templates_for(locales: list[str]) -> dict[str, Any]:
    return {
        "strong_authentication": {
            loc: {
                "SMS": {"content": OTP_SMS[loc], "sender": "Acme"},
                "Email": {"subject": OTP_EMAIL_SUBJECT[loc], "body": f"<p>{OTP_SMS[loc]}</p>"},
                "Voice": {"content": OTP_SMS[loc].replace("${otp}", "<sayCharValue>${otp}</sayCharValue>")},
            }
            for loc in locales
        },
        "device_pairing": {loc: {"SMS": {"content": OTP_SMS[loc]}} for loc in locales},
        "general": {loc: {"Email": {"subject": "Acme", "body": f"<p>{WELCOME[loc]}</p>"}} for loc in locales},
    }


def gateway(region: str) -> dict[str, Any]:
    host = f"sms-{region.lower()}.gateway.example.com"
    return {
        "provider": "CUSTOM_PROVIDER",
        "name": f"Acme SMS gateway ({region})",
        "authentication": {
            "method": "OAUTH2",
            "auth_url": f"https://{host}/oauth/token",
            "client_id": "acme-pingone",
            "client_secret": gateway_secret,
        },
        "requests": [
            {
                "delivery_method": "SMS",
                "method": "POST",
                "url": f"https://{host}/v1/sms",
                "headers": {"content-type": "application/json"},
                "body": '{"to": "${to}", "from": "${from}", "text": "${message}"}',
            },
            {
                "delivery_method": "VOICE",
                "method": "POST",
                "url": f"https://{host}/v1/voice",
                "body": '{"to": "${to}", "say": "${message}"}',
                "before_tag": "<Say>",
                "after_tag": "</Say>",
            },
        ],
        "numbers": [
            {
                "type": "TOLL_FREE",
                "number": "+18005550100",
                "capabilities": ["SMS", "VOICE"],
                "selected": True,
                "available": True,
                "supported_countries": ["US", "CA"],
            },
        ],
    }


def policy_for(env: dict[str, Any]) -> dict[str, Any]:
    quotas = [{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": int(env.get("userQuota", 5))}]
    if "environmentQuota" in env:
        quotas.append({"type": "ENVIRONMENT", "delivery_methods": ["Email"], "total": int(env["environmentQuota"])})
    cooldown_on = {
        "enabled": True,
        "resend_limit": 5,
        "group_by": "USER_ID",
        "periods": [
            {"duration": 30, "time_unit": "SECONDS"},
            {"duration": 2, "time_unit": "MINUTES"},
            {"duration": 5, "time_unit": "MINUTES"},
        ],
    }
    off = {"enabled": False}
    prod = tier == "production"
    policy: dict[str, Any] = {
        "name": f"Acme {tier}",
        "quotas": quotas,
        "cooldown_configuration": {
            "email": off,
            "whats_app": off,
            "sms": cooldown_on if prod else off,
            "voice": cooldown_on if prod else off,
        },
        "provider_conditions": [{"delivery_methods": ["SMS", "VOICE"], "fallback_chain": ["gateway"]}],
    }
    if env.get("allowedCountries"):
        policy["country_limit"] = {"type": "ALLOWED", "countries": env["allowedCountries"]}
    return policy


# ---- one component per environment ------------------------------------------------------------------------------
summary: dict[str, pulumi.Output[Any]] = {}
for env in config.require_object("environments"):
    app = worker_apps[env["workerApp"]]
    connection = {
        "region_code": app["region"],
        "environment_id": app["environmentId"],
        "client_id": app["clientId"],
        "client_secret": app_secrets.apply(lambda s, name=env["workerApp"]: s[name]),
    }
    settings: dict[str, Any] = {
        "delivery_mode": env["deliveryMode"],
        "restrictions": {"sms_voice_quota": {"daily": int(env.get("dailyQuota", 10))}},
        "sms_providers_fallback_chain": ["gateway", "PINGONE_TWILIO"],
        "from_": env.get("from"),
        "reply_to": env.get("replyTo"),
        "whitelist": env.get("whitelist"),
    }
    notifications = EnvironmentNotifications(
        env["key"],
        environment_id=env["environmentId"],
        connection=connection,
        phone_providers={"gateway": gateway(app["region"])},
        policy=policy_for(env),
        settings={k: v for k, v in settings.items() if v is not None},
        templates=templates_for(env["locales"]),
    )
    summary[env["key"]] = pulumi.Output.all(
        policy_id=notifications.policy_id,
        phone_providers=notifications.phone_provider_ids,
        contents=notifications.content_ids,
    ).apply(
        lambda o, env=env, app=app: {
            "region": app["region"],
            "environment_id": env["environmentId"],
            "delivery_mode": env["deliveryMode"],
            "policy_id": o["policy_id"],
            "phone_providers": o["phone_providers"],
            "template_contents": sorted(o["contents"]),
        }
    )

pulumi.export("environments", summary)
