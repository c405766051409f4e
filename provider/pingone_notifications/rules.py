"""The PingOne API's documented content rules, as pure functions.

These are facts about the API (seed ``001``: SMS length by encoding, sender IDs, email limits, locales,
``${variables}``), so the provider's ``check`` and the local emulator apply the same definitions. Each rule
is also pinned by concrete cases in the tests of both, so a wrong rule cannot hide in both places at once.
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
    "SENDER_MAX",
    "SMS_LIMITS",
    "UUID_RE",
    "VARIANT_MAX",
    "VOICE_CONTENT_MAX",
    "bad_variable_names",
    "is_country_code",
    "is_email_address",
    "locale_key",
    "parse_locale",
    "sender_problem",
    "sms_encoding",
    "sms_length",
    "sms_problem",
    "variables_in",
]

SMS_LIMITS = {"GSM-7": 153, "UCS-2": 67}
SENDER_MAX = 11
EMAIL_SUBJECT_MAX = 256
EMAIL_BODY_MAX_BYTES = 100 * 1024
VOICE_CONTENT_MAX = 1024
PUSH_TITLE_MAX = 200
PUSH_BODY_MAX = 400
VARIANT_MAX = 100

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# GSM 03.38 default alphabet and its extension table (extension characters take two septets).
_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = set("^{}\\[~]|€\f")

_VARIABLE_RE = re.compile(r"\$\{([^{}$]*)\}")
_VARIABLE_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_SENDER_RE = re.compile(r"^[A-Za-z0-9 ]*$")
# RFC 5321 mailbox: a dot-atom local part (RFC 5322 atext, no leading, trailing or doubled dot), "@", a host
# name of at least two LDH labels (no label starting or ending with "-").
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL_RE = re.compile(rf"^(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$")
_LOCALE_RE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")


def sms_encoding(text: str) -> str:
    """``GSM-7`` when every character is in the GSM 03.38 alphabet (or its extension), else ``UCS-2``."""
    return "GSM-7" if all(c in _GSM7_BASIC or c in _GSM7_EXTENSION for c in text) else "UCS-2"


def sms_length(text: str) -> int:
    """Length in the units the limit is counted in: septets for GSM-7, UTF-16 code units for UCS-2."""
    if sms_encoding(text) == "GSM-7":
        return sum(2 if c in _GSM7_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def sms_problem(text: str) -> str | None:
    """Why an SMS content is too long for one message segment, or None."""
    encoding = sms_encoding(text)
    length, limit = sms_length(text), SMS_LIMITS[encoding]
    if length > limit:
        why = " (it contains characters outside the GSM-7 alphabet, so UCS-2 applies)" if encoding == "UCS-2" else ""
        return f"SMS content is {length} characters in {encoding} encoding; the limit is {limit}{why}"
    return None


def sender_problem(sender: str) -> str | None:
    if len(sender) > SENDER_MAX:
        return f"sender ID is {len(sender)} characters; at most {SENDER_MAX} are allowed"
    if not _SENDER_RE.match(sender):
        return "sender ID may contain only letters, digits and spaces"
    return None


def variables_in(text: str) -> list[str]:
    """The ``${name}`` variables a text uses, in order of first appearance, without duplicates."""
    seen: dict[str, None] = {}
    for match in _VARIABLE_RE.finditer(text):
        seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def bad_variable_names(text: str) -> list[str]:
    """``${…}`` references whose name is not a variable name (letters, digits, ``_``, ``.``, ``-``)."""
    return [name for name in variables_in(text) if not _VARIABLE_NAME_RE.match(name)]


def is_email_address(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL_RE.match(value))


@lru_cache(maxsize=4096)
def is_country_code(code: str) -> bool:
    """An upper-case ISO 3166-1 alpha-2 code."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=4096)
def parse_locale(locale: str) -> tuple[str, str | None] | None:
    """``(language, region)`` for an ISO 639 language optionally joined to an ISO 3166 region with ``-``/``_``.

    Case-insensitive, as the API is. Returns None when the locale is not valid.
    """
    match = _LOCALE_RE.match(locale)
    if not match:
        return None
    language, region = match.group(1).lower(), match.group(2)
    known = (
        pycountry.languages.get(alpha_2=language) if len(language) == 2 else pycountry.languages.get(alpha_3=language)
    )
    if known is None:
        return None
    if region is not None:
        region = region.upper()
        if not region.isdigit() and pycountry.countries.get(alpha_2=region) is None:
            return None
    return language, region


def locale_key(locale: str) -> str:
    """Canonical form for comparing locales: ``en``, ``en-GB`` (``en_gb`` and ``EN-gb`` compare equal)."""
    parsed = parse_locale(locale)
    if parsed is None:
        return locale.lower()
    language, region = parsed
    return language if region is None else f"{language}-{region}"
