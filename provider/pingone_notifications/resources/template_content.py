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
from typing import Annotated, Any, ClassVar, get_args

from pulumi.dynamic import CheckFailure
from pydantic import Field, field_validator, model_validator

from .. import rules
from ..client import PingOneClient
from ..errors import ApiError, ConfigurationError, PingOneError
from ..retry import CHECK_READ_DEADLINE
from ._base import BaseProvider
from ._common import EmailAddress, EnvironmentId, LocalFields, SenderId
from ._fields import Api, api_of, register
from ._shape import contains_unknown
from ._types import DeliveryMethod, PushCategory, TemplateName
from ._validation import failure

__all__ = ["TEMPLATE_NAMES", "ContentModel", "NotificationTemplateContentProvider"]

TEMPLATE_NAMES: tuple[str, ...] = get_args(TemplateName)

REQUIRED = {"Email": ("body",), "SMS": ("content",), "Voice": ("content",), "Push": ("title", "body")}

_EMAIL = ("delivery_method", ("Email",))
_SMS = ("delivery_method", ("SMS",))
_VOICE = ("delivery_method", ("Voice",))
_PUSH = ("delivery_method", ("Push",))
_PHONE = ("delivery_method", ("SMS", "Voice"))
_EMAIL_OR_PUSH = ("delivery_method", ("Email", "Push"))


class ContentModel(LocalFields):
    """A custom text for one notification template, delivery method and locale (and optional variant).

    Which ``${variables}`` a text may use, and which it must use, is decided by the template (read from
    PingOne at preview time): e.g. ``device_pairing`` and ``strong_authentication`` require ``${otp}``.
    """

    environment_id: Annotated[EnvironmentId, Api(replace=True, key=True)] = Field(
        description="The PingOne environment (changing it replaces the content)."
    )
    template_name: Annotated[TemplateName, Api(replace=True, key=True, path=True)] = Field(
        description="One of the 16 templates, e.g. ``strong_authentication``, ``general`` (replaces)."
    )
    locale: Annotated[str, Api(replace=True, key=True, compare=rules.locale_key)] = Field(
        description="ISO 639 language, optionally with an ISO 3166 country: ``en``, ``fr-CA``, ``pt_BR``; the "
        "language must be enabled in the environment (replaces)."
    )
    delivery_method: Annotated[DeliveryMethod, Api(replace=True, key=True)] = Field(
        description="``Email``, ``SMS``, ``Voice`` or ``Push`` (replaces)."
    )
    variant: Annotated[str | None, Api(key=True, blank_is_absent=True)] = Field(
        default=None,
        min_length=1,
        max_length=rules.VARIANT_MAX,
        description="Optional name (≤ 100 characters) for an alternative content; changes in place.",
    )
    content: Annotated[str | None, Api(only_for=_PHONE)] = Field(
        default=None,
        description="SMS and Voice: the text. SMS: ≤ 153 GSM-7 characters, or ≤ 67 if any character needs UCS-2; "
        "Voice: ≤ 1024 characters.",
    )
    sender: Annotated[SenderId | None, Api(only_for=_SMS, blank_is_absent=True)] = Field(
        default=None,
        description="SMS: sender ID, ≤ 11 letters, digits or spaces (leave empty where alphanumeric sender IDs "
        "are not allowed, e.g. the US).",
    )
    voice: Annotated[str | None, Api(only_for=_VOICE, default="Alice", blank_is_absent=True)] = Field(
        default=None, max_length=64, description="Voice: the voice, e.g. ``Alice`` (default), ``Man``, ``Woman``."
    )
    subject: Annotated[str | None, Api(only_for=_EMAIL)] = Field(
        default=None, max_length=rules.EMAIL_SUBJECT_MAX, description="Email: subject, ≤ 256 characters."
    )
    title: Annotated[str | None, Api(only_for=_PUSH)] = Field(
        default=None, max_length=rules.PUSH_TITLE_MAX, description="Push: title, ≤ 200 characters."
    )
    body: Annotated[str | None, Api(only_for=_EMAIL_OR_PUSH)] = Field(
        default=None, description="Email: body (HTML allowed), ≤ 100 KB. Push: body, ≤ 400 characters."
    )
    # Left out when not set: PingOne then sends from noreply@pingidentity.com (seed 001) and does not return a
    # from of its own (issue 16 item 8).
    from_: Annotated[EmailAddress | None, Api(only_for=_EMAIL)] = Field(
        default=None, description='Email: ``{"name", "address"}``; default PingOne\'s ``noreply@pingidentity.com``.'
    )
    reply_to: Annotated[EmailAddress | None, Api(only_for=_EMAIL)] = Field(
        default=None, description='Email: ``{"name", "address"}``.'
    )
    charset: Annotated[str | None, Api(only_for=_EMAIL, default="UTF-8", blank_is_absent=True)] = Field(
        default=None, max_length=64, description="Email: default ``UTF-8``."
    )
    email_content_type: Annotated[str | None, Api(only_for=_EMAIL, default="text/html", blank_is_absent=True)] = Field(
        default=None, max_length=128, description="Email: default ``text/html``."
    )
    push_category: Annotated[PushCategory | None, Api(only_for=_PUSH, default="BANNER_BUTTONS")] = Field(
        default=None,
        description="Push: ``BANNER_BUTTONS`` (default), ``WITHOUT_BANNER_BUTTONS`` or ``APPROVE_AND_OPEN_APP``.",
    )
    adopt: bool | str | None = Field(
        default=None,
        description="Take over an existing custom content instead of creating one: ``True`` (the one with this "
        "template, delivery method, locale and variant) or its ID.",
    )
    default: Annotated[bool | None, Api(output_only=True)] = Field(
        default=None, description="Whether this is PingOne's default content (never, for a custom one)."
    )
    created_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")
    updated_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")

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
        foreign = [f for f in _METHOD_FIELDS if f not in allowed and getattr(self, f) is not None]
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


def _methods_of(name: str) -> tuple[str, ...]:
    only_for = api_of(ContentModel.model_fields[name]).only_for
    return only_for[1] if only_for is not None and only_for[0] == "delivery_method" else ()


# Which fields belong to which delivery method: from the declarations (``Api(only_for=...)``).
_METHOD_FIELDS = tuple(name for name in ContentModel.model_fields if _methods_of(name))
FIELDS = {method: tuple(n for n in _METHOD_FIELDS if method in _methods_of(n)) for method in get_args(DeliveryMethod)}
register(ContentModel)


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

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/templates/{props['template_name']}/contents"

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        # seed 001: one custom content per template, delivery method, locale (case-insensitive) and variant
        env, template, method, locale, variant = (
            values.get(k) for k in ("environment_id", "template_name", "delivery_method", "locale", "variant")
        )
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
