"""The file layout of a template catalog: which file holds which content, and what is in it.

A catalog directory holds one file per custom content::

    <template>/<locale>[.<variant>].<email|sms|voice|push>.<ext>

* ``<template>``: one of PingOne's template names (``strong_authentication``, ``general``, ...).
* ``<locale>``: ISO 639 language, optionally an ISO 3166 country (``en``, ``fr-CA``, ``pt_BR``).
* ``<variant>``: optional variant name (``en.promo.sms.txt``).
* ``<ext>``: ``html``/``htm`` (email, sent as ``text/html``) or ``txt`` (email as ``text/plain``; SMS, voice, push).

SMS and voice files are the text itself. Email files may start with a ``Subject: ...`` line, push files must
start with a ``Title: ...`` line; such a header block ends at the first empty line and the rest is the body. One
final line break (what editors add) is not part of the text. Files and directories whose name starts with a
dot are ignored. Nothing here talks to PingOne: this module only parses, renders and fingerprints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import rules

__all__ = [
    "LAYOUT",
    "METHODS",
    "CatalogEntry",
    "LayoutError",
    "canonical",
    "fingerprint",
    "natural_key",
    "parse_file",
    "render",
]

LAYOUT = "<template>/<locale>[.<variant>].<email|sms|voice|push>.<ext>"
METHODS = {"email": "Email", "sms": "SMS", "voice": "Voice", "push": "Push"}
EXTENSIONS = {"Email": ("html", "htm", "txt"), "SMS": ("txt",), "Voice": ("txt",), "Push": ("txt",)}
HEADERS = {"Email": {"subject": "subject"}, "Push": {"title": "title", "category": "push_category"}}

# What PingOne answers for a field left out on write (the single resource's ``api_body`` fills the same in).
DEFAULTS: dict[str, Any] = {
    "from": {"name": "PingOne", "address": "noreply@pingidentity.com"},
    "charset": "UTF-8",
    "emailContentType": "text/html",
    "voice": "Alice",
    "pushCategory": "BANNER_BUTTONS",
}
COMPARED = {
    "Email": ("subject", "body", "from", "replyTo", "charset", "emailContentType"),
    "SMS": ("content", "sender"),
    "Voice": ("content", "voice"),
    "Push": ("title", "body", "pushCategory"),
}


class LayoutError(ValueError):
    """A file whose name or text does not follow the layout; the message names the file."""


@dataclass(frozen=True)
class CatalogEntry:
    path: str
    template_name: str
    locale: str
    delivery_method: str
    variant: str | None
    fields: dict[str, str]  # the content's own properties (snake_case), as ContentModel takes them

    @property
    def key(self) -> str:
        return natural_key(self.template_name, self.delivery_method, self.locale, self.variant)


def natural_key(template_name: str, delivery_method: str, locale: str, variant: str | None) -> str:
    """PingOne's uniqueness key of a custom content: template, method, locale (``fr-CA`` = ``fr_ca``), variant."""
    key = f"{template_name}/{delivery_method}/{rules.locale_key(locale)}"
    return f"{key}/{variant.lower()}" if variant else key


def parse_file(path: str, text: str, template_names: tuple[str, ...]) -> CatalogEntry:
    """One file of the catalog -> the content it declares. Raises :class:`LayoutError` naming the file."""
    parts = path.split("/")
    if len(parts) != 2 or not all(parts):
        raise LayoutError(f"{path}: not laid out as {LAYOUT} (one directory per template, one file per content)")
    template, name = parts
    if template not in template_names:
        raise LayoutError(f"{path}: {template!r} is not a template name; one of {', '.join(template_names)}")
    pieces = name.split(".")
    if len(pieces) < 3:
        raise LayoutError(f"{path}: the file name must be <locale>[.<variant>].<email|sms|voice|push>.<ext>")
    locale, *variant_parts, method_word, ext = pieces
    method = METHODS.get(method_word)
    if method is None:
        raise LayoutError(f"{path}: {method_word!r} is not a delivery method; use email, sms, voice or push")
    if ext not in EXTENSIONS[method]:
        raise LayoutError(f"{path}: {method} files end in .{' or .'.join(EXTENSIONS[method])}, not .{ext}")
    if rules.parse_locale(locale) is None:
        raise LayoutError(
            f"{path}: {locale!r} is not a valid locale: an ISO 639 language code, optionally followed by an "
            "ISO 3166 country code joined with '-' or '_' (e.g. en, fr-CA, pt_BR)"
        )
    variant = ".".join(variant_parts) or None
    fields = _fields(path, method, _strip_final_newline(text))
    if method == "Email":
        fields["email_content_type"] = "text/plain" if ext == "txt" else "text/html"
    return CatalogEntry(path, template, locale, method, variant, fields)


def _strip_final_newline(text: str) -> str:
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


def _fields(path: str, method: str, text: str) -> dict[str, str]:
    if method in ("SMS", "Voice"):
        return {"content": text}
    allowed = HEADERS[method]
    fields: dict[str, str] = {}
    first = text.split("\n", 1)[0]
    if first.split(":", 1)[0].strip().lower() in allowed and ":" in first:
        head, _, body = text.replace("\r\n", "\n").partition("\n\n")
        for number, line in enumerate(head.split("\n"), start=1):
            name, colon, value = line.partition(":")
            prop = allowed.get(name.strip().lower())
            if not colon or prop is None:
                raise LayoutError(
                    f"{path}: line {number}: {line!r} is not a header; a {method} file may start with "
                    f"{', '.join(n.capitalize() + ': ...' for n in allowed)} lines, then an empty line, then the body"
                )
            fields[prop] = value.strip()
        text = body
    fields["body"] = text
    return fields


def render(method: str, live: Mapping[str, Any]) -> str:
    """The file text that would declare ``live`` (an API object), for showing what changed outside Pulumi."""
    if method in ("SMS", "Voice"):
        return str(live.get("content") or "") + "\n"
    head = ""
    if method == "Email" and live.get("subject"):
        head = f"Subject: {live['subject']}\n\n"
    if method == "Push":
        head = f"Title: {live.get('title') or ''}\n\n"
    return head + str(live.get("body") or "") + "\n"


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v not in (None, "")}
    return None if value in (None, "", {}, []) else value


def canonical(api_object: Mapping[str, Any]) -> dict[str, Any]:
    """The compared part of a content (API JSON), with PingOne's defaults filled in for missing fields."""
    method = str(api_object.get("deliveryMethod"))
    out: dict[str, Any] = {
        "deliveryMethod": method,
        "locale": rules.locale_key(str(api_object.get("locale") or "")),
        "variant": _normal(api_object.get("variant")),
    }
    for name in COMPARED.get(method, ()):
        value = _normal(api_object.get(name))
        out[name] = DEFAULTS.get(name) if value is None else value
    return out


def fingerprint(api_object: Mapping[str, Any]) -> str:
    """A short digest of :func:`canonical`: equal digests, nothing to write."""
    text = json.dumps(canonical(api_object), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
