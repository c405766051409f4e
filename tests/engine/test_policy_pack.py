"""Issue 6 through the real CLI: `pulumi preview --policy-pack policy` on compliant and violating stacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess

from .harness import Harness, harness

PACK = str(Path(__file__).resolve().parents[2] / "policy")
ON = {"enabled": True, "resend_limit": 3, "periods": [{"duration": 30, "time_unit": "SECONDS"},
      {"duration": 1, "time_unit": "MINUTES"}, {"duration": 5, "time_unit": "MINUTES"}]}  # fmt: skip
OFF = {"enabled": False}


def compliant() -> list[dict[str, Any]]:
    return [
        {"type": "PhoneDeliverySettings", "name": "gw", "args": {
            "provider": "CUSTOM_PROVIDER", "name": "Gateway",
            "authentication": {"method": "BEARER", "auth_token": "t0k3n-value"},
            "requests": [{"delivery_method": "SMS", "method": "POST", "url": "https://sms.acme.example/send",
                          "body": "to=${to}&text=${message}"}]}},
        {"type": "NotificationPolicy", "name": "policy", "args": {
            "name": "Prod",
            "quotas": [{"type": "USER", "total": 10}, {"type": "ENVIRONMENT", "delivery_methods": ["Email"],
                                                       "total": 10000}],
            "cooldown_configuration": {"sms": ON, "voice": ON, "email": OFF, "whats_app": OFF},
            "provider_configuration": {"conditions": [{"fallback_chain": ["@gw"]}]}}},
        {"type": "NotificationsSettings", "name": "settings", "args": {
            "delivery_mode": "ALL", "restrictions": {"sms_voice_quota": {"daily": 20}},
            "sms_providers_fallback_chain": ["@gw", "PINGONE_TWILIO"],
            "from_": {"name": "Acme", "address": "noreply@acme.example"}}},
        {"type": "NotificationTemplateContent", "name": "otp", "args": {
            "template_name": "strong_authentication", "locale": "en", "delivery_method": "SMS",
            "content": "Code ${otp}"}},
    ]  # fmt: skip


@pytest.fixture
def prod(pulumi_cli: Path, emulator: EmulatorProcess) -> Any:
    with harness(emulator, stack_name="prod") as h:
        yield h


def pack_config(tmp_path: Path, **overrides: Any) -> str:
    config = {"provider-https-allowed-hosts": {"allowedHosts": ["*.acme.example"]},
              "email-sender-domains": {"allowedDomains": ["acme.example"]}, **overrides}  # fmt: skip
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps(config))
    return str(path)


def preview(h: Harness, config: str) -> tuple[bool, str]:
    try:
        h.stack.preview(policy_packs=[PACK], policy_pack_configs=[config])
    except auto.CommandError as err:
        return False, str(err)
    return True, "\n".join(h.stack.output)


def test_a_compliant_stack_previews_clean(prod: Harness, tmp_path: Path) -> None:
    prod.declare(*compliant())
    prod.stack.up()  # so the stack policies see real IDs
    ok, output = preview(prod, pack_config(tmp_path))
    assert ok, output[-3000:]
    assert "Policies:" in output or "pingone-notifications" in output, output[-2000:]
    assert "mandatory" not in output.lower()


def test_a_violating_stack_fails_with_the_mandatory_violations_and_shows_advisories(
    prod: Harness, tmp_path: Path
) -> None:
    resources = compliant()
    # https: since an http:// URL is refused by the provider's own check (PingOne calls custom providers over
    # HTTPS only), which stops the preview before policies run; the policy's other half is the host list.
    resources[0]["args"]["requests"][0]["url"] = "https://evil.example/send?api_key=abc123"
    resources[0]["args"]["requests"][0]["headers"] = {"X-API-Key": "plain-secret"}
    resources[1]["args"]["quotas"] = [{"type": "USER", "total": 40}]
    resources[1]["args"]["cooldown_configuration"] = None
    resources[2]["args"]["delivery_mode"] = "WHITELIST"
    resources[2]["args"]["restrictions"] = {"sms_voice_quota": {"daily": 45}}
    resources[2]["args"]["from_"] = {"address": "noreply@gmail.com"}
    resources.append({"type": "NotificationTemplateContent", "name": "otp-pt", "args": {
        "template_name": "strong_authentication", "locale": "pt", "delivery_method": "SMS",
        "content": "Código ${otp}"}})  # fmt: skip
    prod.declare(*resources)
    config = pack_config(tmp_path, **{"template-content-rules": {"allowedLocales": ["en", "fr"]}})
    with prod.no_writes():
        ok, text = preview(prod, config)
    assert not ok, "mandatory violations fail the preview"
    expected = {
        "provider-https-allowed-hosts": "requests[0].url points at evil.example, which is not an allowed",
        "no-credentials-in-urls": "passes a credential in its query (api_key=...)",
        "provider-credentials-are-secrets": "requests[0].headers['X-API-Key'] holds a credential",
        "user-quota-bounds": "quotas[0].total is 40",
        "production-environment-quota": "no ENVIRONMENT quota",
        "production-cooldown": "cooldown_configuration.sms is not enabled",
        "production-delivery-mode": "delivery_mode is WHITELIST in production stack 'prod'",
        "daily-quota-bounds": "restrictions.sms_voice_quota.daily is 45",
        "email-sender-domains": "from_.address noreply@gmail.com is not on an allowed domain",
        "template-content-rules": "locale pt is not one of this organisation's locales",
    }
    for policy, words in expected.items():
        assert policy in text, policy
        assert words in text, words
    assert "mandatory" in text
    assert "plain-secret" not in text, "a policy message never repeats the credential"


def test_advisory_violations_are_shown_without_failing(prod: Harness, tmp_path: Path) -> None:
    resources = compliant()
    resources.append({"type": "NotificationTemplateContent", "name": "otp-email", "args": {
        "template_name": "strong_authentication", "locale": "en", "delivery_method": "Email", "subject": "Code",
        "body": "${otp}"}})  # fmt: skip
    prod.declare(*resources)
    prod.stack.up()
    ok, output = preview(prod, pack_config(tmp_path, **{"locale-coverage": {"requiredLocales": ["en", "de"]}}))
    assert ok, output[-3000:]
    assert "locale-coverage" in output
    assert "advisory" in output
    assert "but not for de" in output
