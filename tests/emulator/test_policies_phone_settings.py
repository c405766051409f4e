"""Notification policies, phone delivery settings and notifications settings, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from pingone_notifications.testing import EmulatorProcess

from .conftest import Api, detail_codes, trust

PHONE = "/notificationsSettings/phoneDeliverySettings"
POLICIES = "/notificationsPolicies"
SETTINGS = "/notificationsSettings"


def custom_provider(name: str = "Gateway", **overrides: Any) -> dict[str, Any]:
    body = {
        "provider": "CUSTOM_PROVIDER",
        "name": name,
        "authentication": {
            "method": "OAUTH2",
            "authUrl": "https://login.example.com/oauth/token",
            "clientId": "idForAccount",
            "clientSecret": "s3cr3t-value",
        },
        "requests": [
            {
                "deliveryMethod": "SMS",
                "url": "https://example.com/message",
                "method": "POST",
                "body": "to=${to}&text=${message}",
            },
            {"deliveryMethod": "VOICE", "url": "https://example.com/voice?to=${to}&m=${message}", "method": "GET"},
        ],
        "numbers": [
            {
                "type": "PHONE_NUMBER",
                "number": "+1 222 333",
                "selected": True,
                "available": True,
                "capabilities": ["SMS", "VOICE"],
            },
            {
                "type": "TOLL_FREE",
                "number": "+18544440099",
                "capabilities": ["SMS", "VOICE"],
                "supportedCountries": ["US", "CA"],
            },
        ],
    }
    body.update(overrides)
    return body


# ---- phone delivery settings -----------------------------------------------------------------------------------
def test_custom_provider_with_oauth2_like_seed_002(api: Api) -> None:
    created = api.ok(
        "POST",
        PHONE,
        201,
        json={
            **custom_provider(),
            "requests": [
                {
                    "deliveryMethod": "SMS",
                    "url": "https://example.com/message",
                    "method": "POST",
                    "messageType": "ARN&message=${message}&phoneNumber=${to}&sender=${from}",
                }
            ],
        },
    )
    auth = created["authentication"]
    assert auth == {
        "method": "OAUTH2",
        "authUrl": "https://login.example.com/oauth/token",
        "clientId": "idForAccount",
        "grantType": "CLIENT_CREDENTIALS",
        "clientAuthenticationMethod": "BASIC_AUTH_HEADER",
    }
    assert created["requests"] == [
        {"deliveryMethod": "SMS", "url": "https://example.com/message", "method": "POST", "phoneNumberFormat": "FULL"}
    ]
    assert created["environment"] == {"id": api.env["id"]}
    for response in (api.call("GET", f"{PHONE}/{created['id']}"), api.call("GET", PHONE)):
        assert "s3cr3t-value" not in response.text, "secrets are accepted but never returned"
        assert "clientSecret" not in response.text


@pytest.mark.parametrize(
    ("auth", "secret"),
    [
        ({"method": "BASIC", "username": "u", "password": "pa55word"}, "pa55word"),
        ({"method": "BEARER", "authToken": "tok-123456"}, "tok-123456"),
    ],
)
def test_basic_and_bearer_secrets_are_never_returned(api: Api, auth: dict[str, str], secret: str) -> None:
    created = api.ok("POST", PHONE, 201, json=custom_provider(f"P-{auth['method']}", authentication=auth))
    assert created["authentication"]["method"] == auth["method"]
    assert secret not in api.call("GET", f"{PHONE}/{created['id']}").text


def test_twilio_and_syniverse(api: Api, emulator: EmulatorProcess) -> None:
    emulator.add_provider_account("CUSTOM_TWILIO", "tw-secret", sid="AC123")
    emulator.add_provider_account("CUSTOM_SYNIVERSE", "sy-secret")
    twilio = api.ok("POST", PHONE, 201, json={"provider": "CUSTOM_TWILIO", "sid": "AC123", "authToken": "tw-secret"})
    assert twilio["sid"] == "AC123"
    assert "authToken" not in twilio
    assert twilio["numbers"], "the account's numbers are reported"
    syniverse = api.ok("POST", PHONE, 201, json={"provider": "CUSTOM_SYNIVERSE", "authToken": "sy-secret"})
    assert "authToken" not in syniverse
    body = api.error("POST", PHONE, json={"provider": "CUSTOM_TWILIO", "authToken": "x"})
    assert detail_codes(body) == [("REQUIRED_VALUE", "sid")]
    body = api.error("POST", PHONE, json={"provider": "PINGONE_TWILIO"})
    assert detail_codes(body) == [("INVALID_VALUE", "provider")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"authentication": {"method": "BASIC", "username": "u"}}, ("REQUIRED_VALUE", "authentication.password")),
        ({"authentication": {"method": "NTLM"}}, ("INVALID_VALUE", "authentication.method")),
        ({"requests": []}, ("REQUIRED_VALUE", "requests")),
        (
            {"requests": [{"deliveryMethod": "SMS", "url": "https://x.example/send", "method": "GET"}]},
            ("REQUIRED_VALUE", "requests[0].url"),
        ),
        (
            {"requests": [{"deliveryMethod": "SMS", "url": "ftp://x.example", "method": "POST"}]},
            ("INVALID_VALUE", "requests[0].url"),
        ),
        (  # HTTPS only (Terraform provider: requests[].url RegexMatches(IsURLWithHTTPS), notes §3.1)
            {"requests": [{"deliveryMethod": "SMS", "url": "http://x.example/send", "method": "POST"}]},
            ("INVALID_VALUE", "requests[0].url"),
        ),
        (
            {"requests": [{"deliveryMethod": "SMS", "url": "http://localhost:8080/send", "method": "POST"}]},
            ("INVALID_VALUE", "requests[0].url"),
        ),
        (
            {
                "authentication": {
                    "method": "OAUTH2",
                    "authUrl": "http://login.example.com/token",
                    "clientId": "c",
                    "clientSecret": "s",
                }
            },
            ("INVALID_VALUE", "authentication.authUrl"),
        ),
        (
            {"requests": [{"deliveryMethod": "SMS", "url": "https://x.example", "method": "POST", "body": "hi"}]},
            ("REQUIRED_VALUE", "requests[0].body"),
        ),
        (
            {
                "requests": [
                    {"deliveryMethod": "SMS", "url": "https://x.example", "method": "POST", "beforeTag": "<Say>"}
                ]
            },
            ("INVALID_VALUE", "requests[0].beforeTag"),
        ),
        (
            {
                "numbers": [
                    {"type": "PHONE_NUMBER", "number": "+1", "capabilities": ["SMS"], "supportedCountries": ["US"]}
                ]
            },
            ("INVALID_VALUE", "numbers[0].supportedCountries"),
        ),
        (
            {"numbers": [{"type": "SHORT_CODE", "number": "12345", "capabilities": ["SMS"]}]},
            ("REQUIRED_VALUE", "numbers[0].supportedCountries"),
        ),
        (
            {"numbers": [{"type": "TOLL_FREE", "number": "+1800", "capabilities": []}]},
            ("EMPTY_VALUE", "numbers[0].capabilities"),
        ),
    ],
)
def test_phone_settings_rules(api: Api, change: dict[str, Any], expected: tuple[str, str]) -> None:
    body = api.error("POST", PHONE, json=custom_provider(**change))
    assert expected in detail_codes(body)


def test_phone_settings_update_name_uniqueness_and_kind(api: Api) -> None:
    first = api.ok("POST", PHONE, 201, json=custom_provider("One"))
    api.ok("POST", PHONE, 201, json=custom_provider("Two"))
    assert detail_codes(api.error("POST", PHONE, json=custom_provider("one"))) == [("UNIQUENESS_VIOLATION", "name")]
    renamed = api.ok("PUT", f"{PHONE}/{first['id']}", json=custom_provider("Uno"))
    assert renamed["name"] == "Uno"
    assert detail_codes(api.error("PUT", f"{PHONE}/{first['id']}", json=custom_provider("Two"))) == [
        ("UNIQUENESS_VIOLATION", "name")
    ]
    body = api.error("PUT", f"{PHONE}/{first['id']}", json={"provider": "CUSTOM_SYNIVERSE", "authToken": "x"})
    assert ("INVALID_VALUE", "provider") in detail_codes(body)


def test_phone_settings_put_needs_its_own_id_in_the_body(api: Api) -> None:
    # Terraform provider issue #1065 (../shared/reference/terraform-provider-notes.md §3.2): PingOne answers an
    # update without the object's id in the body with 400 UNIQUENESS_VIOLATION "A resource with the specified
    # name already exists." (the object clashes with itself); the fix there was to send id.
    created = api.ok("POST", PHONE, 201, json=custom_provider("Gateway"))
    path = f"{PHONE}/{created['id']}"
    changed = custom_provider("Gateway", numbers=[])
    body = api.error("PUT", path, json=changed)
    assert detail_codes(body) == [("UNIQUENESS_VIOLATION", "name")]
    assert "already exists" in body["details"][0]["message"]
    assert api.ok("PUT", path, json={**changed, "id": created["id"]})["numbers"] == []
    other = "00000000-0000-4000-8000-000000000000"
    assert detail_codes(api.error("PUT", path, json={**changed, "id": other})) == [("INVALID_VALUE", "id")]


def test_at_most_ten_custom_providers(api: Api) -> None:
    for i in range(10):
        api.ok("POST", PHONE, 201, json=custom_provider(f"P{i}"))
    body = api.error("POST", PHONE, json=custom_provider("P10"))
    assert detail_codes(body) == [("SIZE_LIMIT_EXCEEDED", "provider")]


# ---- notification policies --------------------------------------------------------------------------------------
def test_default_policy_exists_and_cannot_be_deleted(api: Api) -> None:
    policies = api.ok("GET", POLICIES)["_embedded"]["notificationsPolicies"]
    defaults = [p for p in policies if p["default"]]
    assert len(defaults) == 1
    default = defaults[0]
    assert default["cooldownConfiguration"]["whatsApp"] == {"enabled": False}
    body = api.error("DELETE", f"{POLICIES}/{default['id']}")
    assert detail_codes(body) == [("CONSTRAINT_VIOLATION", "default")]
    assert "remove default notifications policy" in body["details"][0]["message"]
    body = api.error(
        "PUT", f"{POLICIES}/{default['id']}", json={"name": default["name"], "quotas": [], "default": False}
    )
    assert detail_codes(body) == [("CONSTRAINT_VIOLATION", "default")]


def test_policy_like_seed_004(api: Api) -> None:
    providers = [api.ok("POST", PHONE, 201, json=custom_provider(f"P{i}"))["id"] for i in range(3)]
    body = {
        "name": "Notification policy with environment limit and country limitation and cooldown periods",
        "quotas": [{"type": "ENVIRONMENT", "deliveryMethods": ["SMS", "Voice"], "total": 1000}],
        "countryLimit": {"type": "ALLOWED", "deliveryMethods": ["SMS", "Voice"], "countries": ["US", "CA"]},
        "providerConfiguration": {
            "conditions": [
                {
                    "deliveryMethods": ["SMS"],
                    "countries": ["SE"],
                    "fallbackChain": [{"id": providers[0]}, {"id": providers[1]}],
                },
                {"deliveryMethods": ["VOICE", "SMS"], "countries": ["CA"], "fallbackChain": [{"id": providers[2]}]},
                {"deliveryMethods": ["SMS"], "fallbackChain": [{"id": providers[2]}]},
            ]
        },
        "cooldownConfiguration": {
            m: {
                "enabled": True,
                "groupBy": "USER_ID" if m in ("voice", "whatsApp") else "",
                "resendLimit": 5,
                "periods": [
                    {"duration": 30, "timeUnit": "SECONDS"},
                    {"duration": 2, "timeUnit": "MINUTES"},
                    {"duration": 3, "timeUnit": "MINUTES"},
                ],
            }
            for m in ("sms", "email", "voice", "whatsApp")
        },
    }
    created = api.ok("POST", POLICIES, json=body)
    assert created["default"] is False
    assert created["providerConfiguration"] == body["providerConfiguration"]
    assert created["cooldownConfiguration"]["voice"]["groupBy"] == "USER_ID"
    got = api.ok("GET", f"{POLICIES}/{created['id']}")
    assert got["countryLimit"] == body["countryLimit"]
    # a referenced provider cannot be deleted while the policy uses it
    assert detail_codes(api.error("DELETE", f"{PHONE}/{providers[2]}")) == [("CONSTRAINT_VIOLATION", "id")]
    api.ok("DELETE", f"{POLICIES}/{created['id']}", 204)
    api.ok("DELETE", f"{PHONE}/{providers[2]}", 204)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"name": ""}, ("EMPTY_VALUE", "name")),
        ({"quotas": [{"type": "USER", "total": 51}]}, ("OUT_OF_RANGE", "quotas[0].total")),
        (
            {"quotas": [{"type": "USER", "deliveryMethods": ["SMS", "Email"], "total": 1}]},
            ("INVALID_VALUE", "quotas[0].deliveryMethods"),
        ),
        ({"quotas": [{"type": "USER", "total": 1, "claimed": 1, "unclaimed": 1}]}, ("INVALID_VALUE", "quotas[0]")),
        ({"quotas": [{"type": "USER", "claimed": 1}]}, ("REQUIRED_VALUE", "quotas[0]")),
        ({"quotas": [{"type": "TEAM", "total": 1}]}, ("INVALID_VALUE", "quotas[0].type")),
        ({"countryLimit": {"type": "ALLOWED"}}, ("REQUIRED_VALUE", "countryLimit.countries")),
        ({"countryLimit": {"type": "DENIED", "countries": ["usa"]}}, ("INVALID_VALUE", "countryLimit.countries[0]")),
        ({"cooldownConfiguration": {"sms": {"enabled": False}}}, ("REQUIRED_VALUE", "cooldownConfiguration.email")),
        (
            {"cooldownConfiguration": {m: {"enabled": m != "sms"} for m in ("sms", "email", "voice", "whatsApp")}},
            ("REQUIRED_VALUE", "cooldownConfiguration.email.periods"),
        ),
        (
            {
                "cooldownConfiguration": {
                    m: {
                        "enabled": True,
                        "resendLimit": 3,
                        "periods": [
                            {"duration": 5, "timeUnit": "SECONDS"},
                            {"duration": 11, "timeUnit": "MINUTES"},
                            {"duration": 10, "timeUnit": "SECONDS"},
                        ],
                    }
                    for m in ("sms", "email", "voice", "whatsApp")
                }
            },
            ("OUT_OF_RANGE", "cooldownConfiguration.email.periods[0].duration"),
        ),
        (
            {"providerConfiguration": {"conditions": [{"countries": ["US"], "fallbackChain": [{"id": "x"}]}]}},
            ("INVALID_VALUE", "providerConfiguration.conditions"),
        ),
        (
            {
                "providerConfiguration": {
                    "conditions": [{"fallbackChain": [{"id": "00000000-0000-4000-8000-000000000000"}]}]
                }
            },
            ("INVALID_VALUE", "providerConfiguration.conditions.fallbackChain"),
        ),
    ],
)
def test_policy_rules(api: Api, change: dict[str, Any], expected: tuple[str, str]) -> None:
    body = api.error("POST", POLICIES, json={"name": "P", "quotas": [], **change})
    assert expected in detail_codes(body), body


def test_policy_names_are_unique_and_default_moves(api: Api) -> None:
    first = api.ok("POST", POLICIES, json={"name": "Alpha", "quotas": []})
    assert detail_codes(api.error("POST", POLICIES, json={"name": "ALPHA", "quotas": []})) == [
        ("UNIQUENESS_VIOLATION", "name")
    ]
    promoted = api.ok("PUT", f"{POLICIES}/{first['id']}", json={"name": "Alpha", "quotas": [], "default": True})
    assert promoted["default"] is True
    policies = api.ok("GET", POLICIES)["_embedded"]["notificationsPolicies"]
    assert [p["id"] for p in policies if p["default"]] == [first["id"]]
    kept = api.ok("PUT", f"{POLICIES}/{first['id']}", json={"name": "Alpha 2", "quotas": []})
    assert kept["default"] is True, "PUT without `default` keeps it"


# ---- notifications settings ------------------------------------------------------------------------------------
def test_settings_defaults_put_and_reset(api: Api, sandbox_api: Api) -> None:
    assert api.ok("GET", SETTINGS)["deliveryMode"] == "ALL"
    assert sandbox_api.ok("GET", SETTINGS)["deliveryMode"] == "WHITELIST"
    provider = api.ok("POST", PHONE, 201, json=custom_provider())["id"]
    body = {
        "deliveryMode": "WHITELIST",
        "restrictions": {"smsVoiceQuota": {"daily": 50}},
        "smsProvidersFallbackChain": [provider, "PINGONE_TWILIO"],
        "from": {"name": "Acme", "address": "noreply@acme.example"},
        "replyTo": {"name": "Support", "address": "support@acme.example"},
        "whitelist": [{"user": {"id": "2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"}}],
    }
    trust(api, "noreply@acme.example", "support@acme.example")
    put = api.ok("PUT", SETTINGS, json=body)
    assert {k: put[k] for k in body} == body
    assert put["environment"] == {"id": api.env["id"]}
    replaced = api.ok("PUT", SETTINGS, json={"deliveryMode": "ALL"})
    assert replaced["from"] == {"name": "PingOne", "address": "noreply@pingidentity.com"}, "PUT is a full replacement"
    assert "replyTo" not in replaced
    assert replaced["smsProvidersFallbackChain"] == []
    api.ok("PUT", SETTINGS, json=body)
    reset = api.ok("DELETE", SETTINGS, 200)
    assert reset["deliveryMode"] == "ALL"
    assert reset["whitelist"] == []
    assert reset["smsProvidersFallbackChain"] == []
    assert api.ok("GET", SETTINGS)["restrictions"] == {"smsVoiceQuota": {"daily": 30}}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"restrictions": {"smsVoiceQuota": {"daily": 51}}}, ("OUT_OF_RANGE", "restrictions.smsVoiceQuota.daily")),
        ({"restrictions": {"smsVoiceQuota": {"daily": -1}}}, ("OUT_OF_RANGE", "restrictions.smsVoiceQuota.daily")),
        ({"deliveryMode": "SOME"}, ("INVALID_VALUE", "deliveryMode")),
        (
            {"smsProvidersFallbackChain": ["00000000-0000-4000-8000-000000000000"]},
            ("INVALID_VALUE", "smsProvidersFallbackChain"),
        ),
        (
            {"smsProvidersFallbackChain": ["PINGONE_TWILIO", "PINGONE_TWILIO"]},
            ("INVALID_VALUE", "smsProvidersFallbackChain[1]"),
        ),
        ({"from": {"address": "nope"}}, ("INVALID_VALUE", "from.address")),
        # seed 003: chain entries are PhoneDeliverySettings IDs or PINGONE_TWILIO (issue 16 item 13)
        ({"smsProvidersFallbackChain": ["twilio"]}, ("INVALID_VALUE", "smsProvidersFallbackChain[0]")),
        ({"whitelist": [{"user": {"id": "not-a-uuid"}}]}, ("INVALID_VALUE", "whitelist[0].user.id")),
    ],
)
def test_settings_rules(api: Api, body: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in detail_codes(api.error("PUT", SETTINGS, json=body))


def test_sandbox_rules(sandbox_api: Api, api: Api) -> None:
    # Seed 003 (notifications settings, deliveryMode): "ALL: ... This option is supported in the production
    # environment only." / "WHITELIST: ... supported for both production and sandbox environments." /
    # "Sandbox environments have a maximum limit of 50 users in the whitelist array." (Issue 16 item 2 reads
    # the WHITELIST line as if it were about ALL; the seed puts it under WHITELIST, so ALL stays refused.)
    body = sandbox_api.error("PUT", SETTINGS, json={"deliveryMode": "ALL"})
    assert detail_codes(body) == [("INVALID_VALUE", "deliveryMode")]
    users = [{"user": {"id": f"2b5f1c7e-0c1d-4a1e-9f3a-{i:012d}"}} for i in range(51)]
    body = sandbox_api.error("PUT", SETTINGS, json={"whitelist": users})
    assert detail_codes(body) == [("SIZE_LIMIT_EXCEEDED", "whitelist")]
    assert sandbox_api.call("PUT", SETTINGS, json={"whitelist": users[:50]}).status_code == 200
    assert sandbox_api.call("PUT", SETTINGS, json={"deliveryMode": "WHITELIST"}).status_code == 200
    production = api.ok("PUT", SETTINGS, json={"deliveryMode": "WHITELIST", "whitelist": users})
    assert len(production["whitelist"]) == 51, "the 50-user limit is a sandbox limit"


def test_from_and_reply_to_must_be_trusted_addresses(api: Api) -> None:
    # Seed 003 (notifications settings): from.address and replyTo.address: "This value must be a trusted email
    # address." PingOne's own noreply@pingidentity.com (the default sender) always is.
    body = {"from": {"address": "noreply@acme.example"}, "replyTo": {"address": "help@acme.example"}}
    refused = api.error("PUT", SETTINGS, json=body)
    assert detail_codes(refused) == [("INVALID_VALUE", "from.address"), ("INVALID_VALUE", "replyTo.address")]
    assert "not a trusted email address" in refused["details"][0]["message"]
    trust(api, "NoReply@acme.example")
    assert detail_codes(api.error("PUT", SETTINGS, json=body)) == [("INVALID_VALUE", "replyTo.address")]
    trust(api, "noreply@acme.example", "help@acme.example")
    assert api.ok("PUT", SETTINGS, json=body)["replyTo"] == {"address": "help@acme.example"}
    assert api.ok("PUT", SETTINGS, json={"from": {"address": "noreply@pingidentity.com"}})


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"name": "x", "quotas": [', 400, "INVALID_REQUEST"),
        (b"[1, 2]", 400, "INVALID_REQUEST"),
        (b'"a string"', 400, "INVALID_REQUEST"),
        (b"\xff\xfe not utf-8", 400, "INVALID_REQUEST"),
        (b'{"name": 5, "quotas": {"type": "USER"}}', 400, "INVALID_DATA"),
        (b'{"name": "q", "quotas": [{"type": "ENVIRONMENT", "total": -1}]}', 400, "INVALID_DATA"),
        (b'{"name": "q", "quotas": [7, null, "x"], "countryLimit": []}', 400, "INVALID_DATA"),
    ],
)
def test_malformed_and_structurally_wrong_bodies_get_p1_errors(api: Api, body: bytes, status: int, code: str) -> None:
    # Issue 16 item 10: malformed JSON is 400 INVALID_REQUEST ("Invalid request received. Malformed JSON" in the
    # OpenAPI document; INVALID_REQUEST is a BadRequestError code, pingone-api-contract.md §4.2); a well-formed
    # body with wrong types is 400 INVALID_DATA with details. innerError never carries null keys (the document
    # types rangeMinimumValue/rangeMaximumValue as integers); every response here is also validated against
    # the document by the autouse fixture in conftest.py.
    response = api.call("POST", POLICIES, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    answer = response.json()
    assert answer["code"] == code
    for detail in answer.get("details", []):
        assert None not in (detail.get("innerError") or {}).values(), detail


def test_twilio_and_syniverse_credentials_and_numbers_come_from_the_account(
    api: Api, emulator: EmulatorProcess
) -> None:
    # Terraform provider notes §3.2: PingOne checks a Twilio/Syniverse account's credentials with the provider
    # and returns the account's numbers ("POST (sid/authToken) -> API returns the account's numbers"); a bad
    # credential is an INVALID_VALUE detail (Terraform: "Authentication error ... check the credentials used to
    # connect to Twilio/Syniverse"). Declared numbers only select among the account's.
    numbers = [
        {"type": "PHONE_NUMBER", "number": "+15550000001", "capabilities": ["SMS", "VOICE"]},
        {"type": "TOLL_FREE", "number": "+18440000002", "capabilities": ["SMS"], "supportedCountries": ["US"]},
    ]
    emulator.add_provider_account("CUSTOM_TWILIO", "right-token", sid="AC777", numbers=numbers)
    for body in (
        {"provider": "CUSTOM_TWILIO", "sid": "AC777", "authToken": "wrong-token"},
        {"provider": "CUSTOM_TWILIO", "sid": "AC000", "authToken": "right-token"},
        {"provider": "CUSTOM_SYNIVERSE", "authToken": "unknown"},
    ):
        refused = api.error("POST", PHONE, json=body)
        assert detail_codes(refused) == [("INVALID_VALUE", "authToken")]
        assert "right-token" not in str(refused)
    pick = [{"type": "PHONE_NUMBER", "number": "+15550000001", "capabilities": ["SMS"], "selected": True}]
    created = api.ok("POST", PHONE, 201, json={"provider": "CUSTOM_TWILIO", "sid": "AC777", "authToken": "right-token",
                                               "numbers": pick})  # fmt: skip
    assert [(n["number"], n["selected"]) for n in created["numbers"]] == [
        ("+15550000001", True),
        ("+18440000002", False),
    ]
    assert created["numbers"][0]["capabilities"] == ["SMS", "VOICE"], "the account's capabilities, not the request's"
    foreign = [{"type": "PHONE_NUMBER", "number": "+19999999999", "capabilities": ["SMS"]}]
    body = {
        "provider": "CUSTOM_TWILIO",
        "sid": "AC777",
        "authToken": "right-token",
        "numbers": foreign,
        "id": created["id"],
    }
    assert detail_codes(api.error("PUT", f"{PHONE}/{created['id']}", json=body)) == [
        ("INVALID_VALUE", "numbers[0].number")
    ]
