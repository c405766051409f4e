"""The provider's own calls (check/create/update/read/delete, no engine) against the emulator over HTTP.

Each test pins a behaviour of the real PingOne and names its source (issue 16).
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import NotificationTemplateContentProvider
from pingone_notifications.testing import EmulatorProcess


def configured(provider: Any, emulator: EmulatorProcess, app: dict[str, Any]) -> Any:
    config = {k: getattr(v, "value", v) for k, v in emulator.stack_config(app).items()}
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


@pytest.fixture
def env_app(emulator: EmulatorProcess) -> tuple[dict[str, Any], dict[str, Any]]:
    env = emulator.add_environment(region="NA", env_type="PRODUCTION")
    return env, emulator.add_worker_app(env["id"])


def gateway(env_id: str, **overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "environment_id": env_id,
        "provider": "CUSTOM_PROVIDER",
        "name": "Gateway",
        "authentication": {"method": "BEARER", "auth_token": "tok-1"},
        "requests": [
            {
                "delivery_method": "SMS",
                "method": "POST",
                "url": "https://sms.example.com/send",
                "body": "to=${to}&m=${message}",
            },
        ],
    }
    props.update(overrides)
    return props


def test_custom_provider_updates_in_place_with_its_id_in_the_put(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Terraform provider issue #1065: without the object's id in the PUT body PingOne answers 400
    # UNIQUENESS_VIOLATION; the emulator answers so too (test_phone_settings_put_needs_its_own_id_in_the_body).
    env, app = env_app
    provider = configured(PhoneDeliverySettingsProvider(), emulator, app)
    olds = gateway(env["id"])
    created = provider.create(provider.check({}, olds).inputs)
    news = gateway(env["id"], authentication={"method": "BEARER", "auth_token": "tok-2"})
    news["requests"][0]["url"] = "https://sms2.example.com/send"
    assert provider.diff(created.id, created.outs, provider.check(olds, news).inputs).changes
    seq = emulator.last_seq()
    updated = provider.update(created.id, created.outs, provider.check(olds, news).inputs)
    assert updated.outs["requests"][0]["url"] == "https://sms2.example.com/send"
    puts = [r for r in emulator.requests(seq) if r["method"] == "PUT"]
    assert [r["status"] for r in puts] == [200]
    provider.delete(created.id, updated.outs)


def test_refresh_and_destroy_treat_a_deleted_environment_as_gone(emulator: EmulatorProcess) -> None:
    # Issue 16 item 3; ../shared/reference/terraform-provider-notes.md §7 (CheckEnvironmentExistsOnPermissionsError):
    # PingOne answers 400/401/403 under a deleted environment; GET /environments/{id} answering 404 means the
    # environment (and so the object) is gone: refresh drops it, destroy succeeds, instead of failing forever.
    admin = emulator.add_environment(region="NA", env_type="PRODUCTION")
    target = emulator.add_environment(region="NA", env_type="PRODUCTION")
    app = emulator.add_worker_app(admin["id"], environments=[target["id"]])
    provider = configured(PhoneDeliverySettingsProvider(), emulator, app)
    created = provider.create(provider.check({}, gateway(target["id"])).inputs)
    assert provider.read(created.id, created.outs).id == created.id

    other = emulator.add_environment(region="NA", env_type="PRODUCTION")
    emulator.add_worker_app(admin["id"], environments=[other["id"]])  # a 403 that is *not* a deletion
    stranger = {**created.outs, "environment_id": other["id"], "created_at": "2020-01-01T00:00:00.000Z"}
    with pytest.raises(Exception, match="403"):
        provider.read("6f1c2a9e-0d7b-4c1e-9a3f-2b8d4e6f1a0c", stranger)

    emulator.http.delete(f"/__emulator/environments/{target['id']}").raise_for_status()
    assert provider.read(created.id, created.outs).id == ""
    provider.delete(created.id, created.outs)  # no error: nothing is left to delete


def test_delivery_mode_and_whitelist_limit_depend_on_the_environment_type_at_preview(
    emulator: EmulatorProcess,
) -> None:
    # Seed 003: "ALL ... is supported in the production environment only"; "Sandbox environments have a
    # maximum limit of 50 users in the whitelist array". The provider reads GET /environments/{id} in check, so
    # the preview refuses what the sandbox would refuse and accepts 51 users in production.
    users = [f"2b5f1c7e-0c1d-4a1e-9f3a-{i:012d}" for i in range(51)]
    outcome = {}
    for kind in ("SANDBOX", "PRODUCTION"):
        env = emulator.add_environment(region="NA", env_type=kind)
        provider = configured(NotificationsSettingsProvider(), emulator, emulator.add_worker_app(env["id"]))
        all_mode = provider.check({}, {"environment_id": env["id"], "delivery_mode": "ALL"})
        many = provider.check({}, {"environment_id": env["id"], "delivery_mode": "WHITELIST", "whitelist": users})
        outcome[kind] = ({f.property for f in all_mode.failures}, {f.property for f in many.failures})
        if kind == "PRODUCTION":
            created = provider.create(many.inputs)
            assert len(created.outs["whitelist"]) == 51
    assert outcome == {"SANDBOX": ({"delivery_mode"}, {"whitelist"}), "PRODUCTION": (set(), set())}


def test_provider_waits_for_its_own_new_object_and_only_for_it(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Eventual consistency (Terraform provider notes §7: it retries 403/404 for new objects). Right after our own
    # create, a 404/403 is retried for a bounded time; for an object we did not just create it is final at once.
    env, app = env_app
    provider = configured(PhoneDeliverySettingsProvider(), emulator, app)
    emulator.set_faults(consistency_delay_ms=1200, consistency_status=404)
    try:
        created = provider.create(provider.check({}, gateway(env["id"])).inputs)
        seq = emulator.last_seq()
        assert provider.read(created.id, created.outs).id == created.id
        gets = [r["status"] for r in emulator.requests(seq) if r["method"] == "GET"]
        assert gets[0] == 404
        assert gets[-1] == 200

        second = provider.create(provider.check({}, gateway(env["id"], name="Second")).inputs)
        provider.delete(second.id, second.outs)  # right after create: a 404 must not be taken as "already gone"
        assert [o["id"] for o in emulator.objects(env["id"], "phone")] == [created.id]

        third = provider.create(provider.check({}, gateway(env["id"], name="Third")).inputs)
        old = {**third.outs, "created_at": "2020-01-01T00:00:00.000Z"}
        from pingone_notifications.resources import _base

        del _base._CREATED_HERE[third.id]  # as in a later run: known only from state, created long ago
        seq = emulator.last_seq()
        assert provider.read(third.id, old).id == "", "a 404 for an old object means it is gone"
        assert [r["status"] for r in emulator.requests(seq) if r["method"] == "GET"] == [404]
    finally:
        emulator.clear_faults()


def test_several_requests_per_delivery_method(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Issue 16 item 9: no document limits a custom provider to one request per delivery method; the Terraform
    # provider's schema has no such limit and its full custom-provider acceptance configuration sends two SMS
    # and two VOICE requests (a POST and a GET each). Both the provider's check and the emulator accept it.
    env, app = env_app
    provider = configured(PhoneDeliverySettingsProvider(), emulator, app)
    requests = [
        {"delivery_method": method, "method": "POST", "url": f"https://{method.lower()}.example.com/send",
         "body": "to=${to}&m=${message}"}
        for method in ("SMS", "VOICE")
    ] + [
        {"delivery_method": method, "method": "GET", "url": "https://gw.example.com/s?to=${to}&m=${message}"}
        for method in ("SMS", "VOICE")
    ]  # fmt: skip
    checked = provider.check({}, gateway(env["id"], requests=requests))
    assert checked.failures == []
    created = provider.create(checked.inputs)
    assert [r["delivery_method"] for r in created.outs["requests"]] == ["SMS", "VOICE", "SMS", "VOICE"]
    assert not provider.diff(created.id, created.outs, checked.inputs).changes


def content_provider(emulator: EmulatorProcess, app: dict[str, Any]) -> NotificationTemplateContentProvider:
    provider: NotificationTemplateContentProvider = configured(NotificationTemplateContentProvider(), emulator, app)
    return provider


def test_no_echoed_defaults_and_no_change_right_after_create(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Issue 16 item 8: PingOne returns only what was set: no default `from` on an email content (seed 001's
    # default sender applies when sending), no `sender: ""` on an SMS content, no `deliveryMethods` on a policy
    # condition that did not set them. The provider does not send them either, and sees no change afterwards.
    env, app = env_app
    provider = content_provider(emulator, app)
    base = {"environment_id": env["id"], "template_name": "general", "locale": "en"}
    for props, absent in (
        ({**base, "delivery_method": "Email", "subject": "Hi", "body": "Hello"}, "from_"),
        ({**base, "delivery_method": "SMS", "content": "Hello"}, "sender"),
    ):
        checked = provider.check({}, props)
        created = provider.create(checked.inputs)
        assert created.outs.get(absent) is None, created.outs
        assert not provider.diff(created.id, created.outs, checked.inputs).changes
    http = _api(emulator, app)
    condition = {"fallbackChain": [{"id": _gateway_id(emulator, env, app)}]}
    created_policy = http.post(
        f"/environments/{env['id']}/notificationsPolicies",
        json={"name": "no-echo", "quotas": [], "providerConfiguration": {"conditions": [condition]}},
    )
    assert created_policy.status_code == 200, created_policy.text
    assert created_policy.json()["providerConfiguration"]["conditions"] == [condition]


def test_removing_an_optional_nested_field_is_a_change(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Issue 16 item 11: from_.name, a reply-to name, OAuth2 scopes left out of the program must be removed from
    # PingOne (PUT is a full replacement), not silently kept.
    env, app = env_app
    emulator.control("PUT", f"environments/{env['id']}/trusted-emails", {"addresses": ["no@acme.example"]})
    provider = content_provider(emulator, app)
    olds = {"environment_id": env["id"], "template_name": "general", "locale": "en", "delivery_method": "Email",
            "subject": "Hi", "body": "Hello", "from_": {"name": "Acme", "address": "no@acme.example"},
            "reply_to": {"name": "Help", "address": "no@acme.example"}}  # fmt: skip
    created = provider.create(provider.check({}, olds).inputs)
    news = provider.check(
        olds, {**olds, "from_": {"address": "no@acme.example"}, "reply_to": {"address": "no@acme.example"}}
    ).inputs
    assert provider.diff(created.id, created.outs, news).changes
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["from_"] == {"address": "no@acme.example"}
    assert updated.outs["reply_to"] == {"address": "no@acme.example"}
    assert not provider.diff(created.id, updated.outs, news).changes

    phone = configured(PhoneDeliverySettingsProvider(), emulator, app)
    oauth = {"method": "OAUTH2", "auth_url": "https://login.example.com/token", "client_id": "c",
             "client_secret": "s", "scopes": "sms:send"}  # fmt: skip
    olds = gateway(env["id"], name="OAuth", authentication=oauth)
    created = phone.create(phone.check({}, olds).inputs)
    assert created.outs["authentication"]["scopes"] == "sms:send"
    news = phone.check(
        olds, gateway(env["id"], name="OAuth", authentication={k: v for k, v in oauth.items() if k != "scopes"})
    ).inputs
    assert phone.diff(created.id, created.outs, news).changes
    updated = phone.update(created.id, created.outs, news)
    assert "scopes" not in updated.outs["authentication"]


def _api(emulator: EmulatorProcess, app: dict[str, Any]) -> Any:
    import httpx

    token = httpx.post(
        f"{emulator.url}/na/{app['environment_id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    ).json()["access_token"]
    return httpx.Client(base_url=f"{emulator.url}/na/v1", headers={"Authorization": f"Bearer {token}"})


def _gateway_id(emulator: EmulatorProcess, env: dict[str, Any], app: dict[str, Any]) -> str:
    phone = configured(PhoneDeliverySettingsProvider(), emulator, app)
    return str(phone.create(phone.check({}, gateway(env["id"], name="For policy")).inputs).id)


def test_twilio_subset_of_numbers_no_perpetual_diff_token_update_sid_replace(
    emulator: EmulatorProcess, env_app: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # Issue 16 item 7 (Terraform provider notes §3.1-3.3): PingOne takes the numbers from the Twilio account;
    # declaring a subset must not be a perpetual diff. Decided here (README): a new auth token for the same
    # account updates in place (PingOne re-checks it on the PUT), a different sid replaces (as Terraform does).
    env, app = env_app
    owned = [{"type": "PHONE_NUMBER", "number": f"+1555000000{i}", "capabilities": ["SMS", "VOICE"]} for i in range(3)]
    emulator.add_provider_account("CUSTOM_TWILIO", "token-a", sid="AC4242", numbers=owned)
    provider = configured(PhoneDeliverySettingsProvider(), emulator, app)
    subset = [{"type": "PHONE_NUMBER", "number": "+15550000001", "capabilities": ["SMS", "VOICE"]}]
    olds = {"environment_id": env["id"], "provider": "CUSTOM_TWILIO", "sid": "AC4242", "auth_token": "token-a",
            "numbers": subset}  # fmt: skip
    created = provider.create(provider.check({}, olds).inputs)
    assert [n["selected"] for n in created.outs["numbers"]] == [False, True, False]
    assert not provider.diff(created.id, created.outs, provider.check(olds, olds).inputs).changes

    fewer = provider.check(olds, {**olds, "numbers": []}).inputs
    assert provider.diff(created.id, created.outs, fewer).changes, "un-declaring a number is a change"

    emulator.add_provider_account("CUSTOM_TWILIO", "token-b", sid="AC4242", numbers=owned)  # rotated at Twilio
    rotated = provider.check(olds, {**olds, "auth_token": "token-b"}).inputs
    diff = provider.diff(created.id, created.outs, rotated)
    assert diff.changes
    assert diff.replaces == []
    updated = provider.update(created.id, created.outs, rotated)
    assert not provider.diff(created.id, updated.outs, rotated).changes

    other = provider.diff(created.id, updated.outs, provider.check(olds, {**olds, "sid": "AC9999"}).inputs)
    assert other.replaces == ["sid"]
