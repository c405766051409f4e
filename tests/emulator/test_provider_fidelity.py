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
