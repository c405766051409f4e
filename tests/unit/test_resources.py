"""Provider logic called directly: check failures on exact paths, diff (changes/replaces), pickling."""

from __future__ import annotations

import base64
from typing import Any

import dill
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from pingone_notifications.resources._base import PENDING_ID, _fill_unknowns
from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import (
    ContentModel,
    NotificationTemplateContentProvider,
    variable_failures,
)

ENV = "11111111-1111-4111-8111-111111111111"
CONFIG = {
    "pingone:regionCode": "NA",
    "pingone:environmentId": ENV,
    "pingone:clientId": "c",
    "pingone:clientSecret": "s3cret-xyz",
    "pingone:apiUrl": "http://127.0.0.1:9/{region}/v1",
    "pingone:authUrl": "http://127.0.0.1:9/{region}",
}


def configured(provider: Any) -> Any:
    provider.configure(ConfigureRequest(Config(CONFIG, "test")))
    return provider


def failures(provider: Any, props: dict[str, Any]) -> dict[str, str]:
    result = configured(provider).check({}, {"__provider": "x", **props})
    return {f.property: f.reason for f in result.failures}


# ---- check -------------------------------------------------------------------------------------------------------
def test_policy_check_names_each_bad_property() -> None:
    bad = failures(
        NotificationPolicyProvider(),
        {
            "environment_id": "not-an-id",
            "name": "",
            "quotas": [{"type": "USER", "total": 60}, {"type": "TEAM"}],
            "country_limit": {"type": "ALLOWED", "countries": ["usa"]},
            "cooldown_configuration": {"email": {"enabled": True}},
            "provider_configuration": {"conditions": [{"countries": ["US"], "fallback_chain": ["a"]}]},
            "totl": 3,
        },
    )
    assert set(bad) == {
        "environment_id",
        "name",
        "quotas[0]",
        "quotas[1].type",
        "country_limit.countries[0]",
        "cooldown_configuration.sms",
        "cooldown_configuration.voice",
        "cooldown_configuration.whats_app",
        "cooldown_configuration.email",
        "provider_configuration.conditions[0].fallback_chain[0].id",
        "totl",
    }
    assert "at most 50" in bad["quotas[0]"]
    assert bad["totl"].startswith("totl: unknown property 'totl'")
    assert "PingOne ID" in bad["environment_id"]


def test_typos_get_a_suggestion() -> None:
    bad = failures(
        NotificationPolicyProvider(), {"environment_id": ENV, "name": "P", "quotas": [{"type": "USER", "totl": 3}]}
    )
    assert "did you mean 'total'?" in bad["quotas[0].totl"]


def test_valid_policy_passes_and_inputs_are_kept() -> None:
    props = {
        "environment_id": ENV,
        "name": "P",
        "quotas": [{"type": "USER", "total": 5.0}],
        "cooldown_configuration": {m: {"enabled": False} for m in ("email", "sms", "voice", "whats_app")},
    }
    result = configured(NotificationPolicyProvider()).check({}, {"__provider": "x", **props})
    assert result.failures == []
    assert result.inputs == props


def test_unknown_values_are_not_judged_at_preview() -> None:
    props = {
        "environment_id": Unknown(),  # what check receives from the engine during preview
        "name": "P",
        "quotas": UNKNOWN,
        "provider_configuration": {"conditions": [{"fallback_chain": [Unknown()]}]},
    }
    assert failures(NotificationPolicyProvider(), props) == {}


def test_missing_connection_is_a_check_failure() -> None:
    provider = NotificationsSettingsProvider()
    provider.configure(ConfigureRequest(Config({}, "test")))
    result = provider.check({}, {"__provider": "x", "environment_id": ENV})
    [failure] = result.failures
    assert failure.property == "", "never a property whose value (with secrets) the engine would print"
    assert failure.reason.startswith("connection: ")
    assert "region_code is not set" in failure.reason


def test_content_check_rules() -> None:
    provider = NotificationTemplateContentProvider()
    base = {"environment_id": ENV, "template_name": "general", "locale": "en", "delivery_method": "SMS"}
    bad = failures(provider, {**base, "template_name": "nope", "locale": "xx-QQ", "content": "x"})
    assert {"template_name", "locale"} <= set(bad)
    bad = failures(provider, {**base, "content": "ж" * 68, "subject": "s", "sender": "Too long sender"})
    assert "sender" in bad
    assert "11" in bad["sender"]
    # cross-field rules report on the model: the foreign field and the too-long SMS
    bad = failures(provider, {**base, "content": "ж" * 68})
    assert any("UCS-2" in reason for reason in bad.values())
    bad = failures(provider, {**base, "content": "ok", "subject": "not for SMS"})
    assert any("subject" in reason and "SMS" in reason for reason in bad.values())
    assert failures(provider, {**base, "delivery_method": "Email", "subject": "s"}) != {}


def test_template_variables_allowed_and_required() -> None:
    template = {
        "deliveryMethods": ["SMS", "Email", "Voice", "Push"],
        "allowDynamicVariables": False,
        "variables": {
            "otp": {"required": True, "requiredForDeliveryMethods": ["SMS", "Voice", "Email"]},
            "user.username": {"required": False},
        },
    }

    def model(**kw: Any) -> ContentModel:
        return ContentModel.model_validate(
            {"environment_id": ENV, "template_name": "strong_authentication", "locale": "en", **kw}
        )

    out = variable_failures(model(delivery_method="SMS", content="Hi ${greeting}"), template)
    assert [f.property for f in out] == ["content", "content"]
    assert "does not allow ${greeting}" in out[0].reason
    assert "requires ${otp}" in out[1].reason
    assert variable_failures(model(delivery_method="SMS", content="${otp} ${user.username}"), template) == []
    assert variable_failures(model(delivery_method="Push", title="t", body="approve"), template) == []
    email = variable_failures(model(delivery_method="Email", subject="${bad}", body="${otp}"), template)
    assert [f.property for f in email] == ["subject"]
    assert (
        variable_failures(model(delivery_method="SMS", content="x"), {**template, "deliveryMethods": ["Email"]})[
            0
        ].property
        == "delivery_method"
    )


def test_phone_check_rules() -> None:
    provider = PhoneDeliverySettingsProvider()
    base = {
        "environment_id": ENV,
        "provider": "CUSTOM_PROVIDER",
        "name": "G",
        "authentication": {"method": "BASIC", "username": "u", "password": "p"},
        "requests": [{"delivery_method": "SMS", "method": "GET", "url": "https://x.example/s?to=${to}&m=${message}"}],
    }
    assert failures(provider, base) == {}
    bad = failures(provider, {**base, "authentication": {"method": "BEARER", "password": "canary-pw"}})
    assert list(bad) == [""], "failures under a secret-bearing property are reported without a property"
    assert bad[""].startswith("authentication: ")
    assert "auth_token" in bad[""]
    assert "canary-pw" not in bad[""]
    bad = failures(provider, {**base, "requests": [{"delivery_method": "SMS", "method": "GET", "url": "https://x/s"}]})
    assert "${to}" in bad["requests[0]"]
    # HTTPS only, caught at preview (Terraform provider IsURLWithHTTPS, ../shared/reference/
    # terraform-provider-notes.md §3.1; the emulator refuses the same: test_phone_settings_rules).
    for url in ("http://x.example/send", "http://localhost:8080/send", "ftp://x.example/send"):
        plain = [{"delivery_method": "SMS", "method": "POST", "url": url}]
        assert "https://" in failures(provider, {**base, "requests": plain})["requests[0]"]
    local = [{"delivery_method": "SMS", "method": "POST", "url": "https://localhost:8443/send"}]
    assert failures(provider, {**base, "requests": local}) == {}
    oauth = {"method": "OAUTH2", "auth_url": "http://login.example/token", "client_id": "c", "client_secret": "s"}
    assert "https://" in failures(provider, {**base, "authentication": oauth})[""]
    bad = failures(provider, {**base, "sid": "AC1"})
    assert "does not use sid" in next(iter(bad.values()))
    bad = failures(provider, {"environment_id": ENV, "provider": "CUSTOM_TWILIO", "auth_token": "t"})
    assert "needs sid" in next(iter(bad.values()))


def test_settings_check_rules() -> None:
    provider = NotificationsSettingsProvider()
    bad = failures(
        provider,
        {
            "environment_id": ENV,
            "restrictions": {"sms_voice_quota": {"daily": 51}},
            "delivery_mode": "SOME",
            "whitelist": ["x"],
            "from_": {"address": "bad"},
            "sms_providers_fallback_chain": ["PINGONE_TWILIO", "PINGONE_TWILIO"],
        },
    )
    assert {"restrictions.sms_voice_quota.daily", "delivery_mode", "whitelist[0]", "from_.address"} <= set(bad)


# ---- diff --------------------------------------------------------------------------------------------------------
def created_state(provider: Any, props: dict[str, Any], api: dict[str, Any]) -> dict[str, Any]:
    return {"__provider": "x", **configured(provider).outputs(props, api)}


def test_policy_diff_no_change_update_and_replace() -> None:
    provider = configured(NotificationPolicyProvider())
    props = {"environment_id": ENV, "name": "P", "quotas": [{"type": "USER", "total": 5}]}
    api = {
        "id": "p1",
        "environment": {"id": ENV},
        "name": "P",
        "default": False,
        "quotas": [{"type": "USER", "deliveryMethods": ["Voice", "SMS"], "total": 5}],
        "countryLimit": {"type": "NONE"},
        "createdAt": "t",
        "updatedAt": "t",
        "cooldownConfiguration": {m: {"enabled": False} for m in ("email", "sms", "voice", "whatsApp")},
        "_links": {"self": {"href": "x"}},
    }
    olds = created_state(provider, props, api)
    same = provider.diff("p1", olds, {"__provider": "x", **props})
    assert same.changes is False
    assert same.replaces == []
    assert provider.diff("p1", olds, {"__provider": "x", **props, "name": "Q"}).changes is True
    moved = provider.diff("p1", olds, {"__provider": "x", **props, "environment_id": ENV.replace("1", "2")})
    assert moved.replaces == ["environment_id"]
    unknown = provider.diff("p1", olds, {"__provider": "x", **props, "quotas": [Unknown()]})
    assert unknown.changes is True
    assert unknown.replaces == []


def test_removing_an_optional_argument_is_a_change() -> None:
    provider = configured(NotificationTemplateContentProvider())
    props = {
        "environment_id": ENV,
        "template_name": "general",
        "locale": "en",
        "delivery_method": "SMS",
        "content": "Hi",
        "sender": "Acme",
    }
    api = {
        "id": "c1",
        "locale": "EN",
        "deliveryMethod": "SMS",
        "content": "Hi",
        "sender": "Acme",
        "default": False,
        "template": {"id": "general"},
        "createdAt": "t",
        "updatedAt": "t",
    }
    olds = created_state(provider, props, api)
    assert provider.diff("c1", olds, {"__provider": "x", **props}).changes is False, (
        "locale compares case-insensitively"
    )
    without_sender = {k: v for k, v in props.items() if k != "sender"}
    assert provider.diff("c1", olds, {"__provider": "x", **without_sender}).changes is True
    replaced = provider.diff("c1", olds, {"__provider": "x", **props, "locale": "fr", "delivery_method": "Voice"})
    assert replaced.replaces == ["locale", "delivery_method"]


def test_rotated_secret_is_an_update_and_kind_change_a_replacement() -> None:
    provider = configured(PhoneDeliverySettingsProvider())
    props = {"environment_id": ENV, "provider": "CUSTOM_TWILIO", "sid": "AC1", "auth_token": "old"}
    api = {
        "id": "t1",
        "provider": "CUSTOM_TWILIO",
        "sid": "AC1",
        "numbers": [{"number": "+1"}],
        "createdAt": "t",
        "updatedAt": "t",
    }
    olds = created_state(provider, props, api)
    # Issue 16 item 14: state keeps a keyed digest of the secret the API never returns, not the secret itself
    assert olds["auth_token"].startswith("hmac-sha256:")
    assert "old" not in olds["auth_token"].removeprefix("hmac-sha256:")
    assert olds["auth_token"] == provider.secret_digest(props, olds["auth_token"]), "idempotent"
    other_key = {**props, "connection": {"client_secret": "another-worker-secret"}}
    assert provider.secret_digest(other_key, "old") != olds["auth_token"], "keyed by the worker app's secret"
    assert provider.diff("t1", olds, {"__provider": "x", **props}).changes is False
    assert provider.diff("t1", olds, {"__provider": "x", **props, "auth_token": "new"}).changes is True
    kind = provider.diff("t1", olds, {"__provider": "x", **props, "provider": "CUSTOM_SYNIVERSE"})
    assert kind.replaces == ["provider"]


def test_server_computed_fields_never_cause_a_diff() -> None:
    provider = configured(NotificationsSettingsProvider())
    props = {"environment_id": ENV, "whitelist": ["2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"]}
    api = {
        "environment": {"id": ENV},
        "deliveryMode": "WHITELIST",
        "restrictions": {"smsVoiceQuota": {"daily": 30}},
        "smsProvidersFallbackChain": [],
        "from": {"name": "PingOne", "address": "noreply@pingidentity.com"},
        "whitelist": [{"user": {"id": "2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"}}],
        "updatedAt": "later",
        "_links": {"self": {"href": "x"}},
        "somethingNew": 1,
    }
    olds = created_state(provider, props, api)
    assert provider.diff(ENV, olds, {"__provider": "x", **props}).changes is False


# ---- pickling ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cls",
    [
        NotificationPolicyProvider,
        NotificationsSettingsProvider,
        PhoneDeliverySettingsProvider,
        NotificationTemplateContentProvider,
    ],
)
def test_pickled_provider_is_a_small_reference_without_config(cls: type) -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    blob = serialize_provider(cls())
    raw = base64.b64decode(blob)
    assert len(raw) < 200, "a by-reference pickle (module + class name), not bytecode"
    assert b"pingone_notifications.resources" in raw
    assert b"s3cret" not in raw
    configured_blob = base64.b64decode(serialize_provider(configured(cls())))
    assert b"s3cret" not in configured_blob, "configuration (with the client secret) is never pickled"
    assert isinstance(dill.loads(raw), cls)  # noqa: S301 - our own blob


def test_unknown_ids_in_lists_pass_check_at_preview() -> None:
    """The engine sends pulumi.output.Unknown inside lists when a chain references a provider not created yet."""
    props = {"environment_id": ENV, "sms_providers_fallback_chain": [Unknown(), "PINGONE_TWILIO"]}
    assert failures(NotificationsSettingsProvider(), props) == {}
    content = {
        "environment_id": Unknown(),
        "template_name": "general",
        "locale": "en",
        "delivery_method": "SMS",
        "content": "Hi",
    }
    assert failures(NotificationTemplateContentProvider(), content) == {}


def test_fallback_chain_entries_are_ids_or_pingone_twilio_at_preview() -> None:
    # Issue 16 item 13. Settings chain: seed 003 ("represented ... by the ID of the corresponding
    # PhoneDeliverySettings resource ... PINGONE_TWILIO"), Terraform's Any(P1 resource UUID, "PINGONE_TWILIO")
    # (terraform-provider-notes.md §4.1). Policy chains: ResourceID (lower-case UUID), notes §2.1 / seed 004.
    good = "33f0d52f-c4db-48a5-9d02-702a18bc49c9"
    settings = NotificationsSettingsProvider()
    bad = failures(
        settings, {"environment_id": ENV, "sms_providers_fallback_chain": [good, "twilio", "PINGONE_TWILIO"]}
    )
    assert list(bad) == ["sms_providers_fallback_chain[1]"]
    assert "PINGONE_TWILIO" in bad["sms_providers_fallback_chain[1]"]
    policy = NotificationPolicyProvider()
    chain = {"conditions": [{"fallback_chain": [good, "my-gateway"]}]}
    bad = failures(policy, {"environment_id": ENV, "name": "p", "provider_configuration": chain})
    assert list(bad) == ["provider_configuration.conditions[0].fallback_chain[1].id"]
    chain = {"conditions": [{"fallback_chain": [good, Unknown()]}]}
    assert failures(policy, {"environment_id": ENV, "name": "p", "provider_configuration": chain}) == {}


# ---- adoption: what taking an existing object over writes -------------------------------------------------------
def test_adopting_a_twilio_account_compares_the_declared_numbers_only() -> None:
    # PingOne reports every number of the account; the program declares the ones it selects (issue 16 item 7)
    provider = configured(PhoneDeliverySettingsProvider())
    live = {
        "id": "t1",
        "provider": "CUSTOM_TWILIO",
        "sid": "AC1",
        "numbers": [
            {
                "type": "PHONE_NUMBER",
                "number": "+15550001",
                "selected": True,
                "available": True,
                "capabilities": ["SMS", "VOICE"],
            },
            {
                "type": "TOLL_FREE",
                "number": "+18440001",
                "selected": False,
                "available": True,
                "capabilities": ["SMS"],
                "supportedCountries": ["US", "CA"],
            },
        ],
    }
    props = {
        "environment_id": ENV,
        "provider": "CUSTOM_TWILIO",
        "sid": "AC1",
        "auth_token": "t",
        "numbers": [{"type": "PHONE_NUMBER", "number": "+15550001", "capabilities": ["SMS", "VOICE"]}],
    }
    assert provider.adoption_changes(props, live) == ["auth_token"], "only the secret, which PingOne never returns"
    both = {
        **props,
        "numbers": [*props["numbers"], {"type": "TOLL_FREE", "number": "+18440001", "capabilities": ["SMS"]}],
    }
    assert provider.adoption_changes(both, live) == ["numbers", "auth_token"], "selecting one more is a change"
    assert provider.adoption_changes({**props, "numbers": []}, live) == ["numbers", "auth_token"]


def test_a_condition_without_delivery_methods_is_one_for_sms_and_voice() -> None:
    # PingOne does not echo a condition's default deliveryMethods (issue 16 item 8); the resource sends both
    provider = configured(NotificationPolicyProvider())
    gateway = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    live = {
        "id": "p1",
        "name": "P",
        "quotas": [{"type": "USER", "deliveryMethods": ["SMS", "Voice"], "total": 5}],
        "countryLimit": {"type": "NONE"},
        "cooldownConfiguration": {m: {"enabled": False} for m in ("email", "sms", "voice", "whatsApp")},
        "providerConfiguration": {"conditions": [{"fallbackChain": [{"id": gateway}]}]},
    }
    props = {
        "environment_id": ENV,
        "name": "P",
        "quotas": [{"type": "USER", "total": 5}],
        "adopt": True,
        "provider_configuration": {"conditions": [{"fallback_chain": [gateway]}]},
    }
    assert provider.adoption_changes(props, live) == []
    sms_only = {"conditions": [{"fallback_chain": [gateway], "delivery_methods": ["SMS"]}]}
    assert provider.adoption_changes({**props, "provider_configuration": sms_only}, live) == ["provider_configuration"]
    olds = created_state(provider, props, live)
    assert provider.diff("p1", olds, {"__provider": "x", **props}).changes is False


def test_adoption_preview_with_references_not_created_yet_passes_the_id_rules() -> None:
    # The chain names a provider adopted in the same run (unknown at preview): the stand-in must pass the
    # UUID rule of issue 16 and then take the value PingOne has at that place.
    provider = configured(NotificationsSettingsProvider())
    gateway = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    inputs = {"environment_id": ENV, "adopt": True, "sms_providers_fallback_chain": [UNKNOWN, "PINGONE_TWILIO"]}
    stand_in = _fill_unknowns(inputs, None, PENDING_ID)
    provider._model(stand_in)  # raises on a reference that is not a UUID
    live = {"sms_providers_fallback_chain": [gateway, "PINGONE_TWILIO"]}
    assert _fill_unknowns(inputs, live, PENDING_ID)["sms_providers_fallback_chain"] == [gateway, "PINGONE_TWILIO"]
