"""PingOne notification configuration as code for Pulumi.

Four dynamic resources manage, per PingOne environment and region, how users get email, SMS and voice
messages::

    from pingone_notifications import (
        NotificationTemplateContent, NotificationPolicy, PhoneDeliverySettings, NotificationsSettings,
    )

Connection settings come from stack config (``pingone:*``), the Terraform provider's environment variables
(``PINGONE_*``) or a per-resource ``connection`` argument; see ``pingone_notifications.config``.
"""

from ._interrupt import install_quiet_interrupt
from .components import EnvironmentNotifications as EnvironmentNotifications
from .config import REGIONS as REGIONS
from .config import Connection as Connection
from .config import resolve_connection as resolve_connection
from .errors import PingOneError as PingOneError
from .resources import (
    Authentication as Authentication,
)
from .resources import (
    AuthenticationArgs as AuthenticationArgs,
)
from .resources import (
    AuthenticationMethod as AuthenticationMethod,
)
from .resources import (
    ClientAuthenticationMethod as ClientAuthenticationMethod,
)
from .resources import (
    ConnectionArgs as ConnectionArgs,
)
from .resources import (
    Cooldown as Cooldown,
)
from .resources import (
    CooldownArgs as CooldownArgs,
)
from .resources import (
    CooldownMethod as CooldownMethod,
)
from .resources import (
    CooldownMethodArgs as CooldownMethodArgs,
)
from .resources import (
    CooldownPeriod as CooldownPeriod,
)
from .resources import (
    CooldownPeriodArgs as CooldownPeriodArgs,
)
from .resources import (
    CountryLimit as CountryLimit,
)
from .resources import (
    CountryLimitArgs as CountryLimitArgs,
)
from .resources import (
    CountryLimitDeliveryMethod as CountryLimitDeliveryMethod,
)
from .resources import (
    CountryLimitType as CountryLimitType,
)
from .resources import (
    DeliveryMethod as DeliveryMethod,
)
from .resources import (
    DeliveryMode as DeliveryMode,
)
from .resources import (
    EmailAddress as EmailAddress,
)
from .resources import (
    EmailAddressArgs as EmailAddressArgs,
)
from .resources import (
    GrantType as GrantType,
)
from .resources import (
    HttpMethod as HttpMethod,
)
from .resources import (
    NotificationPolicy as NotificationPolicy,
)
from .resources import (
    NotificationsSettings as NotificationsSettings,
)
from .resources import (
    NotificationTemplateCatalog as NotificationTemplateCatalog,
)
from .resources import (
    NotificationTemplateContent as NotificationTemplateContent,
)
from .resources import (
    Number as Number,
)
from .resources import (
    NumberArgs as NumberArgs,
)
from .resources import (
    NumberType as NumberType,
)
from .resources import (
    PhoneChannel as PhoneChannel,
)
from .resources import (
    PhoneDeliverySettings as PhoneDeliverySettings,
)
from .resources import (
    PhoneNumberFormat as PhoneNumberFormat,
)
from .resources import (
    ProviderCondition as ProviderCondition,
)
from .resources import (
    ProviderConditionArgs as ProviderConditionArgs,
)
from .resources import (
    ProviderConfiguration as ProviderConfiguration,
)
from .resources import (
    ProviderConfigurationArgs as ProviderConfigurationArgs,
)
from .resources import (
    ProviderKind as ProviderKind,
)
from .resources import (
    ProviderLink as ProviderLink,
)
from .resources import (
    PushCategory as PushCategory,
)
from .resources import (
    Quota as Quota,
)
from .resources import (
    QuotaArgs as QuotaArgs,
)
from .resources import (
    QuotaDeliveryMethod as QuotaDeliveryMethod,
)
from .resources import (
    QuotaType as QuotaType,
)
from .resources import (
    RegionCode as RegionCode,
)
from .resources import (
    Request as Request,
)
from .resources import (
    RequestArgs as RequestArgs,
)
from .resources import (
    Restrictions as Restrictions,
)
from .resources import (
    RestrictionsArgs as RestrictionsArgs,
)
from .resources import (
    SmsVoiceQuota as SmsVoiceQuota,
)
from .resources import (
    SmsVoiceQuotaArgs as SmsVoiceQuotaArgs,
)
from .resources import (
    TemplateName as TemplateName,
)
from .resources import (
    TimeUnit as TimeUnit,
)
from .resources import (
    WhitelistEntry as WhitelistEntry,
)
from .resources import (
    WhitelistUser as WhitelistUser,
)

install_quiet_interrupt()

__all__ = [
    "REGIONS",
    "Authentication",
    "AuthenticationArgs",
    "AuthenticationMethod",
    "ClientAuthenticationMethod",
    "Connection",
    "ConnectionArgs",
    "Cooldown",
    "CooldownArgs",
    "CooldownMethod",
    "CooldownMethodArgs",
    "CooldownPeriod",
    "CooldownPeriodArgs",
    "CountryLimit",
    "CountryLimitArgs",
    "CountryLimitDeliveryMethod",
    "CountryLimitType",
    "DeliveryMethod",
    "DeliveryMode",
    "EmailAddress",
    "EmailAddressArgs",
    "EnvironmentNotifications",
    "GrantType",
    "HttpMethod",
    "NotificationPolicy",
    "NotificationTemplateCatalog",
    "NotificationTemplateContent",
    "NotificationsSettings",
    "Number",
    "NumberArgs",
    "NumberType",
    "PhoneChannel",
    "PhoneDeliverySettings",
    "PhoneNumberFormat",
    "PingOneError",
    "ProviderCondition",
    "ProviderConditionArgs",
    "ProviderConfiguration",
    "ProviderConfigurationArgs",
    "ProviderKind",
    "ProviderLink",
    "PushCategory",
    "Quota",
    "QuotaArgs",
    "QuotaDeliveryMethod",
    "QuotaType",
    "RegionCode",
    "Request",
    "RequestArgs",
    "Restrictions",
    "RestrictionsArgs",
    "SmsVoiceQuota",
    "SmsVoiceQuotaArgs",
    "TemplateName",
    "TimeUnit",
    "WhitelistEntry",
    "WhitelistUser",
    "resolve_connection",
]
