"""``NotificationTemplateContent``: a custom email, SMS, voice or push text for one template and locale.

Quirks: ``template_name``, ``locale`` and ``delivery_method`` cannot change (a change replaces the content);
``variant`` changes in place. One custom content per template + delivery method + locale (+ variant) is
the natural key. Deleting a custom content restores PingOne's default content. ``check`` reads the
template once per run to know which ``${variables}`` it allows and requires, so a wrong variable fails at
preview, naming it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, get_args

import pulumi
from pulumi.dynamic import CheckFailure
from pydantic import Field, field_validator, model_validator

from .. import rules
from ..client import PingOneClient
from ..errors import ApiError, ConfigurationError, PingOneError
from ..retry import CHECK_READ_DEADLINE
from ._base import BaseProvider, PingOneResource
from ._common import ConnectionArgs, EmailAddressArgs, EmailParty, LocalFields, SenderId
from ._shape import contains_unknown, to_api
from ._validation import failure

__all__ = ["TEMPLATE_NAMES", "NotificationTemplateContent", "NotificationTemplateContentProvider"]

TemplateName = Literal[
    "credential_issued",
    "credential_revoked",
    "credential_updated",
    "credential_verification",
    "device_pairing",
    "digital_wallet_pairing",
    "email_verification_admin",
    "email_verification_user",
    "email_phone_verification",
    "general",
    "id_verification",
    "new_device_paired",
    "recovery_code_template",
    "strong_authentication",
    "transaction",
    "verification_code_template",
]
TEMPLATE_NAMES: tuple[str, ...] = get_args(TemplateName)

# Which fields belong to which delivery method.
FIELDS = {
    "Email": ("subject", "body", "from_", "reply_to", "charset", "email_content_type"),
    "SMS": ("content", "sender"),
    "Voice": ("content", "voice"),
    "Push": ("title", "body", "push_category"),
}
REQUIRED = {"Email": ("body",), "SMS": ("content",), "Voice": ("content",), "Push": ("title", "body")}


class ContentModel(LocalFields):
    template_name: TemplateName
    locale: str
    delivery_method: Literal["Email", "SMS", "Voice", "Push"]
    variant: str | None = Field(default=None, min_length=1, max_length=rules.VARIANT_MAX)
    content: str | None = None
    sender: SenderId | None = None
    voice: str | None = Field(default=None, max_length=64)
    subject: str | None = Field(default=None, max_length=rules.EMAIL_SUBJECT_MAX)
    body: str | None = None
    from_: EmailParty | None = None
    reply_to: EmailParty | None = None
    charset: str | None = Field(default=None, max_length=64)
    email_content_type: str | None = Field(default=None, max_length=128)
    title: str | None = Field(default=None, max_length=rules.PUSH_TITLE_MAX)
    push_category: Literal["BANNER_BUTTONS", "WITHOUT_BANNER_BUTTONS", "APPROVE_AND_OPEN_APP"] | None = None

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if rules.parse_locale(value) is None:
            raise ValueError(
                f"{value!r} is not a valid locale: an ISO 639 language code, optionally followed by an "
                "ISO 3166 country code joined with '-' or '_' (e.g. en, fr-CA, pt_BR)"
            )
        return value

    @model_validator(mode="after")
    def _method_fields(self) -> ContentModel:
        allowed = FIELDS[self.delivery_method]
        foreign = [f for fields in FIELDS.values() for f in fields if f not in allowed and getattr(self, f) is not None]
        if foreign:
            raise ValueError(
                f"{', '.join(sorted(set(foreign)))} do(es) not apply to {self.delivery_method} contents "
                f"(use {', '.join(allowed)})"
            )
        missing = [f for f in REQUIRED[self.delivery_method] if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.delivery_method} content needs {', '.join(missing)}")
        for prop, text in self.texts().items():
            bad = rules.bad_variable_names(text)
            if bad:
                raise ValueError(f"{prop}: {', '.join('${' + b + '}' for b in bad)} is not a variable name "
                                 "(letters, digits, _ . - only)")  # fmt: skip
        if self.delivery_method == "SMS" and self.content and (problem := rules.sms_problem(self.content)):
            raise ValueError(f"content: {problem}")
        if self.delivery_method == "Voice" and self.content and len(self.content) > rules.VOICE_CONTENT_MAX:
            raise ValueError(f"content: a voice message is at most {rules.VOICE_CONTENT_MAX} characters")
        if self.delivery_method == "Email" and self.body and len(self.body.encode()) > rules.EMAIL_BODY_MAX_BYTES:
            raise ValueError(
                f"body: an email body is at most 100 KB ({rules.EMAIL_BODY_MAX_BYTES} bytes UTF-8); "
                f"this one is {len(self.body.encode())}"
            )
        if self.delivery_method == "Push" and self.body and len(self.body) > rules.PUSH_BODY_MAX:
            raise ValueError(f"body: a push body is at most {rules.PUSH_BODY_MAX} characters")
        return self

    def texts(self) -> dict[str, str]:
        """The fields that may hold ``${variables}``, by property name."""
        names = {"Email": ("subject", "body"), "SMS": ("content",), "Voice": ("content",), "Push": ("title", "body")}[
            self.delivery_method
        ]
        return {n: v for n in names if (v := getattr(self, n))}


# One read of each template per provider process (a `pulumi preview`/`up` run).
_TEMPLATES: dict[tuple[str, str, str], dict[str, Any]] = {}
_TEMPLATES_LOCK = threading.Lock()


def template_definition(client: PingOneClient, env_id: str, name: str) -> dict[str, Any]:
    key = (client.connection.api_base, env_id, name)
    with _TEMPLATES_LOCK:
        cached = _TEMPLATES.get(key)
    if cached is None:
        # a preview should not hang on an unreachable PingOne: a short retry budget for this read
        cached = client.get(
            f"/environments/{env_id}/templates/{name}", context=f"read template {name}", deadline=CHECK_READ_DEADLINE
        )
        with _TEMPLATES_LOCK:
            _TEMPLATES[key] = cached
    return cached


def variable_failures(model: ContentModel, template: Mapping[str, Any]) -> list[CheckFailure]:
    out: list[CheckFailure] = []
    method = model.delivery_method
    methods = template.get("deliveryMethods") or []
    if methods and method not in methods:
        return [
            failure(
                "delivery_method",
                f"template {model.template_name} does not support {method}; it supports {', '.join(methods)}",
            )
        ]
    variables: dict[str, Any] = template.get("variables") or {}
    used: dict[str, str] = {}
    for prop, text in model.texts().items():
        for name in rules.variables_in(text):
            used.setdefault(name, prop)
    if not template.get("allowDynamicVariables"):
        by_prop: dict[str, list[str]] = {}
        for name, prop in used.items():
            if name not in variables:
                by_prop.setdefault(prop, []).append(name)
        allowed = ", ".join("${" + v + "}" for v in sorted(variables)) or "none"
        for prop, names in by_prop.items():
            out.append(
                failure(
                    prop,
                    f"template {model.template_name} does not allow "
                    f"{', '.join('${' + n + '}' for n in names)}; allowed variables: {allowed}",
                )
            )
    missing = []
    for name, spec in variables.items():
        if not isinstance(spec, dict) or not spec.get("required"):
            continue
        only_for = spec.get("requiredForDeliveryMethods")
        if only_for and method not in only_for:
            continue
        if name not in used:
            missing.append(name)
    if missing:
        prop = "content" if method in ("SMS", "Voice") else "body"
        out.append(
            failure(
                prop,
                f"template {model.template_name} requires "
                f"{', '.join('${' + n + '}' for n in sorted(missing))} in {method} contents",
            )
        )
    return out


class NotificationTemplateContentProvider(BaseProvider):
    type_name: ClassVar[str] = "NotificationTemplateContent"
    model = ContentModel
    replace_keys = ("environment_id", "template_name", "locale", "delivery_method")
    output_only = ("created_at", "updated_at", "default")

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/templates/{props['template_name']}/contents"

    key_inputs = ("environment_id", "template_name", "delivery_method", "locale", "variant")

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        # seed 001: one custom content per template, delivery method, locale (case-insensitive) and variant
        env, template, method, locale, variant = (values.get(k) for k in self.key_inputs)
        if not all(isinstance(v, str) for v in (env, template, method, locale)):
            return None
        return (
            f"content|environment {env}|template {template}|{method}|locale {rules.locale_key(str(locale))}"
            f"|variant {str(variant or '').lower() or '(none)'}"
        )

    def describe(self, props: Mapping[str, Any]) -> str:
        variant = f" variant {props['variant']!r}" if props.get("variant") else ""
        return (
            f"NotificationTemplateContent {props.get('template_name')}/{props.get('delivery_method')}/"
            f"{props.get('locale')}{variant} in environment {props.get('environment_id')}"
        )

    def extra_failures(self, model: Any, props: Mapping[str, Any]) -> list[CheckFailure]:
        m: ContentModel = model
        if contains_unknown(props.get("connection")):
            return []
        try:
            client = self.client(props)
        except ConfigurationError:
            return []  # reported on `connection` by the caller
        try:
            template = template_definition(client, m.environment_id, m.template_name)
        except ApiError as err:
            return [
                failure("template_name", f"could not read template {m.template_name} to check its variables: {err}")
            ]
        except PingOneError as err:
            return [
                failure(
                    "template_name",
                    f"could not read template {m.template_name} to check its variables (PingOne unreachable): {err}",
                )
            ]
        return variable_failures(m, template)

    def api_body(self, model: Any) -> dict[str, Any]:
        m: ContentModel = model
        body: dict[str, Any] = {"locale": m.locale, "delivery_method": m.delivery_method}
        if m.variant:
            body["variant"] = m.variant
        if m.delivery_method == "Email":
            body.update(
                {
                    "subject": m.subject,
                    "body": m.body,
                    # Left out when not set: PingOne then sends from noreply@pingidentity.com (seed 001) and
                    # does not return a from of its own (issue 16 item 8).
                    "from": m.from_.model_dump(exclude_none=True) if m.from_ else None,
                    "reply_to": m.reply_to.model_dump(exclude_none=True) if m.reply_to else None,
                    "charset": m.charset or "UTF-8",
                    "email_content_type": m.email_content_type or "text/html",
                }
            )
        elif m.delivery_method == "SMS":
            body.update({"content": m.content, "sender": m.sender or None})
        elif m.delivery_method == "Voice":
            body.update({"content": m.content, "voice": m.voice or "Alice"})
        else:
            body.update({"title": m.title, "body": m.body, "push_category": m.push_category or "BANNER_BUTTONS"})
        result: dict[str, Any] = to_api(body)
        return result

    def expected(self, model: Any) -> dict[str, Any]:
        desired = super().expected(model)
        desired.setdefault("variant", None)
        if model.delivery_method == "Email":
            desired.setdefault("reply_to", None)
            desired.setdefault("subject", None)
            desired.setdefault("from_", None)
        if model.delivery_method == "SMS":
            desired.setdefault("sender", None)
        return desired

    def find_existing(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        want_locale = rules.locale_key(str(body["locale"]))
        want_variant = str(body.get("variant") or "").lower()
        params = {"filter": f'(deliveryMethod eq "{body["deliveryMethod"]}") and (default eq false)'}
        for item in client.paged(
            self.collection_path(props),
            "contents",
            params=params,
            context=self.context(props, "look up the existing content"),
        ):
            if (
                item.get("deliveryMethod") == body["deliveryMethod"]
                and not item.get("default")
                and rules.locale_key(str(item.get("locale", ""))) == want_locale
                and str(item.get("variant") or "").lower() == want_variant
            ):
                return item
        return None

    def outputs(self, props: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().outputs(props, obj)
        outs.pop("template", None)
        outs["template_name"] = props.get("template_name")
        return outs


class NotificationTemplateContent(PingOneResource, module="pingone", name="NotificationTemplateContent"):
    """A custom text for one notification template, delivery method and locale (and optional variant).

    Which ``${variables}`` a text may use, and which it must use, is decided by the template (read from
    PingOne at preview time): e.g. ``device_pairing`` and ``strong_authentication`` require ``${otp}``.
    """

    environment_id: pulumi.Output[str]
    template_name: pulumi.Output[str]
    locale: pulumi.Output[str]
    delivery_method: pulumi.Output[str]
    variant: pulumi.Output[str | None]
    default: pulumi.Output[bool]
    content: pulumi.Output[str | None]
    sender: pulumi.Output[str | None]
    voice: pulumi.Output[str | None]
    subject: pulumi.Output[str | None]
    body: pulumi.Output[str | None]
    from_: pulumi.Output[dict[str, str] | None]
    reply_to: pulumi.Output[dict[str, str] | None]
    charset: pulumi.Output[str | None]
    email_content_type: pulumi.Output[str | None]
    title: pulumi.Output[str | None]
    push_category: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        template_name: pulumi.Input[str],
        locale: pulumi.Input[str],
        delivery_method: pulumi.Input[str],
        variant: pulumi.Input[str] | None = None,
        content: pulumi.Input[str] | None = None,
        sender: pulumi.Input[str] | None = None,
        voice: pulumi.Input[str] | None = None,
        subject: pulumi.Input[str] | None = None,
        body: pulumi.Input[str] | None = None,
        from_: pulumi.Input[EmailAddressArgs] | None = None,
        reply_to: pulumi.Input[EmailAddressArgs] | None = None,
        charset: pulumi.Input[str] | None = None,
        email_content_type: pulumi.Input[str] | None = None,
        title: pulumi.Input[str] | None = None,
        push_category: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces the content).
        :param template_name: One of the 16 templates, e.g. ``strong_authentication``, ``general`` (replaces).
        :param locale: ISO 639 language, optionally with an ISO 3166 country: ``en``, ``fr-CA``, ``pt_BR``; the
            language must be enabled in the environment (replaces).
        :param delivery_method: ``Email``, ``SMS``, ``Voice`` or ``Push`` (replaces).
        :param variant: Optional name (≤ 100 characters) for an alternative content; changes in place.
        :param content: SMS and Voice: the text. SMS: ≤ 153 GSM-7 characters, or ≤ 67 if any character needs
            UCS-2; Voice: ≤ 1024 characters.
        :param sender: SMS: sender ID, ≤ 11 letters, digits or spaces (leave empty where alphanumeric sender IDs
            are not allowed, e.g. the US).
        :param voice: Voice: the voice, e.g. ``Alice`` (default), ``Man``, ``Woman``.
        :param subject: Email: subject, ≤ 256 characters.
        :param body: Email: body (HTML allowed), ≤ 100 KB. Push: body, ≤ 400 characters.
        :param from_: Email: ``{"name", "address"}``; default PingOne's ``noreply@pingidentity.com``.
        :param reply_to: Email: ``{"name", "address"}``.
        :param charset: Email: default ``UTF-8``.
        :param email_content_type: Email: default ``text/html``.
        :param title: Push: title, ≤ 200 characters.
        :param push_category: Push: ``BANNER_BUTTONS`` (default), ``WITHOUT_BANNER_BUTTONS`` or
            ``APPROVE_AND_OPEN_APP``.
        :param adopt: Take over an existing custom content instead of creating one: ``True`` (the one with
            this template, delivery method, locale and variant) or its ID.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        """
        props = {
            "environment_id": environment_id,
            "template_name": template_name,
            "locale": locale,
            "delivery_method": delivery_method,
            "variant": variant,
            "content": content,
            "sender": sender,
            "voice": voice,
            "subject": subject,
            "body": body,
            "from_": from_,
            "reply_to": reply_to,
            "charset": charset,
            "email_content_type": email_content_type,
            "title": title,
            "push_category": push_category,
            "adopt": adopt,
            "connection": connection,
            "default": None,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(NotificationTemplateContentProvider(), resource_name, props, opts)
