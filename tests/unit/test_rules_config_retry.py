"""Pure rules: SMS encoding and length, senders, locales, connection resolution, retry policy."""

from __future__ import annotations

import random

import httpx
import pytest

from pingone_notifications import rules
from pingone_notifications.config import resolve_connection
from pingone_notifications.errors import ConfigurationError
from pingone_notifications.retry import retry_delay, should_retry


@pytest.mark.parametrize(
    ("text", "encoding", "length"),
    [
        ("Hello", "GSM-7", 5),
        ("€uro", "GSM-7", 5),
        ("{}", "GSM-7", 4),
        ("Ça va? ñ", "GSM-7", 8),
        ("Привет", "UCS-2", 6),
        ("😀", "UCS-2", 2),
        ("a😀", "UCS-2", 3),
        ("", "GSM-7", 0),
    ],
)
def test_sms_encoding_and_length(text: str, encoding: str, length: int) -> None:
    assert rules.sms_encoding(text) == encoding
    assert rules.sms_length(text) == length


def test_sms_limits() -> None:
    assert rules.sms_problem("a" * 153) is None
    assert "153" in (rules.sms_problem("a" * 154) or "")
    assert rules.sms_problem("ж" * 67) is None
    problem = rules.sms_problem("ж" * 68) or ""
    assert "UCS-2" in problem
    assert "67" in problem


@pytest.mark.parametrize(
    ("sender", "ok"),
    [
        ("Acme", True),
        ("A B C", True),
        ("ABCDEFGHIJK", True),
        ("ABCDEFGHIJKL", False),
        ("Acme-1", False),
        ("Ácme", False),
    ],
)
def test_sender(sender: str, ok: bool) -> None:
    assert (rules.sender_problem(sender) is None) is ok


def test_variables_in_order_without_duplicates() -> None:
    assert rules.variables_in("Hi ${user.name.given}, ${otp} ${otp} ${ code.value }") == [
        "user.name.given",
        "otp",
        "code.value",
    ]
    assert rules.variables_in("no vars, $otp, ${unclosed") == []


@pytest.mark.parametrize(
    ("locale", "parsed"),
    [
        ("en", ("en", None)),
        ("EN", ("en", None)),
        ("fr-CA", ("fr", "CA")),
        ("pt_br", ("pt", "BR")),
        ("es-419", ("es", "419")),
        ("zz", None),
        ("en-ZZ", None),
        ("english", None),
        ("", None),
    ],
)
def test_locales(locale: str, parsed: tuple[str, str | None] | None) -> None:
    assert rules.parse_locale(locale) == parsed


def test_country_codes_and_email() -> None:
    assert rules.is_country_code("US")
    assert not rules.is_country_code("us")
    assert not rules.is_country_code("XX")
    assert rules.is_email_address("a.b+c@acme.example")
    assert not rules.is_email_address("a@b")
    assert not rules.is_email_address("a b@acme.example")


# ---- connection --------------------------------------------------------------------------------------------------
CONFIG = {
    "pingone:regionCode": "eu",
    "pingone:environmentId": "11111111-1111-4111-8111-111111111111",
    "pingone:clientId": "c",
    "pingone:clientSecret": "s",
}


def test_connection_precedence_resource_then_config_then_environment() -> None:
    env = {
        "PINGONE_REGION_CODE": "AP",
        "PINGONE_CLIENT_ID": "from-env",
        "PINGONE_CLIENT_SECRET": "e",
        "PINGONE_ENVIRONMENT_ID": "22222222-2222-4222-8222-222222222222",
    }
    only_env = resolve_connection(None, None, env)
    assert (only_env.region_code, only_env.client_id) == ("AP", "from-env")
    assert only_env.api_base == "https://api.pingone.asia/v1"
    from_config = resolve_connection(None, CONFIG, env)
    assert (from_config.region_code, from_config.client_id) == ("EU", "c")
    assert from_config.token_url == "https://auth.pingone.eu/11111111-1111-4111-8111-111111111111/as/token"
    override = resolve_connection({"region_code": "SG", "client_id": "mine"}, CONFIG, env)
    assert (override.region_code, override.client_id, override.client_secret) == ("SG", "mine", "s")
    assert override.api_base == "https://api.pingone.sg/v1"


def test_url_overrides_expand_the_region() -> None:
    conn = resolve_connection(
        {"api_url": "http://127.0.0.1:8790/{region}/v1", "auth_url": "http://localhost:1/{REGION}/"}, CONFIG, {}
    )
    assert conn.api_base == "http://127.0.0.1:8790/eu/v1"
    assert conn.token_url == "http://localhost:1/EU/11111111-1111-4111-8111-111111111111/as/token"


def test_missing_and_invalid_settings_are_all_named_without_the_secret() -> None:
    with pytest.raises(ConfigurationError) as err:
        resolve_connection(
            {"region_code": "MARS", "client_secret": "hunter2", "api_url": "http://evil.example/v1"},
            None,
            {},
            resource="NotificationPolicy 'x'",
        )
    text = str(err.value)
    assert text.startswith("NotificationPolicy 'x'")
    for needle in (
        "environment_id is not set",
        "client_id is not set",
        "MARS",
        "must use https",
        "pingone:clientId",
        "PINGONE_CLIENT_ID",
    ):
        assert needle in text
    assert "hunter2" not in text


def test_connection_repr_hides_the_secret() -> None:
    conn = resolve_connection(None, {**CONFIG, "pingone:clientSecret": "hunter2"}, {})
    assert "hunter2" not in repr(conn)
    assert "hunter2" not in conn.describe()


# ---- retry -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "retry"),
    [
        (408, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (409, False),
        (200, False),
    ],
)
def test_should_retry_statuses(status: int, retry: bool) -> None:
    assert should_retry(httpx.Response(status)) is retry


def test_should_retry_transport_errors_only() -> None:
    assert should_retry(httpx.ConnectError("boom"))
    assert should_retry(httpx.ReadTimeout("slow"))
    assert not should_retry(ValueError("not transport"))


def test_retry_delay_honours_retry_after_capped_and_jitters_otherwise() -> None:
    assert 2.0 <= retry_delay(1, {"retry-after": "2"}) <= 2.25
    assert 30.0 <= retry_delay(1, {"retry-after": "3600"}) <= 30.25
    assert 0.0 <= retry_delay(5, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) <= 4.0
    rng = random.Random(1)
    delays = [retry_delay(a, {}, rng) for a in range(1, 12)]
    assert all(0 < d <= 30 for d in delays)
    assert delays[0] <= 0.25
    assert delays[-1] >= 15, "grows exponentially to the cap"


def test_retry_after_is_a_floor_and_clients_told_the_same_wait_spread_out() -> None:
    """Many jobs share PingOne's per-license rate limit (pingone-api-contract.md §4.3): told "Retry-After: 1"
    together, they must not all come back in the same instant, and the spread grows with each refusal."""
    rng = random.Random(7)
    first = [retry_delay(1, {"retry-after": "1"}, rng) for _ in range(200)]
    fifth = [retry_delay(5, {"retry-after": "1"}, rng) for _ in range(200)]
    assert min(first) >= 1.0
    assert min(fifth) >= 1.0
    assert max(first) - min(first) > 0.2
    assert max(fifth) - min(fifth) > 3.0


def test_settle_seconds_setting() -> None:
    from pingone_notifications.errors import ConfigurationError
    from pingone_notifications.resources._base import settle_seconds
    from pingone_notifications.retry import CONSISTENCY_WINDOW

    assert settle_seconds({}, {}) == CONSISTENCY_WINDOW
    assert settle_seconds({"pingone:settleSeconds": "2.5"}, {"PINGONE_SETTLE_SECONDS": "9"}) == 2.5
    assert settle_seconds({}, {"PINGONE_SETTLE_SECONDS": "0"}) == 0.0
    with pytest.raises(ConfigurationError, match="pingone:settleSeconds"):
        settle_seconds({"pingone:settleSeconds": "forever"}, {})
