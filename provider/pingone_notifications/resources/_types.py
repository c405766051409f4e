"""The enum-like values of the API, as ``Literal`` types (what a type checker and an editor offer).

Each is the set PingOne accepts for the field (../shared/seeds/, the Terraform provider's validators); the
models validate with the same types, so the checker and ``pulumi preview`` agree. Case differs by field as in
the API: quotas and country limits say ``Voice``, provider conditions and requests say ``VOICE``.
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "AuthenticationMethod",
    "ClientAuthenticationMethod",
    "CountryLimitDeliveryMethod",
    "CountryLimitType",
    "DeliveryMethod",
    "DeliveryMode",
    "GrantType",
    "HttpMethod",
    "NumberType",
    "PhoneChannel",
    "PhoneNumberFormat",
    "ProviderKind",
    "PushCategory",
    "QuotaDeliveryMethod",
    "QuotaType",
    "RegionCode",
    "TemplateName",
    "TimeUnit",
    "WhitelistEntry",
    "WhitelistUser",
]

DeliveryMethod = Literal["Email", "SMS", "Voice", "Push"]
"""A template content's delivery method."""
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
"""The 16 notification templates of PingOne."""
PushCategory = Literal["BANNER_BUTTONS", "WITHOUT_BANNER_BUTTONS", "APPROVE_AND_OPEN_APP"]
QuotaType = Literal["USER", "ENVIRONMENT"]
QuotaDeliveryMethod = Literal["SMS", "Voice", "Email"]
CountryLimitType = Literal["NONE", "ALLOWED", "DENIED"]
CountryLimitDeliveryMethod = Literal["SMS", "Voice"]
TimeUnit = Literal["SECONDS", "MINUTES"]
PhoneChannel = Literal["SMS", "VOICE"]
"""A phone channel as provider conditions, requests and number capabilities spell it."""
ProviderKind = Literal["CUSTOM_PROVIDER", "CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"]
AuthenticationMethod = Literal["BASIC", "BEARER", "OAUTH2"]
GrantType = Literal["CLIENT_CREDENTIALS"]
ClientAuthenticationMethod = Literal["BASIC_AUTH_HEADER", "REQUEST_BODY"]
HttpMethod = Literal["GET", "POST"]
PhoneNumberFormat = Literal["FULL", "NUMBER_ONLY"]
NumberType = Literal["SHORT_CODE", "TOLL_FREE", "PHONE_NUMBER"]
DeliveryMode = Literal["ALL", "WHITELIST"]
RegionCode = Literal["NA", "EU", "AP", "CA", "AU", "SG"]


class WhitelistUser(TypedDict):
    id: str


class WhitelistEntry(TypedDict):
    """A whitelist entry as PingOne returns it: ``{"user": {"id": ...}}``."""

    user: WhitelistUser
