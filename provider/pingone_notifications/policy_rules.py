"""Policy-as-code guards for PingOne notification configuration (a pulumi-policy pack's rules).

The pack in ``policy/`` builds a ``PolicyPack`` from :data:`POLICIES`; tests import them from here. Each
policy's message names the resource and the property and says how to fix it. Organisations tune them
through the pack's config (``--policy-pack-config``): stack-name patterns, bounds, allowed hosts, domains
and locales, and every policy's ``enforcementLevel``.

A stack is *production* or *sandbox* by its name (``PULUMI_STACK``) against configurable glob patterns.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from . import rules

__all__ = ["POLICIES", "stack_tier"]

PREFIX = "pulumi-python:dynamic/pingone:"
POLICY = PREFIX + "NotificationPolicy"
SETTINGS = PREFIX + "NotificationsSettings"
PHONE = PREFIX + "PhoneDeliverySettings"
CONTENT = PREFIX + "NotificationTemplateContent"
PINGONE_TWILIO = "PINGONE_TWILIO"

TIER_PROPERTIES: dict[str, Any] = {
    "productionStacks": {"type": "array", "items": {"type": "string"}, "default": ["prod*", "production*", "*-prod"],
                         "description": "Glob patterns of production stack names."},
    "sandboxStacks": {"type": "array", "items": {"type": "string"},
                      "default": ["dev*", "test*", "sandbox*", "*-dev", "*-sandbox"],
                      "description": "Glob patterns of sandbox stack names."},
}  # fmt: skip

# Variables the templates require (PingOne's catalog); overridable per organisation.
DEFAULT_REQUIRED_VARIABLES = {
    "device_pairing": ["otp"], "email_phone_verification": ["otp"], "strong_authentication": ["otp"],
    "transaction": ["otp"], "email_verification_admin": ["code"], "email_verification_user": ["code"],
    "recovery_code_template": ["code.value"], "verification_code_template": ["code.value"],
}  # fmt: skip
CREDENTIAL_WORDS = ("authorization", "api-key", "apikey", "api_key", "x-api-key", "token", "secret", "password",
                    "passwd", "signature", "sig", "key", "access_key", "client_secret", "auth")  # fmt: skip
_CREDENTIAL_LITERAL = re.compile(
    r"""(?ix)["']?(?:api[_-]?key|apikey|token|secret|password|passwd|client[_-]?secret|access[_-]?key)["']?
        \s*[:=]\s*["']?(?!\$\{)[A-Za-z0-9_\-./+]{6,}"""
)


# ---- helpers ------------------------------------------------------------------------------------------------------
def stack_name() -> str:
    name = os.environ.get("PULUMI_STACK")
    if name:
        return name
    try:
        import pulumi

        return str(pulumi.get_stack())
    except Exception:  # outside an engine run there is no stack
        return ""


def stack_tier(config: Mapping[str, Any], stack: str | None = None) -> str | None:
    """``"production"``, ``"sandbox"`` or None for a stack name, by the configured glob patterns."""
    stack = stack_name() if stack is None else stack
    for tier, key in (("production", "productionStacks"), ("sandbox", "sandboxStacks")):
        patterns = config.get(key) or TIER_PROPERTIES[key]["default"]
        if any(fnmatch.fnmatchcase(stack, p) for p in patterns):
            return tier
    return None


def _label(type_token: str, name: str) -> str:
    return f"{type_token.rsplit(':', 1)[-1]} '{name}'"


def _get(props: Any, *path: str | int) -> Any:
    current = props
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def _host_allowed(host: str, allowed: Iterable[str]) -> bool:
    allowed = list(allowed)
    return not allowed or any(fnmatch.fnmatchcase(host.lower(), a.lower()) for a in allowed)


Report = Callable[[str], None]
Validate = Callable[[ResourceValidationArgs, Report], None]
StackValidate = Callable[[StackValidationArgs, Report], None]


def _resource_policy(name: str, description: str, types: tuple[str, ...], check: Validate, *,
                     level: EnforcementLevel = EnforcementLevel.MANDATORY, config: dict[str, Any] | None = None,
                     remediate: Callable[[ResourceValidationArgs], Mapping[str, Any] | None] | None = None,
                     ) -> ResourceValidationPolicy:  # fmt: skip
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type in types:
            check(args, lambda message: report(message, None))

    def fix(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
        if args.resource_type in types and remediate is not None:
            return remediate(args)
        return None

    return ResourceValidationPolicy(
        name=name, description=description, validate=validate, enforcement_level=level,
        config_schema=PolicyConfigSchema(properties=config or {}),
        # pulumi-policy annotates remediate as returning an Awaitable; plain mappings are accepted too
        remediate=cast(Any, fix) if remediate else None,
    )  # fmt: skip


# ---- delivery mode ------------------------------------------------------------------------------------------------
def _production_delivery_mode(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) == "production" and args.props.get("delivery_mode") == "WHITELIST":
        report(f"{_label(args.resource_type, args.name)}: delivery_mode is WHITELIST in production stack "
               f"'{stack_name()}', so only whitelisted users would get messages. Set delivery_mode='ALL'.")  # fmt: skip


def _sandbox_delivery_mode(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) == "sandbox" and args.props.get("delivery_mode") != "WHITELIST":
        report(f"{_label(args.resource_type, args.name)}: delivery_mode is "
               f"{args.props.get('delivery_mode') or 'not set'} in sandbox stack '{stack_name()}', which could "
               "message real users. Set delivery_mode='WHITELIST' and list the test users in whitelist.")  # fmt: skip


def _remediate_sandbox_delivery_mode(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if stack_tier(args.get_config()) == "sandbox" and args.props.get("delivery_mode") != "WHITELIST":
        props: Any = args.props
        props["delivery_mode"] = "WHITELIST"  # restricting delivery is always safe
        return cast(Mapping[str, Any], props)
    return None


# ---- quotas -------------------------------------------------------------------------------------------------------
def _daily_quota(args: ResourceValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    low, high = int(cfg.get("minDaily", 1)), int(cfg.get("maxDaily", 30))
    daily = _get(args.props, "restrictions", "sms_voice_quota", "daily")
    label = _label(args.resource_type, args.name)
    if daily is None:
        report(f"{label}: restrictions.sms_voice_quota.daily is not set (PingOne's default applies). Set it "
               f"between {low} and {high}.")  # fmt: skip
    elif not low <= int(daily) <= high:
        report(f"{label}: restrictions.sms_voice_quota.daily is {int(daily)}; this organisation allows {low}–{high} "
               "SMS/voice messages per user per day. Set it within those bounds.")  # fmt: skip


def _remediate_daily_quota(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    high = int(args.get_config().get("maxDaily", 30))
    daily = _get(args.props, "restrictions", "sms_voice_quota", "daily")
    if daily is not None and int(daily) > high:
        props: Any = args.props
        props["restrictions"] = {"sms_voice_quota": {"daily": high}}  # lowering a quota is safe
        return cast(Mapping[str, Any], props)
    return None


def _user_quotas(args: ResourceValidationArgs, report: Report) -> None:
    high = int(args.get_config().get("maxPerUser", 20))
    label = _label(args.resource_type, args.name)
    quotas = _list(args.props.get("quotas"))
    if not any(_get(q, "type") == "USER" and "Email" not in (_get(q, "delivery_methods") or ["SMS"]) for q in quotas):
        report(
            f"{label}: quotas has no USER quota for SMS/Voice, so one user can receive unlimited messages. "
            f"Add {{'type': 'USER', 'delivery_methods': ['SMS', 'Voice'], 'total': <= {high}}}."
        )
    for i, q in enumerate(quotas):
        if _get(q, "type") != "USER":
            continue
        for key in ("total", "claimed", "unclaimed"):
            value = _get(q, key)
            if value is not None and int(value) > high:
                report(f"{label}: quotas[{i}].{key} is {int(value)}; at most {high} per user per day is allowed "
                       "here. Lower it.")  # fmt: skip


def _production_environment_quota(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) != "production":
        return
    if not any(_get(q, "type") == "ENVIRONMENT" for q in _list(args.props.get("quotas"))):
        report(f"{_label(args.resource_type, args.name)}: quotas has no ENVIRONMENT quota in production stack "
               f"'{stack_name()}'. Add {{'type': 'ENVIRONMENT', 'delivery_methods': ['SMS', 'Voice'], 'total': N}} "
               "to cap the whole environment's daily volume (and cost).")  # fmt: skip


# ---- providers and fallback chains ----------------------------------------------------------------------------------
def _provider_urls(props: Any) -> list[tuple[str, str]]:
    out = [(f"requests[{i}].url", str(_get(r, "url"))) for i, r in enumerate(_list(props.get("requests")))
           if _get(r, "url")]  # fmt: skip
    auth_url = _get(props, "authentication", "auth_url")
    if auth_url:
        out.append(("authentication.auth_url", str(auth_url)))
    return out


def _provider_url_hosts(args: ResourceValidationArgs, report: Report) -> None:
    allowed = args.get_config().get("allowedHosts") or []
    label = _label(args.resource_type, args.name)
    for path, url in _provider_urls(args.props):
        parts = urlsplit(url)
        if parts.scheme != "https":
            report(f"{label}: {path} uses {parts.scheme or 'no scheme'}://; PingOne would send messages and "
                   f"credentials unencrypted. Use an https:// URL.")  # fmt: skip
        elif not _host_allowed(parts.hostname or "", allowed):
            report(f"{label}: {path} points at {parts.hostname}, which is not an allowed provider host "
                   f"({', '.join(allowed)}). Use an approved gateway or add the host to allowedHosts.")  # fmt: skip


def _no_credentials_in_urls(args: ResourceValidationArgs, report: Report) -> None:
    label = _label(args.resource_type, args.name)
    for path, url in _provider_urls(args.props):
        parts = urlsplit(url)
        if parts.username or parts.password:
            report(f"{label}: {path} embeds credentials (user:password@). Move them to authentication "
                   "(BASIC), which PingOne stores as a secret.")  # fmt: skip
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if _credential_name(key) and not value.startswith("${"):
                report(f"{label}: {path} passes a credential in its query ({key}=...). URLs are stored and "
                       "returned in plaintext; use authentication (BEARER/BASIC/OAUTH2) instead.")  # fmt: skip


def _credential_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in CREDENTIAL_WORDS or any(w in lowered for w in ("token", "secret", "password", "apikey",
                                                                         "api_key", "api-key"))  # fmt: skip


def _credentials_are_secrets(args: ResourceValidationArgs, report: Report) -> None:
    """Credentials must sit in the fields PingOne (and this package) treat as secrets, never in headers,
    bodies or other plaintext fields that are stored and returned as they are."""
    label = _label(args.resource_type, args.name)
    for i, request in enumerate(_list(args.props.get("requests"))):
        headers = _get(request, "headers") or {}
        for header in list(headers):
            value = str(headers[header])
            if _credential_name(header) and not value.startswith("${"):
                report(f"{label}: requests[{i}].headers['{header}'] holds a credential in plaintext (headers are "
                       "returned by the API and shown in diffs). Use authentication (BEARER for a token, BASIC, "
                       "OAUTH2), whose secrets are encrypted and never returned.")  # fmt: skip
        body = str(_get(request, "body") or "")
        if _CREDENTIAL_LITERAL.search(body):
            report(f"{label}: requests[{i}].body contains a literal credential. Use authentication instead, or a "
                   "PingOne variable.")  # fmt: skip


def _production_cooldown(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) != "production":
        return
    label = _label(args.resource_type, args.name)
    for method in ("sms", "voice"):
        if not _get(args.props, "cooldown_configuration", method, "enabled"):
            report(f"{label}: cooldown_configuration.{method} is not enabled in production stack '{stack_name()}'; "
                   f"without it a user can request codes without limit (toll fraud). Enable it with three periods "
                   "and a resend_limit.")  # fmt: skip


# ---- email ---------------------------------------------------------------------------------------------------------
def _email_domains(args: ResourceValidationArgs, report: Report) -> None:
    allowed = [d.lower() for d in args.get_config().get("allowedDomains") or []]
    if not allowed:
        return
    label = _label(args.resource_type, args.name)
    for key in ("from_", "reply_to"):
        address = _get(args.props, key, "address")
        if address is None:
            continue
        domain = str(address).rsplit("@", 1)[-1].lower()
        if not any(domain == d or domain.endswith("." + d) for d in allowed):
            report(f"{label}: {key}.address {address} is not on an allowed domain ({', '.join(allowed)}). "
                   "Use an address of your organisation's verified domains.")  # fmt: skip


# ---- template contents ----------------------------------------------------------------------------------------------
def _content_rules(args: ResourceValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    props = args.props
    label = _label(args.resource_type, args.name)
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


def _locale_coverage(args: StackValidationArgs, report: Report) -> None:
    required = args.get_config().get("requiredLocales") or ["en"]
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in args.resources:
        if r.resource_type != CONTENT:
            continue
        props = r.props
        key = (str(props.get("environment_id")), str(props.get("template_name")), str(props.get("delivery_method")))
        seen[key].add(rules.locale_key(str(props.get("locale"))))
    for (env, template, method), locales in sorted(seen.items()):
        missing = [x for x in required if rules.locale_key(x) not in locales]
        if missing:
            report(f"NotificationTemplateContent: template {template} ({method}) in environment {env} has content "
                   f"for {', '.join(sorted(locales))} but not for {', '.join(missing)}: those users would get "
                   "PingOne's default text. Add the missing locales.")  # fmt: skip


def _fallback_chains(args: StackValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    production = stack_tier(cfg) == "production"
    providers: dict[str, str] = {}
    for r in args.resources:
        if r.resource_type == PHONE and r.props.get("id"):
            providers[str(r.props["id"])] = str(r.props.get("environment_id"))
    for r in args.resources:
        env = str(r.props.get("environment_id"))
        label = _label(r.resource_type, r.name)
        chains: list[tuple[str, list[Any], bool]] = []
        if r.resource_type == SETTINGS:
            chains.append(("sms_providers_fallback_chain", _list(r.props.get("sms_providers_fallback_chain")), True))
        elif r.resource_type == POLICY:
            conditions = _get(r.props, "provider_configuration", "conditions") or []
            for i, c in enumerate(_list(conditions)):
                links = [x.get("id") if isinstance(x, Mapping) else x for x in _list(_get(c, "fallback_chain"))]
                chains.append((f"provider_configuration.conditions[{i}].fallback_chain", links, False))
        for path, chain, twilio_ok in chains:
            for j, entry in enumerate(chain):
                if entry == PINGONE_TWILIO and twilio_ok:
                    continue
                if providers.get(str(entry)) != env:
                    where = "in another environment" if str(entry) in providers else "not managed by this stack"
                    report(f"{label}: {path}[{j}] is {entry}, a phone delivery settings ID {where}. Reference a "
                           "PhoneDeliverySettings of the same environment (its .id)"
                           f"{' or PINGONE_TWILIO' if twilio_ok else ''}.")  # fmt: skip
            if production and twilio_ok and chain and len(chain) < 2:
                report(f"{label}: {path} has no fallback after {chain[0]} in production stack '{stack_name()}'. "
                       "End the chain with a fallback provider, e.g. PINGONE_TWILIO.")  # fmt: skip


def _stack_policy(name: str, description: str, check: StackValidate, level: EnforcementLevel,
                  config: dict[str, Any]) -> StackValidationPolicy:  # fmt: skip
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        check(args, lambda message: report(message, None))

    return StackValidationPolicy(name=name, description=description, validate=validate, enforcement_level=level,
                                 config_schema=PolicyConfigSchema(properties=config))  # fmt: skip


# ---- the pack's policies -------------------------------------------------------------------------------------------
POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = [
    _resource_policy("production-delivery-mode", "Production stacks deliver to all users (no WHITELIST).",
                     (SETTINGS,), _production_delivery_mode, config=TIER_PROPERTIES),
    _resource_policy("sandbox-delivery-mode", "Sandbox stacks deliver only to whitelisted users.", (SETTINGS,),
                     _sandbox_delivery_mode, config=TIER_PROPERTIES, remediate=_remediate_sandbox_delivery_mode),
    _resource_policy("daily-quota-bounds", "The daily SMS/voice quota per user is set and within bounds.",
                     (SETTINGS,), _daily_quota, remediate=_remediate_daily_quota,
                     config={"minDaily": {"type": "integer", "default": 1, "minimum": 0, "maximum": 50},
                             "maxDaily": {"type": "integer", "default": 30, "minimum": 0, "maximum": 50}}),
    _resource_policy("user-quota-bounds", "Each policy has a per-user SMS/Voice quota within bounds.", (POLICY,),
                     _user_quotas, config={"maxPerUser": {"type": "integer", "default": 20, "minimum": 1,
                                                          "maximum": 50}}),
    _resource_policy("production-environment-quota", "Production policies cap the environment's daily volume.",
                     (POLICY,), _production_environment_quota, config=TIER_PROPERTIES),
    _resource_policy("provider-https-allowed-hosts", "Custom provider URLs use https on approved hosts.",
                     (PHONE,), _provider_url_hosts,
                     config={"allowedHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                                              "description": "Host globs; empty allows any https host."}}),
    _resource_policy("no-credentials-in-urls", "No credentials in provider URLs or their queries.", (PHONE,),
                     _no_credentials_in_urls),
    _resource_policy("provider-credentials-are-secrets", "Provider credentials only in secret fields.", (PHONE,),
                     _credentials_are_secrets),
    _resource_policy("email-sender-domains", "Email from/replyTo addresses are on allowed domains.",
                     (SETTINGS, CONTENT), _email_domains,
                     config={"allowedDomains": {"type": "array", "items": {"type": "string"}, "default": []}}),
    _resource_policy("template-content-rules", "Contents carry their required variables, fit an SMS, use "
                     "allowed locales.", (CONTENT,), _content_rules,
                     config={"allowedLocales": {"type": "array", "items": {"type": "string"}, "default": []},
                             "requiredVariables": {"type": "object", "default": DEFAULT_REQUIRED_VARIABLES}}),
    _resource_policy("production-cooldown", "Production policies rate-limit SMS and voice resends.", (POLICY,),
                     _production_cooldown, config=TIER_PROPERTIES),
    _stack_policy("fallback-chain-references", "Fallback chains reference this stack's providers of the same "
                  "environment; production chains end with a fallback.", _fallback_chains,
                  EnforcementLevel.MANDATORY, TIER_PROPERTIES),
    _stack_policy("locale-coverage", "Every template used has content for each required locale.", _locale_coverage,
                  EnforcementLevel.ADVISORY,
                  {"requiredLocales": {"type": "array", "items": {"type": "string"}, "default": ["en"]}}),
]  # fmt: skip
