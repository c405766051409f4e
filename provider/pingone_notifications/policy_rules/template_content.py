"""Rules for a NotificationTemplateContent: required variables, SMS length, allowed locales; and the email
sender domains of contents and settings."""

from __future__ import annotations

from pulumi_policy import ResourceValidationArgs

from .. import rules
from .common import Report, prop_at, resource_label

__all__ = [
    "DEFAULT_REQUIRED_VARIABLES",
    "content_rules",
    "email_domains",
]


# Variables the templates require (PingOne's catalog); overridable per organisation.
DEFAULT_REQUIRED_VARIABLES = {
    "device_pairing": ["otp"], "email_phone_verification": ["otp"], "strong_authentication": ["otp"],
    "transaction": ["otp"], "email_verification_admin": ["code"], "email_verification_user": ["code"],
    "recovery_code_template": ["code.value"], "verification_code_template": ["code.value"],
}  # fmt: skip


def email_domains(args: ResourceValidationArgs, report: Report) -> None:
    allowed = [d.lower() for d in args.get_config().get("allowedDomains") or []]
    if not allowed:
        return
    label = resource_label(args.resource_type, args.name)
    for key in ("from_", "reply_to"):
        address = prop_at(args.props, key, "address")
        if address is None:
            continue
        domain = str(address).rsplit("@", 1)[-1].lower()
        if not any(domain == d or domain.endswith("." + d) for d in allowed):
            report(f"{label}: {key}.address {address} is not on an allowed domain ({', '.join(allowed)}). "
                   "Use an address of your organisation's verified domains.")  # fmt: skip


def content_rules(args: ResourceValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    props = args.props
    label = resource_label(args.resource_type, args.name)
    method, template = props.get("delivery_method"), props.get("template_name")
    texts = [str(props.get(k) or "") for k in ("content", "subject", "body", "title")]
    used = {v for t in texts for v in rules.variables_in(t)}
    required = (cfg.get("requiredVariables") or DEFAULT_REQUIRED_VARIABLES).get(str(template), [])
    if method != "Push":
        missing = [v for v in required if v not in used]
        if missing:
            report(f"{label}: the {template} {method} text lacks {', '.join('${' + v + '}' for v in missing)}, "
                   "which users need (e.g. the passcode). Add it.")  # fmt: skip
    if method == "SMS" and props.get("content"):
        problem = rules.sms_problem(str(props["content"]))
        if problem:
            report(f"{label}: content: {problem}. Shorten it, or avoid non-GSM characters (they halve the limit).")
    allowed = cfg.get("allowedLocales") or []
    locale = props.get("locale")
    if allowed and locale is not None and rules.locale_key(str(locale)) not in {rules.locale_key(x) for x in allowed}:
        report(f"{label}: locale {locale} is not one of this organisation's locales ({', '.join(allowed)}).")
