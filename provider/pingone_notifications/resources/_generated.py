"""The typed surface of the resources: written by ``python -m pingone_notifications.resources._codegen`` from
the resource models (one declaration per field); do not edit (a test fails when it is out of date).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Required, TypedDict

import pulumi

from ._base import PingOneResource
from ._common import ConnectionArgs
from ._types import (
    AuthenticationMethod,
    ClientAuthenticationMethod,
    CountryLimitDeliveryMethod,
    CountryLimitType,
    DeliveryMethod,
    DeliveryMode,
    GrantType,
    HttpMethod,
    NumberType,
    PhoneChannel,
    PhoneNumberFormat,
    ProviderKind,
    PushCategory,
    QuotaDeliveryMethod,
    QuotaType,
    TemplateName,
    TimeUnit,
    WhitelistEntry,
)
from .notification_policy import NotificationPolicyProvider
from .notifications_settings import NotificationsSettingsProvider
from .phone_delivery_settings import PhoneDeliverySettingsProvider
from .template_content import NotificationTemplateContentProvider

__all__ = [
    "Authentication",
    "AuthenticationArgs",
    "Cooldown",
    "CooldownArgs",
    "CooldownMethod",
    "CooldownMethodArgs",
    "CooldownPeriod",
    "CooldownPeriodArgs",
    "CountryLimit",
    "CountryLimitArgs",
    "EmailAddress",
    "EmailAddressArgs",
    "NotificationPolicy",
    "NotificationPolicyArgs",
    "NotificationTemplateContent",
    "NotificationTemplateContentArgs",
    "NotificationsSettings",
    "NotificationsSettingsArgs",
    "Number",
    "NumberArgs",
    "PhoneDeliverySettings",
    "PhoneDeliverySettingsArgs",
    "ProviderCondition",
    "ProviderConditionArgs",
    "ProviderConfiguration",
    "ProviderConfigurationArgs",
    "ProviderLink",
    "Quota",
    "QuotaArgs",
    "Request",
    "RequestArgs",
    "Restrictions",
    "RestrictionsArgs",
    "SmsVoiceQuota",
    "SmsVoiceQuotaArgs",
]


class EmailAddressArgs(TypedDict, total=False):
    """A sender or reply-to: ``{"name": "Acme", "address": "noreply@acme.example"}``. (an argument)"""

    name: pulumi.Input[str]
    """Display name, ≤ 256 characters."""
    address: Required[pulumi.Input[str]]
    """The email address."""


class QuotaArgs(TypedDict, total=False):
    """A daily quota. (an argument)"""

    type: Required[pulumi.Input[QuotaType]]
    """Per user per day, or for the whole environment per day."""
    delivery_methods: pulumi.Input[Sequence[pulumi.Input[QuotaDeliveryMethod]]]
    """``["SMS", "Voice"]`` (one shared limit; the default) or ``["Email"]``."""
    total: pulumi.Input[int]
    """Maximum notifications per day. Use either ``total`` or ``claimed`` + ``unclaimed``."""
    claimed: pulumi.Input[int]
    """Maximum per day that were received and responded to."""
    unclaimed: pulumi.Input[int]
    """Maximum per day that were received and not responded to."""


class CountryLimitArgs(TypedDict, total=False):
    """Where SMS and voice messages may go. (an argument)"""

    type: Required[pulumi.Input[CountryLimitType]]
    """``NONE`` (no limit), ``ALLOWED`` or ``DENIED`` (the countries)."""
    delivery_methods: pulumi.Input[Sequence[pulumi.Input[CountryLimitDeliveryMethod]]]
    """Default ``["SMS", "Voice"]``."""
    countries: pulumi.Input[Sequence[pulumi.Input[str]]]
    """ISO 3166-1 alpha-2 codes (upper case)."""


class CooldownArgs(TypedDict, total=False):
    """Cooldown (an argument)."""

    email: Required[pulumi.Input[CooldownMethodArgs]]
    sms: Required[pulumi.Input[CooldownMethodArgs]]
    voice: Required[pulumi.Input[CooldownMethodArgs]]
    whats_app: Required[pulumi.Input[CooldownMethodArgs]]


class ProviderConfigurationArgs(TypedDict, total=False):
    """ProviderConfiguration (an argument)."""

    conditions: Required[pulumi.Input[Sequence[pulumi.Input[ProviderConditionArgs]]]]
    """Per countries and delivery methods, the providers to try; the last condition has no countries."""


class AuthenticationArgs(TypedDict, total=False):
    """How PingOne authenticates to your gateway. (an argument)"""

    method: Required[pulumi.Input[AuthenticationMethod]]
    """``BASIC``, ``BEARER`` or ``OAUTH2``."""
    username: pulumi.Input[str]
    """BASIC."""
    password: pulumi.Input[str]
    """BASIC (secret)."""
    auth_token: pulumi.Input[str]
    """BEARER (secret)."""
    auth_url: pulumi.Input[str]
    """OAUTH2: the provider's token endpoint."""
    client_id: pulumi.Input[str]
    """OAUTH2."""
    client_secret: pulumi.Input[str]
    """OAUTH2 (secret)."""
    scopes: pulumi.Input[str]
    """OAUTH2, optional, space separated."""
    grant_type: pulumi.Input[GrantType]
    """OAUTH2: default ``CLIENT_CREDENTIALS``."""
    client_authentication_method: pulumi.Input[ClientAuthenticationMethod]
    """OAUTH2: default ``BASIC_AUTH_HEADER``."""


class RequestArgs(TypedDict, total=False):
    """An HTTP request PingOne makes to your gateway. (an argument)"""

    delivery_method: Required[pulumi.Input[PhoneChannel]]
    url: Required[pulumi.Input[str]]
    """For GET it must include ``${to}`` and ``${message}``."""
    method: Required[pulumi.Input[HttpMethod]]
    body: pulumi.Input[str]
    """POST: include ``${to}`` and ``${message}`` (``${from}``, ``${otp}``… optional)."""
    headers: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    phone_number_format: pulumi.Input[PhoneNumberFormat]
    """Default ``FULL``."""
    before_tag: pulumi.Input[str]
    """VOICE only, e.g. ``<Say>``."""
    after_tag: pulumi.Input[str]
    """VOICE only, e.g. ``</Say>``."""


class NumberArgs(TypedDict, total=False):
    """A sender number. (an argument)"""

    type: Required[pulumi.Input[NumberType]]
    number: Required[pulumi.Input[str]]
    selected: pulumi.Input[bool]
    available: pulumi.Input[bool]
    capabilities: Required[pulumi.Input[Sequence[pulumi.Input[PhoneChannel]]]]
    supported_countries: pulumi.Input[Sequence[pulumi.Input[str]]]


class RestrictionsArgs(TypedDict, total=False):
    """Restrictions (an argument)."""

    sms_voice_quota: Required[pulumi.Input[SmsVoiceQuotaArgs]]


class EmailAddress(TypedDict, total=False):
    """A sender or reply-to: ``{"name": "Acme", "address": "noreply@acme.example"}``. (an output)"""

    name: str | None
    """Display name, ≤ 256 characters."""
    address: str
    """The email address."""


class Quota(TypedDict, total=False):
    """A daily quota. (an output)"""

    type: QuotaType
    """Per user per day, or for the whole environment per day."""
    delivery_methods: list[QuotaDeliveryMethod]
    """``["SMS", "Voice"]`` (one shared limit; the default) or ``["Email"]``."""
    total: int | None
    """Maximum notifications per day. Use either ``total`` or ``claimed`` + ``unclaimed``."""
    claimed: int | None
    """Maximum per day that were received and responded to."""
    unclaimed: int | None
    """Maximum per day that were received and not responded to."""


class CountryLimit(TypedDict, total=False):
    """Where SMS and voice messages may go. (an output)"""

    type: CountryLimitType
    """``NONE`` (no limit), ``ALLOWED`` or ``DENIED`` (the countries)."""
    delivery_methods: list[CountryLimitDeliveryMethod] | None
    """Default ``["SMS", "Voice"]``."""
    countries: list[str] | None
    """ISO 3166-1 alpha-2 codes (upper case)."""


class Cooldown(TypedDict, total=False):
    """Cooldown (an output)."""

    email: CooldownMethod
    sms: CooldownMethod
    voice: CooldownMethod
    whats_app: CooldownMethod


class ProviderConfiguration(TypedDict, total=False):
    """ProviderConfiguration (an output)."""

    conditions: list[ProviderCondition]
    """Per countries and delivery methods, the providers to try; the last condition has no countries."""


class Authentication(TypedDict, total=False):
    """How PingOne authenticates to your gateway. (an output)"""

    method: AuthenticationMethod
    """``BASIC``, ``BEARER`` or ``OAUTH2``."""
    username: str | None
    """BASIC."""
    password: str | None
    """BASIC (secret)."""
    auth_token: str | None
    """BEARER (secret)."""
    auth_url: str | None
    """OAUTH2: the provider's token endpoint."""
    client_id: str | None
    """OAUTH2."""
    client_secret: str | None
    """OAUTH2 (secret)."""
    scopes: str | None
    """OAUTH2, optional, space separated."""
    grant_type: GrantType | None
    """OAUTH2: default ``CLIENT_CREDENTIALS``."""
    client_authentication_method: ClientAuthenticationMethod | None
    """OAUTH2: default ``BASIC_AUTH_HEADER``."""


class Request(TypedDict, total=False):
    """An HTTP request PingOne makes to your gateway. (an output)"""

    delivery_method: PhoneChannel
    url: str
    """For GET it must include ``${to}`` and ``${message}``."""
    method: HttpMethod
    body: str | None
    """POST: include ``${to}`` and ``${message}`` (``${from}``, ``${otp}``… optional)."""
    headers: dict[str, str] | None
    phone_number_format: PhoneNumberFormat
    """Default ``FULL``."""
    before_tag: str | None
    """VOICE only, e.g. ``<Say>``."""
    after_tag: str | None
    """VOICE only, e.g. ``</Say>``."""


class Number(TypedDict, total=False):
    """A sender number. (an output)"""

    type: NumberType
    number: str
    selected: bool
    available: bool
    capabilities: list[PhoneChannel]
    supported_countries: list[str] | None


class Restrictions(TypedDict, total=False):
    """Restrictions (an output)."""

    sms_voice_quota: SmsVoiceQuota


class CooldownMethodArgs(TypedDict, total=False):
    """CooldownMethod (an argument)."""

    enabled: Required[pulumi.Input[bool]]
    periods: pulumi.Input[Sequence[pulumi.Input[CooldownPeriodArgs]]]
    """Exactly three: the wait before the 1st, the 2nd and every later resend."""
    group_by: pulumi.Input[str]
    """Empty (by address/number) or ``USER_ID``."""
    resend_limit: pulumi.Input[int]
    """1–10 resends before the recipient is blocked for 30 minutes."""


class ProviderConditionArgs(TypedDict, total=False):
    """ProviderCondition (an argument)."""

    delivery_methods: pulumi.Input[Sequence[pulumi.Input[PhoneChannel]]]
    """Default ``["SMS", "VOICE"]``."""
    countries: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Leave out on the last condition: it is the order for every other country."""
    fallback_chain: Required[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """Phone delivery settings IDs (e.g. ``gateway.id``), tried in order."""


class SmsVoiceQuotaArgs(TypedDict, total=False):
    """SmsVoiceQuota (an argument)."""

    daily: Required[pulumi.Input[int]]
    """Maximum SMS + voice notifications per user per day, 0–50 (counters reset at midnight UTC)."""


class CooldownMethod(TypedDict, total=False):
    """CooldownMethod (an output)."""

    enabled: bool
    periods: list[CooldownPeriod] | None
    """Exactly three: the wait before the 1st, the 2nd and every later resend."""
    group_by: str | None
    """Empty (by address/number) or ``USER_ID``."""
    resend_limit: int | None
    """1–10 resends before the recipient is blocked for 30 minutes."""


class ProviderCondition(TypedDict, total=False):
    """ProviderCondition (an output)."""

    delivery_methods: list[PhoneChannel]
    """Default ``["SMS", "VOICE"]``."""
    countries: list[str] | None
    """Leave out on the last condition: it is the order for every other country."""
    fallback_chain: list[ProviderLink]
    """Phone delivery settings IDs (e.g. ``gateway.id``), tried in order."""


class SmsVoiceQuota(TypedDict, total=False):
    """SmsVoiceQuota (an output)."""

    daily: int
    """Maximum SMS + voice notifications per user per day, 0–50 (counters reset at midnight UTC)."""


class CooldownPeriodArgs(TypedDict, total=False):
    """CooldownPeriod (an argument)."""

    duration: Required[pulumi.Input[int]]
    """10–600 with ``SECONDS``, 1–10 with ``MINUTES``."""
    time_unit: Required[pulumi.Input[TimeUnit]]


class CooldownPeriod(TypedDict, total=False):
    """CooldownPeriod (an output)."""

    duration: int
    """10–600 with ``SECONDS``, 1–10 with ``MINUTES``."""
    time_unit: TimeUnit


class ProviderLink(TypedDict, total=False):
    """ProviderLink (an output)."""

    id: str


class NotificationTemplateContentArgs(TypedDict, total=False):
    """The arguments of a NotificationTemplateContent: ``NotificationTemplateContent(resource_name, **args)``."""

    environment_id: Required[pulumi.Input[str]]
    """The PingOne environment (changing it replaces the content)."""
    template_name: Required[pulumi.Input[TemplateName]]
    """One of the 16 templates, e.g. ``strong_authentication``, ``general`` (replaces)."""
    locale: Required[pulumi.Input[str]]
    """ISO 639 language, optionally with an ISO 3166 country: ``en``, ``fr-CA``, ``pt_BR``; the language must be
    enabled in the environment (replaces).
    """
    delivery_method: Required[pulumi.Input[DeliveryMethod]]
    """``Email``, ``SMS``, ``Voice`` or ``Push`` (replaces)."""
    variant: pulumi.Input[str]
    """Optional name (≤ 100 characters) for an alternative content; changes in place."""
    content: pulumi.Input[str]
    """SMS and Voice: the text. SMS: ≤ 153 GSM-7 characters, or ≤ 67 if any character needs UCS-2; Voice: ≤ 1024
    characters.
    """
    sender: pulumi.Input[str]
    """SMS: sender ID, ≤ 11 letters, digits or spaces (leave empty where alphanumeric sender IDs are not allowed,
    e.g. the US).
    """
    voice: pulumi.Input[str]
    """Voice: the voice, e.g. ``Alice`` (default), ``Man``, ``Woman``."""
    subject: pulumi.Input[str]
    """Email: subject, ≤ 256 characters."""
    title: pulumi.Input[str]
    """Push: title, ≤ 200 characters."""
    body: pulumi.Input[str]
    """Email: body (HTML allowed), ≤ 100 KB. Push: body, ≤ 400 characters."""
    from_: pulumi.Input[EmailAddressArgs]
    """Email: ``{"name", "address"}``; default PingOne's ``noreply@pingidentity.com``."""
    reply_to: pulumi.Input[EmailAddressArgs]
    """Email: ``{"name", "address"}``."""
    charset: pulumi.Input[str]
    """Email: default ``UTF-8``."""
    email_content_type: pulumi.Input[str]
    """Email: default ``text/html``."""
    push_category: pulumi.Input[PushCategory]
    """Push: ``BANNER_BUTTONS`` (default), ``WITHOUT_BANNER_BUTTONS`` or ``APPROVE_AND_OPEN_APP``."""
    connection: pulumi.Input[ConnectionArgs]
    """Per-resource PingOne connection (region, worker app); defaults to stack config."""
    adopt: pulumi.Input[bool | str]
    """Take over an existing custom content instead of creating one: ``True`` (the one with this template, delivery
    method, locale and variant) or its ID.
    """


class NotificationTemplateContent(PingOneResource, module="pingone", name="NotificationTemplateContent"):
    """A custom text for one notification template, delivery method and locale (and optional variant).

    Which ``${variables}`` a text may use, and which it must use, is decided by the template (read from
    PingOne at preview time): e.g. ``device_pairing`` and ``strong_authentication`` require ``${otp}``."""

    # For type checkers only: the SDK resolves outputs by the class's annotations and accepts, for an object,
    # only ``@pulumi.output_type`` classes or ``dict``; the TypedDicts describe the plain dicts state holds.
    if TYPE_CHECKING:
        environment_id: pulumi.Output[str]
        template_name: pulumi.Output[TemplateName]
        locale: pulumi.Output[str]
        delivery_method: pulumi.Output[DeliveryMethod]
        variant: pulumi.Output[str | None]
        content: pulumi.Output[str | None]
        sender: pulumi.Output[str | None]
        voice: pulumi.Output[str | None]
        subject: pulumi.Output[str | None]
        title: pulumi.Output[str | None]
        body: pulumi.Output[str | None]
        from_: pulumi.Output[EmailAddress | None]
        reply_to: pulumi.Output[EmailAddress | None]
        charset: pulumi.Output[str | None]
        email_content_type: pulumi.Output[str | None]
        push_category: pulumi.Output[PushCategory | None]
        default: pulumi.Output[bool | None]
        created_at: pulumi.Output[str | None]
        updated_at: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        template_name: pulumi.Input[TemplateName],
        locale: pulumi.Input[str],
        delivery_method: pulumi.Input[DeliveryMethod],
        variant: pulumi.Input[str] | None = None,
        content: pulumi.Input[str] | None = None,
        sender: pulumi.Input[str] | None = None,
        voice: pulumi.Input[str] | None = None,
        subject: pulumi.Input[str] | None = None,
        title: pulumi.Input[str] | None = None,
        body: pulumi.Input[str] | None = None,
        from_: pulumi.Input[EmailAddressArgs] | None = None,
        reply_to: pulumi.Input[EmailAddressArgs] | None = None,
        charset: pulumi.Input[str] | None = None,
        email_content_type: pulumi.Input[str] | None = None,
        push_category: pulumi.Input[PushCategory] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
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
        :param title: Push: title, ≤ 200 characters.
        :param body: Email: body (HTML allowed), ≤ 100 KB. Push: body, ≤ 400 characters.
        :param from_: Email: ``{"name", "address"}``; default PingOne's ``noreply@pingidentity.com``.
        :param reply_to: Email: ``{"name", "address"}``.
        :param charset: Email: default ``UTF-8``.
        :param email_content_type: Email: default ``text/html``.
        :param push_category: Push: ``BANNER_BUTTONS`` (default), ``WITHOUT_BANNER_BUTTONS`` or
            ``APPROVE_AND_OPEN_APP``.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        :param adopt: Take over an existing custom content instead of creating one: ``True`` (the one with this
            template, delivery method, locale and variant) or its ID.
        """
        props: dict[str, Any] = {
            "environment_id": environment_id,
            "template_name": template_name,
            "locale": locale,
            "delivery_method": delivery_method,
            "variant": variant,
            "content": content,
            "sender": sender,
            "voice": voice,
            "subject": subject,
            "title": title,
            "body": body,
            "from_": from_,
            "reply_to": reply_to,
            "charset": charset,
            "email_content_type": email_content_type,
            "push_category": push_category,
            "connection": connection,
            "adopt": adopt,
            "default": None,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(NotificationTemplateContentProvider(), resource_name, props, opts)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        environment_id: pulumi.Input[str],
        template_name: pulumi.Input[TemplateName],
        connection: pulumi.Input[ConnectionArgs] | None = None,
    ) -> NotificationTemplateContent:
        """An existing NotificationTemplateContent, by its ID, read from PingOne and not managed: its outputs are
        readable, ``pulumi destroy`` leaves it in PingOne.

        :param resource_name: The name of this reference in the stack.
        :param id: The object's PingOne ID.
        :param environment_id: The PingOne environment (changing it replaces the content).
        :param template_name: One of the 16 templates, e.g. ``strong_authentication``, ``general`` (replaces).
        :param connection: Per-resource PingOne connection; defaults to stack config.
        """
        props: dict[str, Any] = dict.fromkeys(NotificationTemplateContent._PROPERTIES)
        props.update({"environment_id": environment_id, "template_name": template_name, "connection": connection})
        return cls._get(NotificationTemplateContentProvider(), resource_name, id, props, opts)

    _PROPERTIES = (
        "environment_id",
        "connection",
        "template_name",
        "locale",
        "delivery_method",
        "variant",
        "content",
        "sender",
        "voice",
        "subject",
        "title",
        "body",
        "from_",
        "reply_to",
        "charset",
        "email_content_type",
        "push_category",
        "default",
        "created_at",
        "updated_at",
    )


class NotificationPolicyArgs(TypedDict, total=False):
    """The arguments of a NotificationPolicy: ``NotificationPolicy(resource_name, **args)``."""

    environment_id: Required[pulumi.Input[str]]
    """The PingOne environment (changing it replaces the policy)."""
    name: Required[pulumi.Input[str]]
    """Unique among the environment's notification policies (changes in place)."""
    quotas: pulumi.Input[Sequence[pulumi.Input[QuotaArgs]]]
    """Up to two daily quotas: one for ``["SMS", "Voice"]`` and one for ``["Email"]``; ``USER`` quotas are at most
    50. Empty: unlimited.
    """
    country_limit: pulumi.Input[CountryLimitArgs]
    """``{"type": "ALLOWED"|"DENIED", "countries": [...]}`` to restrict where SMS/voice may go; default ``{"type":
    "NONE"}``.
    """
    cooldown_configuration: pulumi.Input[CooldownArgs]
    """Resend cooldowns for ``email``, ``sms``, ``voice`` and ``whats_app`` (all four when set); default: disabled."""
    provider_configuration: pulumi.Input[ProviderConfigurationArgs]
    """``{"conditions": [...]}``: per countries and delivery methods, the phone delivery settings IDs to try in
    order; the last condition has no countries.
    """
    default: pulumi.Input[bool]
    """``True`` makes this the environment's default policy (used when a flow names none). Left out: unchanged."""
    connection: pulumi.Input[ConnectionArgs]
    """Per-resource PingOne connection (region, worker app); defaults to stack config."""
    adopt: pulumi.Input[bool | str]
    """Take over an existing policy instead of creating one: ``True`` (the policy with this name), ``"default"``
    (the environment's default policy) or a policy ID. Its settings are then replaced by this resource's.
    """


class NotificationPolicy(PingOneResource, module="pingone", name="NotificationPolicy"):
    """A PingOne notification policy: daily quotas, country limits, resend cooldowns and, per country and
    delivery method, the order in which custom SMS/voice providers are tried."""

    # For type checkers only: the SDK resolves outputs by the class's annotations and accepts, for an object,
    # only ``@pulumi.output_type`` classes or ``dict``; the TypedDicts describe the plain dicts state holds.
    if TYPE_CHECKING:
        environment_id: pulumi.Output[str]
        name: pulumi.Output[str]
        quotas: pulumi.Output[list[Quota]]
        country_limit: pulumi.Output[CountryLimit]
        cooldown_configuration: pulumi.Output[Cooldown]
        provider_configuration: pulumi.Output[ProviderConfiguration | None]
        default: pulumi.Output[bool | None]
        created_at: pulumi.Output[str | None]
        updated_at: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        name: pulumi.Input[str],
        quotas: pulumi.Input[Sequence[pulumi.Input[QuotaArgs]]] | None = None,
        country_limit: pulumi.Input[CountryLimitArgs] | None = None,
        cooldown_configuration: pulumi.Input[CooldownArgs] | None = None,
        provider_configuration: pulumi.Input[ProviderConfigurationArgs] | None = None,
        default: pulumi.Input[bool] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces the policy).
        :param name: Unique among the environment's notification policies (changes in place).
        :param quotas: Up to two daily quotas: one for ``["SMS", "Voice"]`` and one for ``["Email"]``; ``USER``
            quotas are at most 50. Empty: unlimited.
        :param country_limit: ``{"type": "ALLOWED"|"DENIED", "countries": [...]}`` to restrict where SMS/voice
            may go; default ``{"type": "NONE"}``.
        :param cooldown_configuration: Resend cooldowns for ``email``, ``sms``, ``voice`` and ``whats_app`` (all
            four when set); default: disabled.
        :param provider_configuration: ``{"conditions": [...]}``: per countries and delivery methods, the phone
            delivery settings IDs to try in order; the last condition has no countries.
        :param default: ``True`` makes this the environment's default policy (used when a flow names none). Left
            out: unchanged.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        :param adopt: Take over an existing policy instead of creating one: ``True`` (the policy with this
            name), ``"default"`` (the environment's default policy) or a policy ID. Its settings are then replaced
            by this resource's.
        """
        props: dict[str, Any] = {
            "environment_id": environment_id,
            "name": name,
            "quotas": quotas,
            "country_limit": country_limit,
            "cooldown_configuration": cooldown_configuration,
            "provider_configuration": provider_configuration,
            "default": default,
            "connection": connection,
            "adopt": adopt,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(NotificationPolicyProvider(), resource_name, props, opts)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        environment_id: pulumi.Input[str],
        connection: pulumi.Input[ConnectionArgs] | None = None,
    ) -> NotificationPolicy:
        """An existing NotificationPolicy, by its ID, read from PingOne and not managed: its outputs are
        readable, ``pulumi destroy`` leaves it in PingOne.

        :param resource_name: The name of this reference in the stack.
        :param id: The object's PingOne ID.
        :param environment_id: The PingOne environment (changing it replaces the policy).
        :param connection: Per-resource PingOne connection; defaults to stack config.
        """
        props: dict[str, Any] = dict.fromkeys(NotificationPolicy._PROPERTIES)
        props.update({"environment_id": environment_id, "connection": connection})
        return cls._get(NotificationPolicyProvider(), resource_name, id, props, opts)

    _PROPERTIES = (
        "environment_id",
        "connection",
        "name",
        "quotas",
        "country_limit",
        "cooldown_configuration",
        "provider_configuration",
        "default",
        "created_at",
        "updated_at",
    )


class PhoneDeliverySettingsArgs(TypedDict, total=False):
    """The arguments of a PhoneDeliverySettings: ``PhoneDeliverySettings(resource_name, **args)``."""

    environment_id: Required[pulumi.Input[str]]
    """The PingOne environment (changing it replaces the resource)."""
    provider: Required[pulumi.Input[ProviderKind]]
    """``CUSTOM_PROVIDER``, ``CUSTOM_TWILIO`` or ``CUSTOM_SYNIVERSE`` (changing it replaces the resource)."""
    name: pulumi.Input[str]
    """``CUSTOM_PROVIDER``: display name, unique in the environment."""
    authentication: pulumi.Input[AuthenticationArgs]
    """``CUSTOM_PROVIDER``: how PingOne authenticates to your gateway: BASIC (``username``, ``password``), BEARER
    (``auth_token``) or OAUTH2 (``auth_url``, ``client_id``, ``client_secret``). Secret values are always stored
    encrypted.
    """
    requests: pulumi.Input[Sequence[pulumi.Input[RequestArgs]]]
    """``CUSTOM_PROVIDER``: the HTTP requests PingOne makes, each for SMS or VOICE (several per delivery method are
    allowed).
    """
    numbers: pulumi.Input[Sequence[pulumi.Input[NumberArgs]]]
    """Sender numbers: type, number, capabilities, selected/available, supported countries."""
    sid: pulumi.Input[str]
    """``CUSTOM_TWILIO``: the Twilio account SID."""
    auth_token: pulumi.Input[str]
    """``CUSTOM_TWILIO``/``CUSTOM_SYNIVERSE``: the account's auth token (secret)."""
    connection: pulumi.Input[ConnectionArgs]
    """Per-resource PingOne connection (region, worker app); defaults to stack config."""
    adopt: pulumi.Input[bool | str]
    """Take over an existing provider instead of creating one: ``True`` (same name, or same Twilio SID) or its ID."""


class PhoneDeliverySettings(PingOneResource, module="pingone", name="PhoneDeliverySettings"):
    """A custom SMS/voice provider for a PingOne environment: your own HTTP gateway (``CUSTOM_PROVIDER`` with
    BASIC, BEARER or OAUTH2 authentication), or your Twilio (``CUSTOM_TWILIO``) or Syniverse
    (``CUSTOM_SYNIVERSE``) account. Its ``id`` goes into fallback chains."""

    # For type checkers only: the SDK resolves outputs by the class's annotations and accepts, for an object,
    # only ``@pulumi.output_type`` classes or ``dict``; the TypedDicts describe the plain dicts state holds.
    if TYPE_CHECKING:
        environment_id: pulumi.Output[str]
        provider: pulumi.Output[ProviderKind]
        name: pulumi.Output[str | None]
        authentication: pulumi.Output[Authentication | None]
        requests: pulumi.Output[list[Request] | None]
        numbers: pulumi.Output[list[Number]]
        sid: pulumi.Output[str | None]
        auth_token: pulumi.Output[str | None]
        created_at: pulumi.Output[str | None]
        updated_at: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        provider: pulumi.Input[ProviderKind],
        name: pulumi.Input[str] | None = None,
        authentication: pulumi.Input[AuthenticationArgs] | None = None,
        requests: pulumi.Input[Sequence[pulumi.Input[RequestArgs]]] | None = None,
        numbers: pulumi.Input[Sequence[pulumi.Input[NumberArgs]]] | None = None,
        sid: pulumi.Input[str] | None = None,
        auth_token: pulumi.Input[str] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces the resource).
        :param provider: ``CUSTOM_PROVIDER``, ``CUSTOM_TWILIO`` or ``CUSTOM_SYNIVERSE`` (changing it replaces
            the resource).
        :param name: ``CUSTOM_PROVIDER``: display name, unique in the environment.
        :param authentication: ``CUSTOM_PROVIDER``: how PingOne authenticates to your gateway: BASIC
            (``username``, ``password``), BEARER (``auth_token``) or OAUTH2 (``auth_url``, ``client_id``,
            ``client_secret``). Secret values are always stored encrypted.
        :param requests: ``CUSTOM_PROVIDER``: the HTTP requests PingOne makes, each for SMS or VOICE (several
            per delivery method are allowed).
        :param numbers: Sender numbers: type, number, capabilities, selected/available, supported countries.
        :param sid: ``CUSTOM_TWILIO``: the Twilio account SID.
        :param auth_token: ``CUSTOM_TWILIO``/``CUSTOM_SYNIVERSE``: the account's auth token (secret).
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        :param adopt: Take over an existing provider instead of creating one: ``True`` (same name, or same
            Twilio SID) or its ID.
        """
        props: dict[str, Any] = {
            "environment_id": environment_id,
            "provider": provider,
            "name": name,
            "authentication": authentication,
            "requests": requests,
            "numbers": numbers,
            "sid": sid,
            "auth_token": auth_token,
            "connection": connection,
            "adopt": adopt,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(PhoneDeliverySettingsProvider(), resource_name, props, opts, secret_outputs=("auth_token",))

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        environment_id: pulumi.Input[str],
        connection: pulumi.Input[ConnectionArgs] | None = None,
    ) -> PhoneDeliverySettings:
        """An existing PhoneDeliverySettings, by its ID, read from PingOne and not managed: its outputs are
        readable, ``pulumi destroy`` leaves it in PingOne.

        :param resource_name: The name of this reference in the stack.
        :param id: The object's PingOne ID.
        :param environment_id: The PingOne environment (changing it replaces the resource).
        :param connection: Per-resource PingOne connection; defaults to stack config.
        """
        props: dict[str, Any] = dict.fromkeys(PhoneDeliverySettings._PROPERTIES)
        props.update({"environment_id": environment_id, "connection": connection})
        return cls._get(PhoneDeliverySettingsProvider(), resource_name, id, props, opts, secret_outputs=("auth_token",))

    _PROPERTIES = (
        "environment_id",
        "connection",
        "provider",
        "name",
        "authentication",
        "requests",
        "numbers",
        "sid",
        "auth_token",
        "created_at",
        "updated_at",
    )


class NotificationsSettingsArgs(TypedDict, total=False):
    """The arguments of a NotificationsSettings: ``NotificationsSettings(resource_name, **args)``."""

    environment_id: Required[pulumi.Input[str]]
    """The PingOne environment whose settings these are (changing it replaces the resource)."""
    delivery_mode: pulumi.Input[DeliveryMode]
    """``ALL`` (production environments only) or ``WHITELIST`` (only the ``whitelist`` users receive
    notifications). Left out: PingOne's default for the environment type.
    """
    restrictions: pulumi.Input[RestrictionsArgs]
    """``{"sms_voice_quota": {"daily": 0..50}}``: SMS + voice messages per user per day."""
    sms_providers_fallback_chain: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Phone delivery settings IDs, and/or ``"PINGONE_TWILIO"``, in the order providers are tried. Empty: PingOne's
    own Twilio account.
    """
    from_: pulumi.Input[EmailAddressArgs]
    """The email sender ``{"name", "address"}`` (a trusted address). Left out: PingOne's
    ``noreply@pingidentity.com``.
    """
    reply_to: pulumi.Input[EmailAddressArgs]
    """The email reply-to ``{"name", "address"}`` (a trusted address)."""
    whitelist: pulumi.Input[Sequence[pulumi.Input[str]]]
    """User IDs that receive notifications when ``delivery_mode`` is ``WHITELIST`` (at most 50 in a sandbox)."""
    connection: pulumi.Input[ConnectionArgs]
    """Per-resource PingOne connection (region, worker app); defaults to stack config."""
    adopt: pulumi.Input[bool | str]


class NotificationsSettings(PingOneResource, module="pingone", name="NotificationsSettings"):
    """The notification settings of one PingOne environment (a singleton: one per environment).

    Creating it takes the environment's settings over; destroying it resets them to PingOne's defaults."""

    # For type checkers only: the SDK resolves outputs by the class's annotations and accepts, for an object,
    # only ``@pulumi.output_type`` classes or ``dict``; the TypedDicts describe the plain dicts state holds.
    if TYPE_CHECKING:
        environment_id: pulumi.Output[str]
        delivery_mode: pulumi.Output[DeliveryMode | None]
        restrictions: pulumi.Output[Restrictions | None]
        sms_providers_fallback_chain: pulumi.Output[list[str]]
        from_: pulumi.Output[EmailAddress]
        reply_to: pulumi.Output[EmailAddress | None]
        whitelist: pulumi.Output[list[WhitelistEntry]]
        updated_at: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        delivery_mode: pulumi.Input[DeliveryMode] | None = None,
        restrictions: pulumi.Input[RestrictionsArgs] | None = None,
        sms_providers_fallback_chain: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        from_: pulumi.Input[EmailAddressArgs] | None = None,
        reply_to: pulumi.Input[EmailAddressArgs] | None = None,
        whitelist: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment whose settings these are (changing it replaces the
            resource).
        :param delivery_mode: ``ALL`` (production environments only) or ``WHITELIST`` (only the ``whitelist``
            users receive notifications). Left out: PingOne's default for the environment type.
        :param restrictions: ``{"sms_voice_quota": {"daily": 0..50}}``: SMS + voice messages per user per day.
        :param sms_providers_fallback_chain: Phone delivery settings IDs, and/or ``"PINGONE_TWILIO"``, in the
            order providers are tried. Empty: PingOne's own Twilio account.
        :param from_: The email sender ``{"name", "address"}`` (a trusted address). Left out: PingOne's
            ``noreply@pingidentity.com``.
        :param reply_to: The email reply-to ``{"name", "address"}`` (a trusted address).
        :param whitelist: User IDs that receive notifications when ``delivery_mode`` is ``WHITELIST`` (at most
            50 in a sandbox).
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        :param adopt:
        """
        props: dict[str, Any] = {
            "environment_id": environment_id,
            "delivery_mode": delivery_mode,
            "restrictions": restrictions,
            "sms_providers_fallback_chain": sms_providers_fallback_chain,
            "from_": from_,
            "reply_to": reply_to,
            "whitelist": whitelist,
            "connection": connection,
            "adopt": adopt,
            "updated_at": None,
        }
        super().__init__(NotificationsSettingsProvider(), resource_name, props, opts)

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        *,
        environment_id: pulumi.Input[str],
        connection: pulumi.Input[ConnectionArgs] | None = None,
    ) -> NotificationsSettings:
        """An existing NotificationsSettings, by its ID, read from PingOne and not managed: its outputs are
        readable, ``pulumi destroy`` leaves it in PingOne.

        :param resource_name: The name of this reference in the stack.
        :param id: The object's PingOne ID.
        :param environment_id: The PingOne environment whose settings these are (changing it replaces the
            resource).
        :param connection: Per-resource PingOne connection; defaults to stack config.
        """
        props: dict[str, Any] = dict.fromkeys(NotificationsSettings._PROPERTIES)
        props.update({"environment_id": environment_id, "connection": connection})
        return cls._get(NotificationsSettingsProvider(), resource_name, id, props, opts)

    _PROPERTIES = (
        "environment_id",
        "connection",
        "delivery_mode",
        "restrictions",
        "sms_providers_fallback_chain",
        "from_",
        "reply_to",
        "whitelist",
        "updated_at",
    )
