"""The provider and the emulator are independent witnesses of PingOne (issue 16, "two independent witnesses");
this property test keeps them consistent over generated arguments of every resource:

* whatever the provider's ``check`` accepts, the emulator accepts (the create succeeds), and right after the
  create the provider's ``diff`` sees no change (a real ``pulumi preview`` after ``up`` is pinned on a few
  examples in ``tests/engine/test_witnesses_preview.py``);
* whatever the emulator refuses for a reason knowable without a write, the provider refuses at preview: the
  contrapositive of the first, checked on the same examples (a create that the emulator refuses with 400
  after ``check`` accepted is a failure, naming the emulator's reason).

Arguments are generated near the documented edges (SMS length per encoding, sender IDs, locales, email
addresses, URLs, quotas, cooldown periods, fallback chains). Reasons that need state the provider does not
read (trusted sender addresses, enabled languages) are set up so that they hold; those stay the emulator's
alone. Examples are few and run against the emulator over HTTP without the engine, so the whole test stays
in seconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingone_notifications.errors import ApiError
from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import NotificationTemplateContentProvider
from pingone_notifications.testing import EmulatorProcess

from .test_provider_fidelity import configured

EXAMPLES = settings(max_examples=50, deadline=None, derandomize=True, database=None)

# ---- text near the documented edges ------------------------------------------------------------------------------
GSM = "abcXYZ019 @£$¥èéΔ_!?.,-\n"
GSM_EXTENSION = "^{}[]~|€\\"
OUTSIDE_GSM = "ęłżЖ中😀"
sms_text = st.one_of(
    st.text(st.sampled_from(GSM), min_size=1, max_size=160),
    st.text(st.sampled_from(GSM + GSM_EXTENSION), min_size=70, max_size=160),
    st.text(st.sampled_from(GSM + OUTSIDE_GSM), min_size=1, max_size=75),
    st.builds(lambda n: "a" * n, st.integers(150, 155)),
    st.builds(lambda n: "Ж" * n, st.integers(64, 70)),
    st.builds(lambda n: "😀" * n, st.integers(30, 36)),
)
sender = st.one_of(st.none(), st.text(st.sampled_from("AcmeID 09-_.é"), min_size=0, max_size=13))
locale = st.sampled_from(["en", "EN", "fr", "fr-CA", "fr_ca", "de", "es", "pt", "pt-BR", "zh", "cs", "xx", "en-XX"])
variant = st.one_of(st.none(), st.text(st.sampled_from("ab-_ 1"), min_size=1, max_size=5), st.just("v" * 101))
email = st.sampled_from(
    ["noreply@acme.example", "a.b+c@mail.acme.example", "x@acme", "@acme.example", "no reply@acme.example",
     "no..reply@acme.example", "noreply@-acme.example", "NoReply@ACME.example"]
)  # fmt: skip
party = st.one_of(
    st.none(), st.fixed_dictionaries({"address": email}, optional={"name": st.sampled_from(["Acme", ""])})
)
variable = st.sampled_from(["", " ${user.username}", " ${otp}", " ${bad name}", " ${}"])


@st.composite
def content_args(draw: st.DrawFn) -> dict[str, Any]:
    method = draw(st.sampled_from(["SMS", "Email", "Voice", "Push"]))
    args: dict[str, Any] = {"template_name": "general", "locale": draw(locale), "delivery_method": method}
    if (v := draw(variant)) is not None:
        args["variant"] = v
    if method == "SMS":
        args["content"] = draw(sms_text) + draw(variable)
        if (s := draw(sender)) is not None:
            args["sender"] = s
    elif method == "Email":
        args["subject"] = draw(st.one_of(st.text(min_size=1, max_size=5), st.just("s" * 257)))
        args["body"] = draw(st.one_of(st.just("Hello"), st.just("é" * 51_201))) + draw(variable)
        for key in ("from_", "reply_to"):
            if (p := draw(party)) is not None:
                args[key] = p
    elif method == "Voice":
        args["content"] = draw(st.one_of(st.just("Your code"), st.just("v" * 1025))) + draw(variable)
    else:
        args["title"] = draw(st.one_of(st.just("Title"), st.just("t" * 201)))
        args["body"] = draw(st.one_of(st.just("Body"), st.just("b" * 401)))
    return args


period = st.fixed_dictionaries(
    {"duration": st.sampled_from([0, 1, 9, 10, 11, 600, 601]), "time_unit": st.sampled_from(["SECONDS", "MINUTES"])}
)
cooldown_method = st.one_of(
    st.just({"enabled": False}),
    st.fixed_dictionaries(
        {"enabled": st.just(True), "periods": st.one_of(st.lists(period, min_size=3, max_size=3),
                                                         st.lists(period, min_size=2, max_size=4)),
         "resend_limit": st.integers(0, 11)},
        optional={"group_by": st.sampled_from(["USER_ID", ""])},
    ),
)  # fmt: skip


@st.composite
def policy_args(draw: st.DrawFn) -> dict[str, Any]:
    args: dict[str, Any] = {"name": draw(st.text(st.sampled_from("Pol 1é"), min_size=1, max_size=8)) + "-p"}
    quota_type = draw(st.sampled_from(["USER", "ENVIRONMENT"]))
    total = draw(st.sampled_from([-1, 0, 1, 50, 51, 1000]))
    args["quotas"] = draw(st.sampled_from([[], [{"type": quota_type, "total": total}]]))
    limit = draw(st.sampled_from(["NONE", "ALLOWED", "DENIED", None]))
    if limit is not None:
        args["country_limit"] = {"type": limit}
        if limit != "NONE" or draw(st.booleans()):
            args["country_limit"]["countries"] = draw(
                st.lists(st.sampled_from(["US", "CA", "GB", "XX", "us"]), min_size=0, max_size=3)
            )
    if draw(st.booleans()):
        args["cooldown_configuration"] = {m: draw(cooldown_method) for m in ("email", "sms", "voice", "whats_app")}
    return args


@st.composite
def settings_args(draw: st.DrawFn) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if (mode := draw(st.sampled_from([None, "ALL", "WHITELIST"]))) is not None:
        args["delivery_mode"] = mode
    if draw(st.booleans()):
        args["restrictions"] = {"sms_voice_quota": {"daily": draw(st.sampled_from([-1, 0, 30, 50, 51]))}}
    if draw(st.booleans()):
        args["sms_providers_fallback_chain"] = draw(
            st.lists(st.sampled_from(["PINGONE_TWILIO", "twilio", "@gateway"]), max_size=3)
        )
    for key in ("from_", "reply_to"):
        if (p := draw(party)) is not None:
            args[key] = p
    if draw(st.booleans()):
        count = draw(st.sampled_from([0, 1, 50, 51]))
        args["whitelist"] = [f"2b5f1c7e-0c1d-4a1e-9f3a-{i:012d}" for i in range(count)]
    return args


url = st.sampled_from(
    ["https://sms.example.com/send", "https://localhost:8443/send", "http://sms.example.com/send",
     "ftp://sms.example.com/send", "https://sms.example.com:99999/send", "sms.example.com/send"]
)  # fmt: skip


@st.composite
def phone_args(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["CUSTOM_PROVIDER", "CUSTOM_PROVIDER", "CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"]))
    if kind != "CUSTOM_PROVIDER":
        args: dict[str, Any] = {"provider": kind, "auth_token": "token-1"}
        if kind == "CUSTOM_TWILIO":
            args["sid"] = "AC" + draw(st.text(st.sampled_from("0123456789abcdef"), min_size=4, max_size=8))
        return args
    requests = []
    for _ in range(draw(st.integers(1, 3))):
        method = draw(st.sampled_from(["GET", "POST"]))
        base = draw(url)
        request: dict[str, Any] = {"delivery_method": draw(st.sampled_from(["SMS", "VOICE"])), "method": method}
        if method == "GET":
            request["url"] = base + draw(st.sampled_from(["?to=${to}&m=${message}", "?to=${to}"]))
        else:
            request["url"] = base
            if (body := draw(st.sampled_from([None, "to=${to}&m=${message}", "m=${message}"]))) is not None:
                request["body"] = body
        if request["delivery_method"] == "VOICE" and draw(st.booleans()):
            request["before_tag"] = "<Say>"
        requests.append(request)
    auth = draw(
        st.sampled_from(
            [{"method": "BASIC", "username": "u", "password": "p"}, {"method": "BEARER", "auth_token": "t"},
             {"method": "OAUTH2", "auth_url": "https://login.example.com/token", "client_id": "c",
              "client_secret": "s", "scopes": "sms"},
             {"method": "OAUTH2", "auth_url": "http://login.example.com/token", "client_id": "c", "client_secret": "s"}]
        )
    )  # fmt: skip
    return {"provider": kind, "name": draw(st.text(st.sampled_from("Gw 1"), min_size=1, max_size=6)) + "-g",
            "authentication": auth, "requests": requests}  # fmt: skip


# ---- the property -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def witness(emulator: EmulatorProcess) -> Callable[[Any, dict[str, Any]], str]:
    # Enabled languages are not read by the provider either (PingOne's languages API is not modelled): the
    # generated regional locales are enabled, so only the document's rules decide.
    env = emulator.add_environment(region="NA", env_type="PRODUCTION", languages=["pt-BR"])
    app = emulator.add_worker_app(env["id"])
    # Not knowable by the provider (PingOne manages them elsewhere): every generated sender address is trusted.
    addresses = ["noreply@acme.example", "a.b+c@mail.acme.example", "noreply@acme.example"]
    emulator.control("PUT", f"environments/{env['id']}/trusted-emails", {"addresses": addresses})
    phone = configured(PhoneDeliverySettingsProvider(), emulator, app)
    sms = [{"delivery_method": "SMS", "method": "POST", "url": "https://x.example.com/s"}]
    gateway = {"environment_id": env["id"], "provider": "CUSTOM_PROVIDER", "name": "Chain target",
               "authentication": {"method": "BEARER", "auth_token": "t"}, "requests": sms}  # fmt: skip
    gateway_id = phone.create(phone.check({}, gateway).inputs).id

    def resolve(value: Any) -> Any:
        if value == "@gateway":
            return gateway_id
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    def run(provider_class: Any, args: dict[str, Any]) -> str:
        provider = configured(provider_class(), emulator, app)
        props = resolve({"environment_id": env["id"], **args})
        checked = provider.check({}, props)
        if props.get("provider") in ("CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"):  # valid credentials: not knowable
            emulator.add_provider_account(props["provider"], props["auth_token"], sid=props.get("sid"))
        if checked.failures:
            return "refused at preview"  # nothing to compare: the emulator is never asked
        try:
            created = provider.create(checked.inputs)
        except ApiError as err:
            pytest.fail(f"the provider's check accepted {props!r} but the emulator refused it: {err}")
        try:
            after = provider.diff(created.id, created.outs, checked.inputs)
            assert not after.changes, f"a preview right after create would show a change for {props!r}"
            assert after.replaces == []
        finally:
            provider.delete(created.id, created.outs)
        return "created"

    return run


CASES = [
    pytest.param(NotificationTemplateContentProvider, content_args(), id="template-content"),
    pytest.param(NotificationPolicyProvider, policy_args(), id="notification-policy"),
    pytest.param(NotificationsSettingsProvider, settings_args(), id="notifications-settings"),
    pytest.param(PhoneDeliverySettingsProvider, phone_args(), id="phone-delivery-settings"),
]


@pytest.mark.parametrize(("provider_class", "strategy"), CASES)
def test_provider_check_and_emulator_agree(
    witness: Callable[[Any, dict[str, Any]], str], provider_class: Any, strategy: Any, figures: Any
) -> None:
    outcomes: Counter[str] = Counter()

    @EXAMPLES
    @given(args=strategy)
    def example(args: dict[str, Any]) -> None:
        outcomes[witness(provider_class, args)] += 1

    example()
    figures(f"witnesses/{provider_class.type_name}", **outcomes)
    # not vacuous: both sides of the property were exercised
    assert outcomes["created"] >= 5, outcomes
    assert outcomes["refused at preview"] >= 3, outcomes
