"""The response checker itself (issue 16 item 10): it must see a wrong response, and pick oneOf branches as the
Go SDK's decoders do (by deliveryMethod / provider), not fail on overlapping branches."""

from __future__ import annotations

from .openapi_contract import problems

CONTENT = "/na/v1/environments/e1/templates/general/contents/c1"
SETTINGS = "/na/v1/environments/e1/notificationsSettings"


def sms(**extra: object) -> dict[str, object]:
    return {"id": "c1", "deliveryMethod": "SMS", "locale": "en", "content": "Hi", "default": False, **extra}


def test_a_valid_sms_content_matches_only_its_own_branch() -> None:
    # Under plain oneOf an SMS content also matches the Voice branch ("valid under each of"): not an error.
    assert problems("GET", CONTENT, 200, sms()) == []


def test_wrong_responses_are_reported() -> None:
    assert problems("GET", CONTENT, 200, sms(content=5))
    assert problems("GET", SETTINGS, 200, {"deliveryMode": "SOMETIMES"})
    assert problems("GET", SETTINGS, 418, {"code": "TEAPOT", "message": "no"})  # not documented
    bad_error = {"id": "x", "code": "INVALID_DATA", "message": "m",
                 "details": [{"code": "OUT_OF_RANGE", "innerError": {"rangeMaximumValue": None}}]}  # fmt: skip
    assert problems("PUT", SETTINGS, 400, bad_error)


def test_corrected_document_accepts_what_the_seeds_show() -> None:
    # seed 003: WHITELIST; seed 004: countryLimit NONE without countries, 2 MINUTES periods (FIX markers).
    assert problems("GET", SETTINGS, 200, {"deliveryMode": "WHITELIST"}) == []
    policy = {"id": "p1", "name": "P", "quotas": [], "countryLimit": {"type": "NONE"},
              "cooldownConfiguration": {m: {"enabled": True, "periods": [{"duration": 2, "timeUnit": "MINUTES"}]}
                                        for m in ("email", "sms", "voice", "whatsApp")}}  # fmt: skip
    assert problems("GET", "/na/v1/environments/e1/notificationsPolicies/p1", 200, policy) == []
