"""A notification template content's request body (``/templates/{name}/contents``): delivery method, locale,
texts per method and the template's variables."""

from __future__ import annotations

from typing import Any

from .. import docrules
from ..catalog import RESERVED_LANGUAGES, TemplateSpec
from ..store import Environment
from .problems import Problems

__all__ = ["DELIVERY_METHODS", "PUSH_CATEGORIES", "check_variables", "enabled_languages", "template_content_body"]

DELIVERY_METHODS = ("Email", "SMS", "Voice", "Push")
PUSH_CATEGORIES = ("BANNER_BUTTONS", "WITHOUT_BANNER_BUTTONS", "APPROVE_AND_OPEN_APP")


def enabled_languages(env: Environment) -> set[str]:
    return {docrules.same_locale_key(x) for x in (*RESERVED_LANGUAGES, *env.languages)}


def template_content_body(
    spec: TemplateSpec, env: Environment, body: dict[str, Any], existing: dict[str, Any] | None
) -> dict[str, Any]:
    p = Problems()
    method = p.enum(body, "deliveryMethod", "deliveryMethod", DELIVERY_METHODS, required=True)
    if method is not None and method not in spec.delivery_methods:
        p.add(
            "INVALID_VALUE",
            "deliveryMethod",
            f"The delivery method {method} does not apply to template {spec.name}; "
            f"it supports {', '.join(spec.delivery_methods)}",
        )
        method = None
    locale = p.string(body, "locale", "locale", required=True, allow_empty=False)
    if locale is not None:
        if not docrules.locale_ok(locale):
            p.add(
                "INVALID_VALUE",
                "locale",
                f"{locale!r} is not a valid locale (an ISO 639 language code, optionally followed by an "
                "ISO 3166 country code joined with '-' or '_')",
            )
        elif docrules.same_locale_key(locale) not in enabled_languages(env):
            p.add(
                "INVALID_VALUE",
                "language",
                f"The language for locale {locale!r} is not enabled in environment {env.id}",
            )
    variant = p.string(body, "variant", "variant", max_len=docrules.VARIANT_MAX)
    if existing is not None:
        if method is not None and method != existing["deliveryMethod"]:
            p.add("INVALID_VALUE", "deliveryMethod", "deliveryMethod cannot be changed after the content is created")
        if locale is not None and docrules.same_locale_key(locale) != docrules.same_locale_key(existing["locale"]):
            p.add("INVALID_VALUE", "locale", "locale cannot be changed after the content is created")

    out: dict[str, Any] = {"locale": locale, "deliveryMethod": method}
    if variant:
        out["variant"] = variant
    texts: dict[str, str] = {}
    if method == "Email":
        subject = p.string(body, "subject", "subject", max_len=docrules.EMAIL_SUBJECT_MAX)
        email_body = p.string(body, "body", "body", required=True, allow_empty=False)
        if email_body is not None and len(email_body.encode()) > docrules.EMAIL_BODY_MAX_BYTES:
            p.add(
                "SIZE_LIMIT_EXCEEDED",
                "body",
                f"Email body is {len(email_body.encode())} bytes; it cannot be larger than 100 KB "
                f"({docrules.EMAIL_BODY_MAX_BYTES} bytes)",
                maximumValue=docrules.EMAIL_BODY_MAX_BYTES,
            )
        out.update(
            {
                "subject": subject,
                "body": email_body,
                # seed 001: noreply@pingidentity.com "is used as 'From' by default", i.e. when sending; the
                # content does not carry it (issue 16 item 8: PingOne returns only what was set).
                "from": p.email_party(body, "from", default=None),
                "replyTo": p.email_party(body, "replyTo", default=None),
                "charset": p.string(body, "charset", "charset", max_len=64) or "UTF-8",
                "emailContentType": p.string(body, "emailContentType", "emailContentType", max_len=128) or "text/html",
            }
        )
        texts = {k: v for k, v in (("subject", subject), ("body", email_body)) if v}
    elif method == "SMS":
        content = p.string(body, "content", "content", required=True, allow_empty=False)
        if content is not None and (problem := docrules.sms_error(content)):
            p.add("SIZE_LIMIT_EXCEEDED", "content", problem)
        sender = p.string(body, "sender", "sender")
        if sender and (problem := docrules.sender_error(sender)):
            p.add("INVALID_VALUE", "sender", problem)
        out.update({"content": content, "sender": sender})  # no sender: none returned (issue 16 item 8)
        texts = {"content": content} if content else {}
    elif method == "Voice":
        content = p.string(
            body, "content", "content", required=True, allow_empty=False, max_len=docrules.VOICE_CONTENT_MAX
        )
        out.update({"content": content, "voice": p.string(body, "voice", "voice", max_len=64) or "Alice"})
        texts = {"content": content} if content else {}
    elif method == "Push":
        title = p.string(body, "title", "title", required=True, allow_empty=False, max_len=docrules.PUSH_TITLE_MAX)
        push_body = p.string(body, "body", "body", required=True, allow_empty=False, max_len=docrules.PUSH_BODY_MAX)
        category = p.enum(body, "pushCategory", "pushCategory", PUSH_CATEGORIES) or "BANNER_BUTTONS"
        out.update({"title": title, "body": push_body, "pushCategory": category})
        texts = {k: v for k, v in (("title", title), ("body", push_body)) if v}

    if method is not None and texts:
        check_variables(p, spec, method, texts)
    p.raise_if_any()
    return {k: v for k, v in out.items() if v is not None}


def check_variables(p: Problems, spec: TemplateSpec, method: str, texts: dict[str, str]) -> None:
    used: dict[str, str] = {}
    for target, text in texts.items():
        for name in [n for n in docrules.template_variables(text) if not docrules.variable_name_ok(n)]:
            p.add("INVALID_VALUE", target, f"${{{name}}} is not a valid variable name (letters, digits, _ . -)")
        for name in docrules.template_variables(text):
            used.setdefault(name, target)
    if not spec.allow_dynamic_variables:
        for name, target in used.items():
            if name not in spec.variables:
                allowed = ", ".join("${" + v + "}" for v in sorted(spec.variables)) or "none"
                p.add(
                    "INVALID_VALUE",
                    target,
                    f"Variable ${{{name}}} is not defined by template {spec.name}; allowed variables: {allowed}",
                    allowedValues=sorted(spec.variables),
                )
    main = "content" if "content" in texts else "body"
    for name in spec.required_variables(method):
        if name not in used:
            p.add(
                "REQUIRED_VALUE",
                main,
                f"Required variable ${{{name}}} is missing; template {spec.name} requires it in {method} contents",
            )
