"""Every policy of the pack, passing and violating, called as pulumi-policy calls them."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy import (
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from pingone_notifications.policy_rules import CONTENT, PHONE, POLICIES, POLICY, SETTINGS, stack_tier

ENV = "11111111-1111-4111-8111-111111111111"
OTHER_ENV = "22222222-2222-4222-8222-222222222222"
BY_NAME = {p.name: p for p in POLICIES}


def opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], False, [], None, [], None)  # type: ignore[arg-type]


def check(policy: str, type_: str, props: dict[str, Any], *, stack: str = "staging",
          config: dict[str, Any] | None = None, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # fmt: skip
    monkeypatch.setenv("PULUMI_STACK", stack)
    found: list[str] = []
    p = BY_NAME[policy]
    assert isinstance(p, ResourceValidationPolicy)
    args = ResourceValidationArgs(type_, props, f"urn:pulumi:{stack}::p::{type_}::r", "r", opts(), None, config or {})
    p.validate(args, lambda message, urn=None: found.append(message))  # type: ignore[misc, operator]
    return found


def stack_check(policy: str, resources: list[tuple[str, str, dict[str, Any]]], *, stack: str = "staging",
                config: dict[str, Any] | None = None, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # fmt: skip
    monkeypatch.setenv("PULUMI_STACK", stack)
    found: list[str] = []
    p = BY_NAME[policy]
    assert isinstance(p, StackValidationPolicy)
    res = [PolicyResource(t, props, f"urn::{name}", name, opts(), None, None, [], {}) for t, name, props in resources]
    p.validate(StackValidationArgs(res, config or {}), lambda message, urn=None: found.append(message))  # type: ignore[misc, operator]
    return found


def test_stack_tiers_from_configurable_patterns() -> None:
    assert stack_tier({}, "prod") == "production"
    assert stack_tier({}, "eu-prod") == "production"
    assert stack_tier({}, "dev") == "sandbox"
    assert stack_tier({}, "staging") is None
    assert stack_tier({"productionStacks": ["live-*"]}, "live-eu") == "production"


def test_delivery_mode_by_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    whitelist, everyone = {"delivery_mode": "WHITELIST"}, {"delivery_mode": "ALL"}
    [msg] = check("production-delivery-mode", SETTINGS, whitelist, stack="prod", monkeypatch=monkeypatch)
    assert "NotificationsSettings 'r': delivery_mode is WHITELIST" in msg
    assert "delivery_mode='ALL'" in msg
    assert check("production-delivery-mode", SETTINGS, everyone, stack="prod", monkeypatch=monkeypatch) == []
    assert check("production-delivery-mode", SETTINGS, whitelist, stack="dev", monkeypatch=monkeypatch) == []
    [msg] = check("sandbox-delivery-mode", SETTINGS, everyone, stack="dev", monkeypatch=monkeypatch)
    assert "sandbox stack 'dev'" in msg
    assert check("sandbox-delivery-mode", SETTINGS, whitelist, stack="dev", monkeypatch=monkeypatch) == []
    assert check("sandbox-delivery-mode", SETTINGS, {}, stack="prod", monkeypatch=monkeypatch) == []


def test_sandbox_remediation_restricts_delivery(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_STACK", "dev")
    policy = BY_NAME["sandbox-delivery-mode"]
    assert isinstance(policy, ResourceValidationPolicy)
    props = {"environment_id": ENV, "delivery_mode": "ALL", "__provider": "keep"}
    args = ResourceValidationArgs(SETTINGS, props, "urn", "r", opts(), None, {})
    fixed = policy.remediate(args)  # type: ignore[misc]
    assert fixed == {"environment_id": ENV, "delivery_mode": "WHITELIST", "__provider": "keep"}


def test_quotas(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check("daily-quota-bounds", SETTINGS, {"restrictions": {"sms_voice_quota": {"daily": 10}}},
                 monkeypatch=monkeypatch) == []  # fmt: skip
    [msg] = check("daily-quota-bounds", SETTINGS, {"restrictions": {"sms_voice_quota": {"daily": 45}}},
                  monkeypatch=monkeypatch)  # fmt: skip
    assert "restrictions.sms_voice_quota.daily is 45" in msg
    assert "1–30" in msg
    assert check("daily-quota-bounds", SETTINGS, {}, monkeypatch=monkeypatch)[0].endswith("between 1 and 30.")
    assert check("daily-quota-bounds", SETTINGS, {"restrictions": {"sms_voice_quota": {"daily": 45}}},
                 config={"maxDaily": 50}, monkeypatch=monkeypatch) == []  # fmt: skip

    good = {"quotas": [{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 10}]}
    assert check("user-quota-bounds", POLICY, good, monkeypatch=monkeypatch) == []
    msgs = check("user-quota-bounds", POLICY, {"quotas": [{"type": "USER", "claimed": 30, "unclaimed": 5}]},
                 monkeypatch=monkeypatch)  # fmt: skip
    assert msgs == ["NotificationPolicy 'r': quotas[0].claimed is 30; at most 20 per user per day is allowed here. "
                    "Lower it."]  # fmt: skip
    assert "no USER quota" in check("user-quota-bounds", POLICY, {"quotas": []}, monkeypatch=monkeypatch)[0]

    [msg] = check("production-environment-quota", POLICY, good, stack="prod", monkeypatch=monkeypatch)
    assert "no ENVIRONMENT quota" in msg
    env_quota = {"quotas": [*good["quotas"], {"type": "ENVIRONMENT", "total": 1000}]}
    assert check("production-environment-quota", POLICY, env_quota, stack="prod", monkeypatch=monkeypatch) == []
    assert check("production-environment-quota", POLICY, good, stack="dev", monkeypatch=monkeypatch) == []


def test_provider_urls_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    def phone(url: str, **extra: Any) -> dict[str, Any]:
        return {"provider": "CUSTOM_PROVIDER", "requests": [{"delivery_method": "SMS", "method": "POST", "url": url,
                                                             **extra}]}  # fmt: skip

    ok = phone("https://sms.acme.example/send", headers={"Content-Type": "application/json"},
               body='{"to": "${to}", "text": "${message}"}')  # fmt: skip
    for name in ("provider-https-allowed-hosts", "no-credentials-in-urls", "provider-credentials-are-secrets"):
        assert check(name, PHONE, ok, monkeypatch=monkeypatch) == [], name
    [msg] = check("provider-https-allowed-hosts", PHONE, phone("http://sms.acme.example/send"), monkeypatch=monkeypatch)
    assert "requests[0].url uses http://" in msg
    allowed = {"allowedHosts": ["*.acme.example"]}
    assert check("provider-https-allowed-hosts", PHONE, ok, config=allowed, monkeypatch=monkeypatch) == []
    [msg] = check("provider-https-allowed-hosts", PHONE, phone("https://evil.example/x"), config=allowed,
                  monkeypatch=monkeypatch)  # fmt: skip
    assert "evil.example, which is not an allowed provider host" in msg
    oauth = {**ok, "authentication": {"method": "OAUTH2", "auth_url": "http://login.acme.example/token"}}
    assert "authentication.auth_url" in check("provider-https-allowed-hosts", PHONE, oauth, monkeypatch=monkeypatch)[0]

    assert "embeds credentials" in check("no-credentials-in-urls", PHONE, phone("https://u:p@sms.acme.example/x"),
                                         monkeypatch=monkeypatch)[0]  # fmt: skip
    [msg] = check("no-credentials-in-urls", PHONE, phone("https://sms.acme.example/x?to=${to}&api_key=abc123"),
                  monkeypatch=monkeypatch)  # fmt: skip
    assert "requests[0].url passes a credential in its query (api_key=...)" in msg

    [msg] = check(
        "provider-credentials-are-secrets",
        PHONE,
        phone("https://sms.acme.example/x", headers={"Authorization": "Bearer abc"}),
        monkeypatch=monkeypatch,
    )
    assert "requests[0].headers['Authorization'] holds a credential" in msg
    assert check("provider-credentials-are-secrets", PHONE,
                 phone("https://sms.acme.example/x", body='{"apiKey": "sk_live_123456", "to": "${to}"}'),
                 monkeypatch=monkeypatch) != []  # fmt: skip


def test_email_domains(monkeypatch: pytest.MonkeyPatch) -> None:
    props = {"from_": {"address": "noreply@acme.example"}, "reply_to": {"address": "help@mail.acme.example"}}
    config = {"allowedDomains": ["acme.example"]}
    assert check("email-sender-domains", SETTINGS, props, config=config, monkeypatch=monkeypatch) == []
    [msg] = check("email-sender-domains", CONTENT, {"from_": {"address": "x@gmail.com"}}, config=config,
                  monkeypatch=monkeypatch)  # fmt: skip
    assert "from_.address x@gmail.com is not on an allowed domain" in msg
    assert check("email-sender-domains", SETTINGS, {"from_": {"address": "x@gmail.com"}}, monkeypatch=monkeypatch) == []


def test_template_contents(monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"template_name": "strong_authentication", "locale": "en", "delivery_method": "SMS"}
    assert check("template-content-rules", CONTENT, {**base, "content": "Code ${otp}"}, monkeypatch=monkeypatch) == []
    [msg] = check("template-content-rules", CONTENT, {**base, "content": "Hello"}, monkeypatch=monkeypatch)
    assert "lacks ${otp}" in msg
    [msg] = check("template-content-rules", CONTENT, {**base, "content": "${otp} " + "ж" * 70}, monkeypatch=monkeypatch)
    assert "UCS-2" in msg
    assert check("template-content-rules", CONTENT, {**base, "delivery_method": "Push", "title": "t", "body": "b"},
                 monkeypatch=monkeypatch) == []  # fmt: skip
    [msg] = check("template-content-rules", CONTENT, {**base, "content": "${otp}", "locale": "pt"},
                  config={"allowedLocales": ["en", "fr"]}, monkeypatch=monkeypatch)  # fmt: skip
    assert "locale pt is not one of" in msg


def test_production_cooldown(monkeypatch: pytest.MonkeyPatch) -> None:
    on = {"enabled": True, "resend_limit": 3, "periods": []}
    good = {"cooldown_configuration": {"sms": on, "voice": on, "email": {"enabled": False}}}
    assert check("production-cooldown", POLICY, good, stack="prod", monkeypatch=monkeypatch) == []
    msgs = check("production-cooldown", POLICY, {}, stack="prod", monkeypatch=monkeypatch)
    assert [m.split(":")[1].split(" is")[0].strip() for m in msgs] == [
        "cooldown_configuration.sms",
        "cooldown_configuration.voice",
    ]
    assert check("production-cooldown", POLICY, {}, stack="dev", monkeypatch=monkeypatch) == []


def test_fallback_chain_references(monkeypatch: pytest.MonkeyPatch) -> None:
    gw = (PHONE, "gw", {"id": "p1", "environment_id": ENV})
    far = (PHONE, "far", {"id": "p2", "environment_id": OTHER_ENV})
    settings = (SETTINGS, "s", {"environment_id": ENV, "sms_providers_fallback_chain": ["p1", "PINGONE_TWILIO"]})
    policy = (POLICY, "pol", {"environment_id": ENV, "provider_configuration": {
        "conditions": [{"fallback_chain": [{"id": "p1"}]}]}})  # fmt: skip
    assert stack_check("fallback-chain-references", [gw, far, settings, policy], monkeypatch=monkeypatch) == []
    bad_settings = (SETTINGS, "s", {"environment_id": ENV, "sms_providers_fallback_chain": ["p2", "zzz"]})
    bad_policy = (POLICY, "pol", {"environment_id": ENV, "provider_configuration": {
        "conditions": [{"fallback_chain": [{"id": "PINGONE_TWILIO"}]}]}})  # fmt: skip
    msgs = stack_check("fallback-chain-references", [gw, far, bad_settings, bad_policy], monkeypatch=monkeypatch)
    assert any("sms_providers_fallback_chain[0] is p2, a phone delivery settings ID in another environment" in m
               for m in msgs)  # fmt: skip
    assert any("sms_providers_fallback_chain[1] is zzz" in m and "not managed by this stack" in m for m in msgs)
    assert any("provider_configuration.conditions[0].fallback_chain[0] is PINGONE_TWILIO" in m for m in msgs)
    lonely = (SETTINGS, "s", {"environment_id": ENV, "sms_providers_fallback_chain": ["p1"]})
    [msg] = stack_check("fallback-chain-references", [gw, lonely], stack="prod", monkeypatch=monkeypatch)
    assert "no fallback after p1" in msg
    assert stack_check("fallback-chain-references", [gw, lonely], stack="dev", monkeypatch=monkeypatch) == []


def test_locale_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    def content(locale: str, method: str = "SMS") -> tuple[str, str, dict[str, Any]]:
        return (CONTENT, f"c-{locale}-{method}", {"environment_id": ENV, "template_name": "general",
                                                  "delivery_method": method, "locale": locale})  # fmt: skip

    config = {"requiredLocales": ["en", "fr"]}
    assert stack_check("locale-coverage", [content("en"), content("FR")], config=config, monkeypatch=monkeypatch) == []
    [msg] = stack_check("locale-coverage", [content("en"), content("fr"), content("en", "Email")], config=config,
                        monkeypatch=monkeypatch)  # fmt: skip
    assert "template general (Email)" in msg
    assert "not for fr" in msg
