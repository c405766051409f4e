"""Issue 18, property-based: random valid configurations, filled through the API, exported.

For every generated environment the exporter's arguments, given to the resources, describe the live objects
exactly (nothing left for adoption to change) and the generated program is formatted and checked; for two of
them the whole engine round trip runs (first up writes only secrets, then no changes).
"""

from __future__ import annotations

import string
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi import automation as auto

from pingone_notifications.client import PingOneClient
from pingone_notifications.config import resolve_connection
from pingone_notifications.export import export_environments
from pingone_notifications.testing import EmulatorProcess, PulumiStack

from .test_export import check_code, new_environments, plain, writes_since

TWILIO_SID = "AC" + "ab" * 16

PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="${}")
    | st.sampled_from("\n\r\t\"'\\"),
    min_size=1,
    max_size=120,
)
WORD = st.text(alphabet=string.ascii_letters + string.digits + " ", min_size=1, max_size=11).filter(str.strip)
COUNTRIES = st.lists(st.sampled_from(["US", "CA", "GB", "DE", "FR", "JP", "BR"]), min_size=1, max_size=3, unique=True)


@st.composite
def configurations(draw: st.DrawFn) -> dict[str, Any]:
    providers = []
    for i in range(draw(st.integers(0, 2))):
        method = draw(st.sampled_from(["BASIC", "BEARER", "OAUTH2"]))
        auth: dict[str, Any] = {"method": method}
        if method == "BASIC":
            auth |= {"username": draw(WORD), "password": "p"}
        elif method == "BEARER":
            auth |= {"authToken": "t"}
        else:
            auth |= {"authUrl": f"https://auth{i}.example.com/token", "clientId": draw(WORD), "clientSecret": "s"}
        body = draw(st.sampled_from(["to=${to}&m=${message}", '{"t": "${to}", "m": "${message}"}']))
        request = {"deliveryMethod": "SMS", "method": "POST", "url": f"https://gw{i}.example.com/sms", "body": body}
        if draw(st.booleans()):
            request["phoneNumberFormat"] = "NUMBER_ONLY"
        providers.append({"provider": "CUSTOM_PROVIDER", "name": f"Gateway {i} {draw(WORD)}", "authentication": auth,
                          "requests": [request]})  # fmt: skip
    if draw(st.booleans()):
        providers.append({"provider": "CUSTOM_TWILIO", "sid": TWILIO_SID, "authToken": "t"})
    quota = {"type": draw(st.sampled_from(["USER", "ENVIRONMENT"])), "deliveryMethods": ["SMS", "Voice"],
             "total": draw(st.integers(0, 50))}  # fmt: skip
    limit = draw(st.sampled_from(["NONE", "ALLOWED", "DENIED"]))
    country_limit: dict[str, Any] = {"type": limit}
    if limit != "NONE":
        country_limit |= {"countries": draw(COUNTRIES),
                          "deliveryMethods": draw(st.sampled_from([["SMS"], ["Voice"], ["SMS", "Voice"]]))}  # fmt: skip
    contents = []
    for template, method in draw(
        st.lists(
            st.sampled_from([("general", "Email"), ("general", "SMS"), ("transaction", "Email"), ("general", "Voice")]),
            unique=True,
            max_size=3,
        )
    ):
        locale = draw(st.sampled_from(["en", "fr", "de", "es", "fr_CA"]))
        if method == "Email":
            body = {"subject": draw(PRINTABLE), "body": draw(PRINTABLE) + " ${otp}"}
        else:
            body = {"content": draw(WORD) + " ${otp}"}
        variant = draw(st.one_of(st.none(), WORD))
        contents.append((template, {"locale": locale, "deliveryMethod": method, **body,
                                    **({"variant": variant} if variant else {})}))  # fmt: skip
    return {
        "providers": providers,
        "policy": {"name": f"Policy {draw(WORD)}", "quotas": [quota], "countryLimit": country_limit},
        "chain_twilio_first": draw(st.booleans()),
        "daily": draw(st.integers(0, 50)),
        "contents": contents,
    }


def fill(api: PingOneClient, env_id: str, cfg: dict[str, Any]) -> None:
    base = f"/environments/{env_id}"
    ids = [
        api.create(f"{base}/notificationsSettings/phoneDeliverySettings", p, lookup=lambda: None)["id"]
        for p in cfg["providers"]
    ]
    policy = dict(cfg["policy"])
    if ids:
        policy["providerConfiguration"] = {"conditions": [{"fallbackChain": [{"id": i} for i in ids]}]}
    api.create(f"{base}/notificationsPolicies", policy, lookup=lambda: None)
    chain = [*ids, "PINGONE_TWILIO"] if not cfg["chain_twilio_first"] else ["PINGONE_TWILIO", *ids]
    api.put(f"{base}/notificationsSettings",
            {"deliveryMode": "ALL", "restrictions": {"smsVoiceQuota": {"daily": cfg["daily"]}},
             "smsProvidersFallbackChain": chain})  # fmt: skip
    for template, body in cfg["contents"]:
        api.create(f"{base}/templates/{template}/contents", body, lookup=lambda: None)


@pytest.fixture(scope="module")
def worker(emulator: EmulatorProcess) -> Any:
    admin = emulator.add_environment(env_type="PRODUCTION")
    return emulator.add_worker_app(admin["id"])


def _client(emulator: EmulatorProcess, app: dict[str, Any]) -> PingOneClient:
    return PingOneClient(resolve_connection(None, plain(emulator.stack_config(app)), {}))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cfg=configurations())
def test_exported_arguments_describe_the_live_objects(
    emulator: EmulatorProcess, worker: Any, tmp_path_factory: pytest.TempPathFactory, cfg: dict[str, Any]
) -> None:
    [env_id] = new_environments(emulator, worker)
    emulator.add_provider_account("CUSTOM_TWILIO", "t", sid=TWILIO_SID)
    api = _client(emulator, worker)
    try:
        fill(api, env_id, cfg)
        out = tmp_path_factory.mktemp("export")
        result = export_environments(api, [("prod", env_id)], out)
    finally:
        api.close()
    assert result.drift == [], "adopting would still change these"
    assert result.objects == len(cfg["providers"]) + 2 + 1 + len(cfg["contents"])
    for _, body in cfg["contents"]:
        for text in (body.get("body"), body.get("subject")):
            if text and len(text) > 60:
                assert any(f.read_bytes() == text.encode() for f in (out / "texts").iterdir()), "exact text file"
    formatted = subprocess.run(["ruff", "format", "--isolated", "--check", str(out)], capture_output=True, text=True,
                               check=False)  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


@pytest.mark.engine
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cfg=configurations())
def test_random_configuration_engine_round_trip(
    pulumi_cli: Path,
    emulator: EmulatorProcess,
    worker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    cfg: dict[str, Any],
) -> None:
    [env_id] = new_environments(emulator, worker)
    emulator.add_provider_account("CUSTOM_TWILIO", "t", sid=TWILIO_SID)
    api = _client(emulator, worker)
    try:
        fill(api, env_id, cfg)
        out = tmp_path_factory.mktemp("export")
        result = export_environments(api, [("prod", env_id)], out)
    finally:
        api.close()
    check_code(out)
    config = {**emulator.stack_config(worker)}
    for secret in result.secrets:
        config[secret.key] = auto.ConfigValue("rotated", secret=True)
    emulator.add_provider_account("CUSTOM_TWILIO", "rotated", sid=TWILIO_SID)  # rotated at Twilio too
    with PulumiStack.for_project(out, "prod", config=config) as stack:
        seq = emulator.last_seq()
        stack.up()
        writes = writes_since(emulator, seq)
        assert len(writes) == len(cfg["providers"]), "one update per provider (its secret), nothing else"
        assert all(m == "PUT" and "/phoneDeliverySettings/" in p for m, p in writes), writes
        assert set(stack.preview(expect_no_changes=True).change_summary) == {"same"}
        stack.destroy()
