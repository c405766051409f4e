"""Issue 8 over HTTP: rendering, locale fallback, each policy rule, and the provider fallback order."""

from __future__ import annotations

from typing import Any

from pingone_notifications.testing import EmulatorProcess

from .conftest import Api, detail_codes, make_api

SEND = "/notifications"
USER = "2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"


def sms(phone: str = "+14155552671", **template: Any) -> dict[str, Any]:
    return {
        "user": {"id": USER},
        "deliveryMethod": "SMS",
        "phone": phone,
        "dryRun": True,
        "template": {"name": "general", **template},
    }


def test_dry_run_renders_the_default_content_and_the_seed_output_shape(api: Api) -> None:
    out = api.ok(
        "POST",
        SEND,
        json={
            "user": {"id": USER},
            "deliveryMethod": "Email",
            "email": "jo@acme.example",
            "dryRun": True,
            "template": {"name": "general", "variables": {"user.name.given": "Jo"}},
        },
    )
    for key in (
        "id",
        "environment",
        "user",
        "policy",
        "deliveryMethod",
        "from",
        "subject",
        "body",
        "address",
        "createdAt",
        "updatedAt",
    ):
        assert key in out, key
    assert out["status"] == "DRY_RUN"
    assert out["from"] == '"PingOne" <noreply@pingidentity.com>'
    assert out["body"] == "<p>Hello Jo. General.</p>"
    assert (
        out["policy"]["id"]
        == next(
            p for p in api.ok("GET", "/notificationsPolicies")["_embedded"]["notificationsPolicies"] if p["default"]
        )["id"]
    )


def test_custom_content_variables_and_locale_fallback(api: Api) -> None:
    path = "/templates/general/contents"
    api.ok("POST", path, 201, json={"locale": "es", "deliveryMethod": "SMS", "content": "Hola ${name}, ${code}"})
    api.ok("POST", path, 201, json={"locale": "en", "deliveryMethod": "SMS", "content": "Hi ${name}", "sender": "Acme"})
    es = api.ok("POST", SEND, json=sms(locale="es-ES", variables={"name": "Ana", "code": "42"}))
    assert (es["locale"], es["content"]) == ("es", "Hola Ana, 42"), "es-ES falls back to es"
    fallback = api.ok("POST", SEND, json=sms(locale="ja", variables={"name": "Ken"}))
    assert (fallback["locale"], fallback["content"], fallback["sender"]) == ("en", "Hi Ken", "Acme")
    fr = api.ok("POST", SEND, json=sms(locale="fr-CA"))
    assert fr["locale"] == "fr"
    assert fr["template"]["default"] is True, "no custom French content: PingOne's default French one"
    api.ok("POST", path, 201, json={"locale": "en", "deliveryMethod": "SMS", "content": "Promo", "variant": "promo"})
    assert api.ok("POST", SEND, json=sms(variant="promo"))["content"] == "Promo"
    assert detail_codes(api.error("POST", SEND, json=sms(variant="nope"))) == [("INVALID_VALUE", "template.variant")]


def test_missing_required_variables_are_rejected(api: Api) -> None:
    body = api.error("POST", SEND, json={**sms(), "template": {"name": "strong_authentication"}})
    assert detail_codes(body) == [("REQUIRED_VALUE", "template.variables")]
    assert "${otp}" in body["details"][0]["message"]
    ok = api.ok(
        "POST", SEND, json={**sms(), "template": {"name": "strong_authentication", "variables": {"otp": "123456"}}}
    )
    assert "123456" in ok["content"]


def test_quota_exceeded(api: Api) -> None:
    [default] = [
        p for p in api.ok("GET", "/notificationsPolicies")["_embedded"]["notificationsPolicies"] if p["default"]
    ]
    api.ok(
        "PUT",
        f"/notificationsPolicies/{default['id']}",
        json={"name": default["name"], "quotas": [{"type": "USER", "deliveryMethods": ["SMS", "Voice"], "total": 2}]},
    )
    send = {**sms(), "dryRun": False}
    api.ok("POST", SEND, 201, json=send)
    for _ in range(3):
        assert api.ok("POST", SEND, json=sms())["status"] == "DRY_RUN", "dry runs are not counted"
    api.ok("POST", SEND, 201, json={**send, "deliveryMethod": "Voice"})
    assert api.error("POST", SEND, 429, json=sms())["details"][0]["code"] == "QUOTA_EXCEEDED", "a dry run tells"
    body = api.error("POST", SEND, 429, json=send)
    assert body["code"] == "REQUEST_LIMITED"
    assert body["details"][0]["code"] == "QUOTA_EXCEEDED"


def test_country_limit(api: Api) -> None:
    api.ok(
        "POST",
        "/notificationsPolicies",
        json={"name": "US only", "quotas": [], "countryLimit": {"type": "ALLOWED", "countries": ["US"]}},
    )
    policy = next(
        p
        for p in api.ok("GET", "/notificationsPolicies")["_embedded"]["notificationsPolicies"]
        if p["name"] == "US only"
    )
    assert api.ok("POST", SEND, json={**sms(), "policy": {"id": policy["id"]}})["country"] == "US"
    body = api.error("POST", SEND, json={**sms("+442079460123"), "policy": {"id": policy["id"]}})
    assert detail_codes(body) == [("INVALID_VALUE", "phone")]
    assert "country GB is not allowed" in body["details"][0]["message"]
    assert detail_codes(api.error("POST", SEND, json=sms("12345"))) == [("INVALID_VALUE", "phone")]


def test_cooldown(api: Api) -> None:
    periods = [
        {"duration": 30, "timeUnit": "SECONDS"},
        {"duration": 1, "timeUnit": "MINUTES"},
        {"duration": 2, "timeUnit": "MINUTES"},
    ]
    on = {"enabled": True, "periods": periods, "resendLimit": 3}
    off = {"enabled": False}
    policy = api.ok(
        "POST",
        "/notificationsPolicies",
        json={
            "name": "Cool",
            "quotas": [],
            "cooldownConfiguration": {"sms": on, "voice": off, "email": off, "whatsApp": off},
        },
    )
    send = {**sms(), "dryRun": False, "policy": {"id": policy["id"]}}
    api.ok("POST", SEND, 201, json=send)
    body = api.error("POST", SEND, 429, json=send)
    assert body["details"][0]["code"] == "LIMIT_EXCEEDED"
    assert "Cooldown" in body["details"][0]["message"]
    assert int(api.call("POST", SEND, json=send).headers["retry-after"]) <= 31
    other = api.ok("POST", SEND, 201, json={**send, "phone": "+14155550000"})
    assert other["status"] == "SENT", "cooldown is per recipient"


def test_whitelist(emulator: EmulatorProcess) -> None:
    api = make_api(emulator, env_type="SANDBOX")
    api.ok("PUT", "/notificationsSettings", json={"deliveryMode": "WHITELIST", "whitelist": [{"user": {"id": USER}}]})
    assert api.ok("POST", SEND, json=sms())["status"] == "DRY_RUN"
    body = api.error("POST", SEND, json={**sms(), "user": {"id": "someone-else"}})
    assert "not on the whitelist" in body["details"][0]["message"]


def test_fallback_order(api: Api) -> None:
    def provider(name: str) -> str:
        body = {
            "provider": "CUSTOM_PROVIDER",
            "name": name,
            "authentication": {"method": "BEARER", "authToken": "t"},
            "requests": [
                {"deliveryMethod": "SMS", "method": "POST", "url": f"https://{name}.example/sms"},
                {"deliveryMethod": "VOICE", "method": "POST", "url": f"https://{name}.example/call"},
            ],
            "numbers": [
                {"type": "PHONE_NUMBER", "number": f"+1555000{len(name)}", "selected": True, "capabilities": ["SMS"]}
            ],
        }
        return str(api.ok("POST", "/notificationsSettings/phoneDeliverySettings", 201, json=body)["id"])

    a, b, c = provider("alpha"), provider("beta"), provider("gamma")
    assert [p["id"] for p in api.ok("POST", SEND, json=sms())["providers"]] == ["PINGONE_TWILIO"]
    api.ok("PUT", "/notificationsSettings", json={"smsProvidersFallbackChain": [c, "PINGONE_TWILIO"]})
    assert [p["id"] for p in api.ok("POST", SEND, json=sms())["providers"]] == [c, "PINGONE_TWILIO"]
    policy = api.ok(
        "POST",
        "/notificationsPolicies",
        json={
            "name": "Routed",
            "quotas": [],
            "providerConfiguration": {
                "conditions": [
                    {"deliveryMethods": ["SMS"], "countries": ["GB"], "fallbackChain": [{"id": b}, {"id": a}]},
                    {"deliveryMethods": ["SMS"], "fallbackChain": [{"id": a}]},
                ]
            },
        },
    )
    routed = {"policy": {"id": policy["id"]}}
    gb = api.ok("POST", SEND, json={**sms("+442079460123"), **routed})
    assert [p["name"] for p in gb["providers"]] == ["beta", "alpha"]
    assert gb["sender"] == "+15550004", "the first provider's selected number"
    assert [p["name"] for p in api.ok("POST", SEND, json={**sms(), **routed})["providers"]] == ["alpha"]
    voice = api.ok("POST", SEND, json={**sms(), **routed, "deliveryMethod": "Voice"})
    assert [p["id"] for p in voice["providers"]] == [c, "PINGONE_TWILIO"], "no Voice condition: the settings' chain"
