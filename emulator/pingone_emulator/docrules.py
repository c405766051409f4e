"""The emulator's own reading of PingOne's documented text rules.

The emulator is one of two independent witnesses of the PingOne API (the other is the provider's ``check``):
it must not share code with the provider, or a wrong rule would be wrong in both and no test could see it.
So these rules are written here again, from the documents, in a different form:

* SMS length (seed ``001``, "Create text message notification content"): "UC-2 encoding is used for messages
  that contain non GSM-7 characters, and in this case, a size restriction of 67 characters is enforced.
  However, GSM-7 encoded messages may contain up to 153 characters." GSM-7 is the 3GPP TS 23.038 (GSM 03.38)
  default alphabet, written below as its code table; characters of the extension table are sent as an
  escape plus a code, so they take two septets.
* Sender ID (seed ``001``): "may contain only alphanumeric characters and spaces, and its length may be up
  to 11 characters."
* Locale (seed ``001``): "A valid case-insensitive locale, complying with the ISO-639 language code and
  ISO-3166 country code standards".
* ``${name}`` variables (seed ``001``, "Variables restrictions").
* Email addresses: an RFC 5321 mailbox (dot-atom local part, a DNS host name with at least two labels).

The only things shared with the provider are third-party *data* (ISO code tables from ``pycountry``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

__all__ = [
    "EMAIL_BODY_MAX_BYTES",
    "EMAIL_SUBJECT_MAX",
    "PUSH_BODY_MAX",
    "PUSH_TITLE_MAX",
    "VARIANT_MAX",
    "VOICE_CONTENT_MAX",
    "country_ok",
    "is_lower_uuid",
    "language_tag",
    "locale_ok",
    "mailbox_ok",
    "same_locale_key",
    "sender_error",
    "sms_error",
    "template_variables",
    "variable_name_ok",
]

EMAIL_SUBJECT_MAX = 256  # seed 001: "the subject should contain no more than 256 characters"
EMAIL_BODY_MAX_BYTES = 100 * 1024  # seed 001: "the email's body should weigh no more than 100 KB"
VOICE_CONTENT_MAX = 1024  # OpenAPI TemplateContentVoice.content maxLength
PUSH_TITLE_MAX = 200  # OpenAPI TemplateContentPush.title maxLength
PUSH_BODY_MAX = 400  # OpenAPI TemplateContentPush.body maxLength
VARIANT_MAX = 100  # OpenAPI TemplateContent.variant maxLength
SMS_GSM7_MAX = 153
SMS_UCS2_MAX = 67
SENDER_MAX = 11

# 3GPP TS 23.038 §6.2.1, default alphabet, by code point 0x00..0x7F (16 per row). 0x1B is the escape to the
# extension table, not a character.
_GSM_DEFAULT_ROWS = (
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
)
# §6.2.1.1, extension table: code point -> character (each costs escape + code = 2 septets).
_GSM_EXTENSION = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|"}
_GSM_EXTENSION[0x65] = "€"

_SEPTETS: dict[str, int] = {}
for _row in _GSM_DEFAULT_ROWS:
    assert len(_row) == 16
    for _ch in _row:
        if _ch != "\x1b":
            _SEPTETS[_ch] = 1
for _ch in _GSM_EXTENSION.values():
    _SEPTETS[_ch] = 2

_UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_VARIABLE = re.compile(r"\$\{([^{}$]*)\}")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][\w.\-]*", re.ASCII)
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def sms_error(text: str) -> str | None:
    """Why an SMS content does not fit PingOne's limit, or None (seed 001)."""
    septets = 0
    for ch in text:
        cost = _SEPTETS.get(ch)
        if cost is None:  # one character outside GSM-7 makes the whole message UCS-2
            units = len(text.encode("utf-16-le")) // 2
            if units > SMS_UCS2_MAX:
                return (
                    f"SMS content is {units} characters in UCS-2 encoding (it contains {ch!r}, which is not in "
                    f"the GSM-7 alphabet); the limit is {SMS_UCS2_MAX}"
                )
            return None
        septets += cost
    if septets > SMS_GSM7_MAX:
        return f"SMS content is {septets} characters in GSM-7 encoding; the limit is {SMS_GSM7_MAX}"
    return None


def sender_error(sender: str) -> str | None:
    if len(sender) > SENDER_MAX:
        return f"sender must be at most {SENDER_MAX} characters; it has {len(sender)}"
    if any(not (c == " " or (c.isascii() and c.isalnum())) for c in sender):
        return "sender may contain only alphanumeric characters and spaces"
    return None


def template_variables(text: str) -> list[str]:
    """Names inside ``${…}``, first occurrence order, each once."""
    names: list[str] = []
    for found in _VARIABLE.findall(text):
        name = found.strip()
        if name not in names:
            names.append(name)
    return names


def variable_name_ok(name: str) -> bool:
    return _VARIABLE_NAME.fullmatch(name) is not None


def is_lower_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def mailbox_ok(address: str) -> bool:
    """An RFC 5321 mailbox: dot-atom local part (≤ 64) ``@`` a host name of two or more labels (≤ 254 in all)."""
    if len(address) > 254 or address.count("@") != 1:
        return False
    local, host = address.split("@")
    if not 1 <= len(local) <= 64 or not all(_ATEXT.fullmatch(atom) for atom in local.split(".")):
        return False
    labels = host.split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels)


@lru_cache(maxsize=2048)
def country_ok(code: str) -> bool:
    """ISO 3166-1 alpha-2, upper case, as PingOne's country fields are."""
    return re.fullmatch("[A-Z]{2}", code) is not None and pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=2048)
def language_tag(locale: str) -> str | None:
    """The canonical ``ll`` / ``ll-RR`` of a valid locale (case-insensitive, ``-`` or ``_``), else None."""
    parts = locale.replace("_", "-").split("-")
    if len(parts) > 2 or not parts[0].isascii() or not parts[0].isalpha() or len(parts[0]) not in (2, 3):
        return None
    language = parts[0].lower()
    table = {2: "alpha_2", 3: "alpha_3"}[len(language)]
    if pycountry.languages.get(**{table: language}) is None:
        return None
    if len(parts) == 1:
        return language
    region = parts[1].upper()
    if region.isascii() and region.isdigit() and len(region) == 3:  # UN M.49 area codes such as es-419
        return f"{language}-{region}"
    if len(region) != 2 or pycountry.countries.get(alpha_2=region) is None:
        return None
    return f"{language}-{region}"


def locale_ok(locale: str) -> bool:
    return language_tag(locale) is not None


def same_locale_key(locale: str) -> str:
    """What two locales are compared by (``en_gb`` and ``EN-gb`` are the same locale)."""
    return language_tag(locale) or locale.lower()
