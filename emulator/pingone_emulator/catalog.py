"""The read-only catalog: the 16 notification templates, their delivery methods and variables.

The names are the API's ``EnumTemplateName``. Delivery methods and variables are what the PingOne docs show
for the templates they document (device_pairing, credential_*, general, …) and what the Terraform provider's
tests use (``${otp}``, ``${code}``, ``${code.value}``); for the rest the emulator had to choose, and the
README lists those choices. The live source of truth is ``GET /templates/{name}``, which is exactly what
the provider reads too, so a client built against the emulator never hard-codes this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_CONTENT_LOCALES",
    "RESERVED_LANGUAGES",
    "TEMPLATES",
    "TemplateSpec",
    "VariableSpec",
    "default_content",
]

EMAIL, SMS, VOICE, PUSH = "Email", "SMS", "Voice", "Push"

# Language codes every environment has (the Terraform provider's "reserved" list); others must be added to
# the environment first (the emulator's control API takes them per environment).
RESERVED_LANGUAGES = (
    "cs",
    "de",
    "en",
    "es",
    "fr",
    "fr-CA",
    "hu",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "th",
    "tr",
    "zh",
)

# Locales that get predefined default contents.
DEFAULT_CONTENT_LOCALES = ("en", "fr", "de", "es")


@dataclass(frozen=True)
class VariableSpec:
    required: bool = False
    required_for: tuple[str, ...] = ()  # empty + required = required for every delivery method

    def is_required(self, method: str) -> bool:
        return self.required and (not self.required_for or method in self.required_for)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"required": self.required}
        if self.required and self.required_for:
            out["requiredForDeliveryMethods"] = list(self.required_for)
        return out


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    display_name: str
    description: str
    delivery_methods: tuple[str, ...]
    variables: dict[str, VariableSpec] = field(default_factory=dict)
    allow_dynamic_variables: bool = False

    def required_variables(self, method: str) -> list[str]:
        return sorted(n for n, v in self.variables.items() if v.is_required(method))


_USER = {
    "user.username": VariableSpec(),
    "user.name.given": VariableSpec(),
    "user.name.family": VariableSpec(),
}
_OTP = {"otp": VariableSpec(required=True)}
_OTP_NOT_PUSH = {"otp": VariableSpec(required=True, required_for=(SMS, VOICE, EMAIL))}
_CREDENTIAL = {"credential.name": VariableSpec(), **_USER}


def _t(
    name: str,
    display: str,
    description: str,
    methods: tuple[str, ...],
    variables: dict[str, VariableSpec],
    dynamic: bool = False,
) -> TemplateSpec:
    return TemplateSpec(name, display, description, methods, dict(variables), dynamic)


TEMPLATES: dict[str, TemplateSpec] = {
    t.name: t
    for t in [
        _t(
            "credential_issued",
            "Credential Issued",
            "Sent when a digital credential is issued.",
            (SMS, EMAIL, PUSH),
            _CREDENTIAL,
        ),
        _t(
            "credential_revoked",
            "Credential Revoked",
            "Sent when a digital credential is revoked.",
            (SMS, EMAIL, PUSH),
            _CREDENTIAL,
        ),
        _t(
            "credential_updated",
            "Credential Updated",
            "Sent when a digital credential is updated.",
            (SMS, EMAIL, PUSH),
            _CREDENTIAL,
        ),
        _t(
            "credential_verification",
            "Credential Verification Push",
            "Push notification asking the user to present a credential.",
            (PUSH,),
            {},
        ),
        _t(
            "device_pairing",
            "Device Pairing",
            "One-time passcode for pairing an MFA device.",
            (SMS, EMAIL, VOICE),
            {**_OTP, **_USER, "current-year": VariableSpec()},
            dynamic=True,
        ),
        _t(
            "digital_wallet_pairing",
            "Digital Wallet Pairing",
            "Link for pairing a digital wallet.",
            (SMS, EMAIL),
            {**_USER, "digital_wallet.pairing_url": VariableSpec(required=True)},
        ),
        _t(
            "email_verification_admin",
            "Email Verification (admin)",
            "Verification code for an email address an administrator set.",
            (EMAIL,),
            {"code": VariableSpec(required=True), **_USER},
        ),
        _t(
            "email_verification_user",
            "Email Verification (user)",
            "Verification code for an email address a user set.",
            (EMAIL,),
            {"code": VariableSpec(required=True), **_USER},
        ),
        _t(
            "email_phone_verification",
            "Email and Phone Verification",
            "One-time passcode verifying an email address or phone number.",
            (SMS, EMAIL, VOICE),
            {**_OTP, **_USER},
        ),
        _t(
            "general",
            "General",
            "Free-form notifications sent by flows (any variables).",
            (SMS, EMAIL, VOICE),
            dict(_USER),
            dynamic=True,
        ),
        _t(
            "id_verification",
            "ID Verification",
            "Link to start an identity verification.",
            (SMS, EMAIL),
            {"verificationUrl": VariableSpec(required=True), **_USER},
        ),
        _t(
            "new_device_paired",
            "New Device Paired",
            "Tells the user a new device was paired.",
            (SMS, EMAIL, PUSH),
            {"device.name": VariableSpec(), **_USER},
        ),
        _t(
            "recovery_code_template",
            "Recovery Code",
            "Account recovery code.",
            (SMS, EMAIL, VOICE),
            {"code.value": VariableSpec(required=True), **_USER},
        ),
        _t(
            "strong_authentication",
            "Strong Authentication",
            "One-time passcode for sign-on.",
            (SMS, EMAIL, VOICE, PUSH),
            {**_OTP_NOT_PUSH, **_USER, "device.name": VariableSpec()},
            dynamic=True,
        ),
        _t(
            "transaction",
            "Transaction Approval",
            "One-time passcode approving a transaction.",
            (SMS, EMAIL, VOICE, PUSH),
            {**_OTP_NOT_PUSH, **_USER, "transaction.data": VariableSpec()},
            dynamic=True,
        ),
        _t(
            "verification_code_template",
            "Verification Code",
            "Verification code (e.g. password reset).",
            (SMS, EMAIL),
            {"code.value": VariableSpec(required=True), **_USER},
        ),
    ]
}

assert len(TEMPLATES) == 16

_GREETING = {"en": "Hello", "fr": "Bonjour", "de": "Hallo", "es": "Hola"}


def default_content(spec: TemplateSpec, method: str, locale: str) -> dict[str, object]:
    """The predefined content for one template, delivery method and locale (it mentions every required variable)."""
    hello = _GREETING.get(locale, "Hello")
    needed = " ".join("${" + v + "}" for v in spec.required_variables(method))
    who = " ${user.name.given}" if "user.name.given" in spec.variables else ""
    text = f"{hello}{who}. {spec.display_name}. {needed}".strip()
    if method == EMAIL:
        return {
            "subject": spec.display_name,
            "body": f"<p>{text}</p>",
            "from": {"name": "PingOne", "address": "noreply@pingidentity.com"},
            "replyTo": {"name": "PingOne", "address": "noreply@pingidentity.com"},
            "charset": "UTF-8",
            "emailContentType": "text/html",
        }
    if method == SMS:
        return {"content": text, "sender": ""}
    if method == VOICE:
        return {"content": text, "voice": "Alice"}
    return {"title": spec.display_name, "body": text, "pushCategory": "BANNER_BUTTONS"}
