"""Issue 19: the catalog's file layout (names, headers, final line break) and what counts as a change."""

from __future__ import annotations

import pytest

from pingone_notifications.resources.catalog_layout import LayoutError, fingerprint, parse_file, render
from pingone_notifications.resources.template_content import TEMPLATE_NAMES


def test_names_give_template_locale_variant_and_method() -> None:
    e = parse_file("strong_authentication/pt_BR.promo.v2.sms.txt", "Code ${otp}\n", TEMPLATE_NAMES)
    assert (e.template_name, e.locale, e.variant, e.delivery_method) == (
        "strong_authentication", "pt_BR", "promo.v2", "SMS")  # fmt: skip
    assert e.fields == {"content": "Code ${otp}"}, "one final line break is not part of the text"
    assert e.key == parse_file("strong_authentication/pt-br.PROMO.v2.sms.txt", "x", TEMPLATE_NAMES).key


def test_email_header_block_and_content_type_from_extension() -> None:
    html = parse_file("general/en.email.html", "Subject: Hi: there\n\n<p>Body</p>\n\nmore\r\n", TEMPLATE_NAMES)
    assert html.fields == {"subject": "Hi: there", "body": "<p>Body</p>\n\nmore", "email_content_type": "text/html"}
    plain = parse_file("general/en.email.txt", "Just a body\n", TEMPLATE_NAMES)
    assert plain.fields == {"body": "Just a body", "email_content_type": "text/plain"}
    push = parse_file("transaction/en.push.txt", "Title: Approve?\nCategory: BANNER_BUTTONS\n\nTap", TEMPLATE_NAMES)
    assert push.fields == {"title": "Approve?", "push_category": "BANNER_BUTTONS", "body": "Tap"}


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        ("en.sms.txt", "x", "not laid out as"),
        ("general/sub/en.sms.txt", "x", "not laid out as"),
        ("general/en.txt", "x", "<locale>[.<variant>]"),
        ("general/en.mms.txt", "x", "'mms' is not a delivery method"),
        ("general/en.voice.mp3", "x", "Voice files end in .txt"),
        ("general/english.sms.txt", "x", "not a valid locale"),
        ("transaction/en.push.txt", "Title: t\nColour: red\n\nbody", "line 2: 'Colour: red' is not a header"),
    ],
)
def test_bad_files_are_named(path: str, text: str, words: str) -> None:
    with pytest.raises(LayoutError) as err:
        parse_file(path, text, TEMPLATE_NAMES)
    assert str(err.value).startswith(f"{path}: ")
    assert words in str(err.value)


def test_fingerprint_ignores_what_pingone_fills_in_and_sees_every_text_change() -> None:
    written = {"locale": "fr-CA", "deliveryMethod": "Voice", "content": "Code ${otp}", "voice": "Alice"}
    echoed = {"id": "x", "locale": "fr_ca", "deliveryMethod": "Voice", "content": "Code ${otp}", "variant": ""}
    assert fingerprint(written) == fingerprint(echoed), "defaults, locale spelling, server fields: no change"
    assert fingerprint(written) != fingerprint({**written, "content": "Code ${otp}."})
    assert fingerprint(written) != fingerprint({**written, "voice": "Man"})
    assert render("Email", {"subject": "S", "body": "<p/>"}) == "Subject: S\n\n<p/>\n"
