"""Request-body rules for the four writable notification objects.

Each ``*_body`` function takes the client's JSON and returns the normalised object the API would store (its
writable fields with defaults filled in), or raises ``INVALID_DATA`` listing *every* problem found, each
with a detail ``code`` and ``target`` as PingOne reports them. References to other objects (fallback
chains) are checked by the caller against the store.
"""

from __future__ import annotations

from typing import Any

from . import docrules
from .catalog import RESERVED_LANGUAGES, TemplateSpec
from .errors import Detail, invalid_data
from .store import Environment

__all__ = [
    "Problems",
    "notification_policy_body",
    "notifications_settings_body",
    "phone_delivery_settings_body",
    "template_content_body",
]

DELIVERY_METHODS = ("Email", "SMS", "Voice", "Push")
PUSH_CATEGORIES = ("BANNER_BUTTONS", "WITHOUT_BANNER_BUTTONS", "APPROVE_AND_OPEN_APP")
PINGONE_TWILIO = "PINGONE_TWILIO"
DEFAULT_FROM = {"name": "PingOne", "address": "noreply@pingidentity.com"}


class Problems:
    """Collects validation details so one response reports them all."""

    def __init__(self) -> None:
        self.details: list[Detail] = []

    def add(self, code: str, target: str, message: str, **inner: Any) -> None:
        # innerError carries only the bounds that exist: the document types them as integers, never null
        inner = {k: v for k, v in inner.items() if v is not None}
        self.details.append(Detail(code, target, message, inner or None))

    def raise_if_any(self) -> None:
        if self.details:
            raise invalid_data(self.details)

    # typed field readers ------------------------------------------------------------------------------------
    def string(
        self,
        obj: dict[str, Any],
        key: str,
        target: str,
        *,
        required: bool = False,
        max_len: int | None = None,
        allow_empty: bool = True,
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, str):
            self.add("INVALID_VALUE", target, f"{target} must be a string")
            return None
        if not allow_empty and value == "":
            self.add("EMPTY_VALUE", target, f"{target} must not be empty")
            return None
        if max_len is not None and len(value) > max_len:
            self.add(
                "SIZE_LIMIT_EXCEEDED", target, f"{target} must be at most {max_len} characters", maximumValue=max_len
            )
        return value

    def enum(
        self, obj: dict[str, Any], key: str, target: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(
                    "REQUIRED_VALUE",
                    target,
                    f"{target} is required; one of {', '.join(allowed)}",
                    allowedValues=list(allowed),
                )
            return None
        if value not in allowed:
            self.add(
                "INVALID_VALUE",
                target,
                f"{target} must be one of {', '.join(allowed)}; got {value!r}",
                allowedValues=list(allowed),
            )
            return None
        return str(value)

    def integer(
        self,
        obj: dict[str, Any],
        key: str,
        target: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add("INVALID_VALUE", target, f"{target} must be an integer")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.add(
                "OUT_OF_RANGE",
                target,
                f"{target} must be between {minimum} and {maximum}; got {value}",
                rangeMinimumValue=minimum,
                rangeMaximumValue=maximum,
            )
            return None
        return value

    def boolean(self, obj: dict[str, Any], key: str, target: str, *, required: bool = False) -> bool | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, bool):
            self.add("INVALID_VALUE", target, f"{target} must be true or false")
            return None
        return value

    def obj(self, parent: dict[str, Any], key: str, target: str, *, required: bool = False) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, dict):
            self.add("INVALID_VALUE", target, f"{target} must be an object")
            return None
        return value

    def array(self, parent: dict[str, Any], key: str, target: str, *, required: bool = False) -> list[Any] | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, list):
            self.add("INVALID_VALUE", target, f"{target} must be an array")
            return None
        return value

    def email_party(self, parent: dict[str, Any], key: str, *, default: dict[str, str] | None) -> dict[str, str] | None:
        """``from`` / ``replyTo``: ``{name, address}`` with a syntactically valid address."""
        party = self.obj(parent, key, key)
        if party is None:
            return dict(default) if default else None
        out: dict[str, str] = {}
        name = self.string(party, "name", f"{key}.name", max_len=256)
        address = self.string(party, "address", f"{key}.address", required=True)
        if address is not None and not docrules.mailbox_ok(address):
            self.add("INVALID_VALUE", f"{key}.address", f"{key}.address {address!r} is not a valid email address")
        if name is not None:
            out["name"] = name
        if address is not None:
            out["address"] = address
        return out


# --------------------------------------------------------------------------------------------------------------
# Template contents
# --------------------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------------------
# Notification policies
# --------------------------------------------------------------------------------------------------------------
QUOTA_TYPES = ("USER", "ENVIRONMENT")
COUNTRY_LIMIT_TYPES = ("NONE", "ALLOWED", "DENIED")
COOLDOWN_METHODS = ("email", "sms", "voice", "whatsApp")
TIME_UNIT_RANGES = {"SECONDS": (10, 600), "MINUTES": (1, 10)}
USER_QUOTA_MAX = 50


def _countries(p: Problems, parent: dict[str, Any], target: str, *, required: bool) -> list[str] | None:
    values = p.array(parent, "countries", f"{target}.countries", required=required)
    if values is None:
        return None
    if required and not values:
        p.add("REQUIRED_VALUE", f"{target}.countries", f"{target}.countries must list at least one country")
    out: list[str] = []
    for i, code in enumerate(values):
        if not isinstance(code, str) or not docrules.country_ok(code):
            p.add(
                "INVALID_VALUE",
                f"{target}.countries[{i}]",
                f"{code!r} is not an upper-case ISO 3166-1 alpha-2 country code",
            )
        elif code in out:
            p.add("INVALID_VALUE", f"{target}.countries[{i}]", f"country {code} is listed twice")
        else:
            out.append(code)
    return out


def _methods(p: Problems, parent: dict[str, Any], target: str, allowed: tuple[str, ...]) -> list[str] | None:
    values = p.array(parent, "deliveryMethods", f"{target}.deliveryMethods")
    if values is None:
        return None
    if not values:
        p.add("EMPTY_VALUE", f"{target}.deliveryMethods", f"{target}.deliveryMethods must not be empty")
    out: list[str] = []
    for i, m in enumerate(values):
        if m not in allowed:
            p.add(
                "INVALID_VALUE",
                f"{target}.deliveryMethods[{i}]",
                f"{m!r} is not valid here; use {', '.join(allowed)}",
                allowedValues=list(allowed),
            )
        elif m not in out:
            out.append(m)
    return out


def notification_policy_body(body: dict[str, Any], env: Environment) -> tuple[dict[str, Any], list[str]]:
    """The normalised policy and the phone delivery settings IDs its fallback chains reference."""
    p = Problems()
    out: dict[str, Any] = {}
    out["name"] = p.string(body, "name", "name", required=True, allow_empty=False, max_len=256)
    default = p.boolean(body, "default", "default")
    out["default"] = bool(default)

    quotas_out: list[dict[str, Any]] = []
    groups: set[str] = set()
    for i, q in enumerate(p.array(body, "quotas", "quotas", required=True) or []):
        t = f"quotas[{i}]"
        if not isinstance(q, dict):
            p.add("INVALID_VALUE", t, f"{t} must be an object")
            continue
        qtype = p.enum(q, "type", f"{t}.type", QUOTA_TYPES, required=True)
        methods = _methods(p, q, t, ("SMS", "Voice", "Email")) if "deliveryMethods" in q else ["SMS", "Voice"]
        if methods:
            if "Email" in methods and len(methods) > 1:
                p.add(
                    "INVALID_VALUE",
                    f"{t}.deliveryMethods",
                    'Email cannot share a quota with SMS or Voice: use ["Email"] or a subset of ["SMS", "Voice"]',
                )
            group = "email" if methods == ["Email"] else "phone"
            if group in groups:
                p.add(
                    "INVALID_VALUE",
                    f"{t}.deliveryMethods",
                    f"only one {'Email' if group == 'email' else 'SMS/Voice'} quota is allowed per policy",
                )
            groups.add(group)
        limit = USER_QUOTA_MAX if qtype == "USER" else None
        total = p.integer(q, "total", f"{t}.total", minimum=0, maximum=limit)
        claimed = p.integer(q, "claimed", f"{t}.claimed", minimum=0, maximum=limit)
        unclaimed = p.integer(q, "unclaimed", f"{t}.unclaimed", minimum=0, maximum=limit)
        if "total" in q and ("claimed" in q or "unclaimed" in q):
            p.add("INVALID_VALUE", t, f"{t}: set either total, or claimed and unclaimed, not both")
        elif ("claimed" in q) != ("unclaimed" in q):
            p.add("REQUIRED_VALUE", t, f"{t}: claimed and unclaimed must be set together")
        entry: dict[str, Any] = {"type": qtype, "deliveryMethods": methods}
        for key, val in (("total", total), ("claimed", claimed), ("unclaimed", unclaimed)):
            if val is not None:
                entry[key] = val
        quotas_out.append(entry)
    if len(quotas_out) > 2:
        p.add("SIZE_LIMIT_EXCEEDED", "quotas", "a policy has at most two quotas (one SMS/Voice, one Email)")
    out["quotas"] = quotas_out

    limit_in = p.obj(body, "countryLimit", "countryLimit")
    if limit_in is None:
        out["countryLimit"] = {"type": "NONE"}
    else:
        ltype = p.enum(limit_in, "type", "countryLimit.type", COUNTRY_LIMIT_TYPES, required=True)
        cl: dict[str, Any] = {"type": ltype}
        if ltype == "NONE":
            if limit_in.get("countries"):
                p.add("INVALID_VALUE", "countryLimit.countries", "countries must not be set when type is NONE")
        elif ltype is not None:
            cl["deliveryMethods"] = (
                _methods(p, limit_in, "countryLimit", ("SMS", "Voice"))
                if "deliveryMethods" in limit_in
                else ["SMS", "Voice"]
            )
            cl["countries"] = _countries(p, limit_in, "countryLimit", required=True)
        out["countryLimit"] = cl

    cooldown_in = p.obj(body, "cooldownConfiguration", "cooldownConfiguration")
    cooldown: dict[str, Any] = {}
    for m in COOLDOWN_METHODS:
        t = f"cooldownConfiguration.{m}"
        if cooldown_in is None:
            cooldown[m] = {"enabled": False}
            continue
        cfg = p.obj(cooldown_in, m, t, required=True)
        if cfg is None:
            continue
        enabled = p.boolean(cfg, "enabled", f"{t}.enabled", required=True)
        entry = {"enabled": bool(enabled)}
        periods = p.array(cfg, "periods", f"{t}.periods", required=bool(enabled))
        if periods is not None:
            if len(periods) != 3:
                p.add(
                    "INVALID_VALUE",
                    f"{t}.periods",
                    f"{t}.periods must contain exactly three periods (before the 1st, 2nd and later resends)",
                )
            out_periods = []
            for j, period in enumerate(periods):
                pt = f"{t}.periods[{j}]"
                if not isinstance(period, dict):
                    p.add("INVALID_VALUE", pt, f"{pt} must be an object")
                    continue
                unit = p.enum(period, "timeUnit", f"{pt}.timeUnit", tuple(TIME_UNIT_RANGES), required=True)
                lo, hi = TIME_UNIT_RANGES.get(unit or "SECONDS", (10, 600))
                duration = p.integer(period, "duration", f"{pt}.duration", required=True, minimum=lo, maximum=hi)
                out_periods.append({"duration": duration, "timeUnit": unit})
            entry["periods"] = out_periods
        resend = p.integer(cfg, "resendLimit", f"{t}.resendLimit", required=bool(enabled), minimum=1, maximum=10)
        if resend is not None:
            entry["resendLimit"] = resend
        group_by = p.string(cfg, "groupBy", f"{t}.groupBy", max_len=64)
        if group_by is not None:
            entry["groupBy"] = group_by
        cooldown[m] = entry
    out["cooldownConfiguration"] = cooldown

    referenced: list[str] = []
    provider_in = p.obj(body, "providerConfiguration", "providerConfiguration")
    if provider_in is not None:
        conditions = p.array(provider_in, "conditions", "providerConfiguration.conditions", required=True) or []
        if "conditions" in provider_in and not conditions:
            p.add("REQUIRED_VALUE", "providerConfiguration.conditions", "at least one condition is required")
        conds_out = []
        for i, cond in enumerate(conditions):
            t = f"providerConfiguration.conditions[{i}]"
            if not isinstance(cond, dict):
                p.add("INVALID_VALUE", t, f"{t} must be an object")
                continue
            # Only what was sent: PingOne does not echo a default deliveryMethods (issue 16 item 8: the Terraform
            # provider reported "Provider produced inconsistent result" when the emulator added it).
            c: dict[str, Any] = {}
            if "deliveryMethods" in cond:
                c["deliveryMethods"] = _methods(p, cond, t, ("SMS", "VOICE"))
            countries = _countries(p, cond, t, required=False) if "countries" in cond else None
            if countries:
                c["countries"] = countries
            chain = p.array(cond, "fallbackChain", f"{t}.fallbackChain", required=True) or []
            if "fallbackChain" in cond and not chain:
                p.add("REQUIRED_VALUE", f"{t}.fallbackChain", f"{t}.fallbackChain must list at least one provider")
            chain_out: list[dict[str, str]] = []
            for j, link in enumerate(chain):
                lt = f"{t}.fallbackChain[{j}].id"
                link_id = link.get("id") if isinstance(link, dict) else None
                if not isinstance(link_id, str) or not link_id:
                    p.add("REQUIRED_VALUE", lt, f"{lt} is required")
                    continue
                if not docrules.is_lower_uuid(link_id):  # seed 004: chains of phone delivery settings IDs
                    p.add("INVALID_VALUE", lt, f"{lt} {link_id!r} is not a phone delivery settings ID")
                    continue
                if link_id in (x["id"] for x in chain_out):
                    p.add("INVALID_VALUE", lt, f"provider {link_id} appears twice in the fallback chain")
                chain_out.append({"id": link_id})
                referenced.append(link_id)
            c["fallbackChain"] = chain_out
            conds_out.append(c)
        countryless = [i for i, c in enumerate(conds_out) if "countries" not in c]
        if conds_out and countryless != [len(conds_out) - 1]:
            p.add(
                "INVALID_VALUE",
                "providerConfiguration.conditions",
                "exactly one condition must have no countries, and it must be the last: it is the fallback "
                "order for every other country",
            )
        out["providerConfiguration"] = {"conditions": conds_out}
    p.raise_if_any()
    return out, referenced


# --------------------------------------------------------------------------------------------------------------
# Phone delivery settings
# --------------------------------------------------------------------------------------------------------------
PHONE_PROVIDERS = ("CUSTOM_PROVIDER", "CUSTOM_TWILIO", "CUSTOM_SYNIVERSE")
AUTH_METHODS = ("BASIC", "BEARER", "OAUTH2")
NUMBER_TYPES = ("SHORT_CODE", "TOLL_FREE", "PHONE_NUMBER")
# Secrets are accepted and stored, never returned (seed 002's 201 response has no clientSecret).
SECRET_FIELDS = ("password", "authToken", "clientSecret")


def _url(p: Problems, value: str | None, target: str) -> None:
    """PingOne calls a custom provider over HTTPS only (the Terraform provider validates request URLs with
    ``verify.IsURLWithHTTPS``: ``https://`` and a DNS name or ``localhost``; ../shared/reference/
    terraform-provider-notes.md §3.1)."""
    if value is None:
        return
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        ok = parts.scheme == "https" and bool(parts.hostname)
        _ = parts.port  # a malformed port raises
    except ValueError:
        ok = False
    if not ok:
        p.add("INVALID_VALUE", target, f"{target} must be an https:// URL")


def _numbers(p: Problems, body: dict[str, Any], provider: str) -> list[dict[str, Any]] | None:
    numbers = p.array(body, "numbers", "numbers")
    if numbers is None:
        return None
    out = []
    for i, n in enumerate(numbers):
        t = f"numbers[{i}]"
        if not isinstance(n, dict):
            p.add("INVALID_VALUE", t, f"{t} must be an object")
            continue
        ntype = p.enum(n, "type", f"{t}.type", NUMBER_TYPES, required=True)
        entry: dict[str, Any] = {
            "type": ntype,
            "number": p.string(n, "number", f"{t}.number", required=True, allow_empty=False, max_len=32),
            "selected": bool(p.boolean(n, "selected", f"{t}.selected")),
            "available": bool(p.boolean(n, "available", f"{t}.available")),
        }
        caps = p.array(n, "capabilities", f"{t}.capabilities", required=True)
        if caps is not None:
            if not caps:
                p.add("EMPTY_VALUE", f"{t}.capabilities", f"{t}.capabilities must not be empty")
            for j, cap in enumerate(caps):
                if cap not in ("SMS", "VOICE"):
                    p.add("INVALID_VALUE", f"{t}.capabilities[{j}]", "capabilities are SMS and VOICE")
            entry["capabilities"] = list(dict.fromkeys(c for c in caps if c in ("SMS", "VOICE")))
        if "supportedCountries" in n and n["supportedCountries"] is not None:
            if ntype == "PHONE_NUMBER":
                p.add(
                    "INVALID_VALUE", f"{t}.supportedCountries", "supportedCountries must not be set for a PHONE_NUMBER"
                )
            countries = p.array(n, "supportedCountries", f"{t}.supportedCountries") or []
            for j, code in enumerate(countries):
                if not isinstance(code, str) or not docrules.country_ok(code):
                    p.add(
                        "INVALID_VALUE", f"{t}.supportedCountries[{j}]", f"{code!r} is not an ISO 3166-1 alpha-2 code"
                    )
            if ntype == "SHORT_CODE" and len(countries) != 1:
                p.add("INVALID_VALUE", f"{t}.supportedCountries", "a SHORT_CODE supports exactly one country")
            if not countries:
                p.add("EMPTY_VALUE", f"{t}.supportedCountries", "supportedCountries must not be empty when set")
            entry["supportedCountries"] = countries
        elif provider == "CUSTOM_PROVIDER" and ntype in ("SHORT_CODE", "TOLL_FREE"):
            p.add(
                "REQUIRED_VALUE",
                f"{t}.supportedCountries",
                f"a {ntype} of a CUSTOM_PROVIDER must list its supportedCountries",
            )
        out.append(entry)
    return out


def phone_delivery_settings_body(body: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """The normalised object *including* its secrets (the caller strips them from responses)."""
    p = Problems()
    provider = p.enum(body, "provider", "provider", PHONE_PROVIDERS, required=True)
    if body.get("provider") == PINGONE_TWILIO:
        p.details[-1] = Detail(
            "INVALID_VALUE",
            "provider",
            "PINGONE_TWILIO is PingOne's own account: it can only appear in a fallback chain",
        )
    if existing is not None and provider is not None and provider != existing["provider"]:
        p.add("INVALID_VALUE", "provider", "provider cannot be changed; create a new phone delivery settings object")
    out: dict[str, Any] = {"provider": provider}
    if provider == "CUSTOM_PROVIDER":
        out["name"] = p.string(body, "name", "name", required=True, allow_empty=False, max_len=256)
        auth = p.obj(body, "authentication", "authentication", required=True)
        if auth is not None:
            method = p.enum(auth, "method", "authentication.method", AUTH_METHODS, required=True)
            a: dict[str, Any] = {"method": method}
            if method == "BASIC":
                a["username"] = p.string(auth, "username", "authentication.username", required=True, allow_empty=False)
                a["password"] = p.string(auth, "password", "authentication.password", required=True, allow_empty=False)
            elif method == "BEARER":
                a["authToken"] = p.string(
                    auth, "authToken", "authentication.authToken", required=True, allow_empty=False
                )
            elif method == "OAUTH2":
                a["authUrl"] = p.string(auth, "authUrl", "authentication.authUrl", required=True, allow_empty=False)
                _url(p, a["authUrl"], "authentication.authUrl")
                a["clientId"] = p.string(auth, "clientId", "authentication.clientId", required=True, allow_empty=False)
                a["clientSecret"] = p.string(
                    auth, "clientSecret", "authentication.clientSecret", required=True, allow_empty=False
                )
                a["grantType"] = (
                    p.enum(auth, "grantType", "authentication.grantType", ("CLIENT_CREDENTIALS",))
                    or "CLIENT_CREDENTIALS"
                )
                a["clientAuthenticationMethod"] = (
                    p.enum(
                        auth,
                        "clientAuthenticationMethod",
                        "authentication.clientAuthenticationMethod",
                        ("BASIC_AUTH_HEADER", "REQUEST_BODY"),
                    )
                    or "BASIC_AUTH_HEADER"
                )
                scopes = p.string(auth, "scopes", "authentication.scopes", max_len=1024)
                if scopes:
                    a["scopes"] = scopes
            out["authentication"] = {k: v for k, v in a.items() if v is not None}
        requests = p.array(body, "requests", "requests", required=True)
        reqs_out = []
        if requests is not None and not requests:
            p.add("REQUIRED_VALUE", "requests", "requests must contain at least one request (SMS and/or VOICE)")
        for i, r in enumerate(requests or []):
            t = f"requests[{i}]"
            if not isinstance(r, dict):
                p.add("INVALID_VALUE", t, f"{t} must be an object")
                continue
            # No limit of one request per delivery method: no document states one, and the Terraform provider's
            # custom-provider acceptance configuration sends two SMS and two VOICE requests (issue 16 item 9).
            dm = p.enum(r, "deliveryMethod", f"{t}.deliveryMethod", ("SMS", "VOICE"), required=True)
            http_method = p.enum(r, "method", f"{t}.method", ("GET", "POST"), required=True)
            url = p.string(r, "url", f"{t}.url", required=True, allow_empty=False, max_len=2048)
            _url(p, url, f"{t}.url")
            req_body = p.string(r, "body", f"{t}.body", max_len=10_000)
            if http_method == "GET" and url is not None:
                missing = [v for v in ("to", "message") if "${" + v + "}" not in url]
                if missing:
                    p.add(
                        "REQUIRED_VALUE",
                        f"{t}.url",
                        f"a GET request's url must include {' and '.join('${' + v + '}' for v in missing)}",
                    )
                if req_body:
                    p.add("INVALID_VALUE", f"{t}.body", "a GET request has no body; put the variables in the url")
            if http_method == "POST" and req_body:
                missing = [v for v in ("to", "message") if "${" + v + "}" not in req_body]
                if missing:
                    p.add(
                        "REQUIRED_VALUE",
                        f"{t}.body",
                        f"a POST request's body must include {' and '.join('${' + v + '}' for v in missing)}",
                    )
            headers = p.obj(r, "headers", f"{t}.headers")
            if headers is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
                p.add("INVALID_VALUE", f"{t}.headers", "headers must map names to string values")
            entry: dict[str, Any] = {
                "deliveryMethod": dm,
                "url": url,
                "method": http_method,
                "phoneNumberFormat": p.enum(r, "phoneNumberFormat", f"{t}.phoneNumberFormat", ("FULL", "NUMBER_ONLY"))
                or "FULL",
            }
            if req_body:
                entry["body"] = req_body
            if headers:
                entry["headers"] = headers
            for tag in ("beforeTag", "afterTag"):
                value = p.string(r, tag, f"{t}.{tag}", max_len=1024)
                if value:
                    if dm == "SMS":
                        p.add("INVALID_VALUE", f"{t}.{tag}", f"{tag} applies to VOICE requests only")
                    entry[tag] = value
            reqs_out.append(entry)
        out["requests"] = reqs_out
    elif provider in ("CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"):
        if provider == "CUSTOM_TWILIO":
            out["sid"] = p.string(body, "sid", "sid", required=True, allow_empty=False, max_len=64)
        out["authToken"] = p.string(body, "authToken", "authToken", required=True, allow_empty=False, max_len=256)
    if provider is not None:
        numbers = _numbers(p, body, provider)
        if numbers is not None:
            out["numbers"] = numbers
    p.raise_if_any()
    return {k: v for k, v in out.items() if v is not None}


def without_secrets(obj: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in obj.items() if k not in SECRET_FIELDS}
    if isinstance(out.get("authentication"), dict):
        out["authentication"] = {k: v for k, v in out["authentication"].items() if k not in SECRET_FIELDS}
    return out


# --------------------------------------------------------------------------------------------------------------
# Notifications settings
# --------------------------------------------------------------------------------------------------------------
WHITELIST_MAX_SANDBOX = 50
DAILY_QUOTA_RANGE = (0, 50)


def default_notifications_settings(env: Environment) -> dict[str, Any]:
    return {
        "deliveryMode": "ALL" if env.type == "PRODUCTION" else "WHITELIST",
        "restrictions": {"smsVoiceQuota": {"daily": 30}},
        "smsProvidersFallbackChain": [],
        "from": dict(DEFAULT_FROM),
        "whitelist": [],
    }


def notifications_settings_body(body: dict[str, Any], env: Environment) -> tuple[dict[str, Any], list[str]]:
    """Full replacement: omitted fields take their defaults. Returns the settings and the chain's provider IDs."""
    p = Problems()
    out = default_notifications_settings(env)
    mode = p.enum(body, "deliveryMode", "deliveryMode", ("ALL", "WHITELIST"))
    if mode == "ALL" and env.type != "PRODUCTION":
        p.add(
            "INVALID_VALUE",
            "deliveryMode",
            "deliveryMode ALL is supported in production environments only; a sandbox environment uses WHITELIST",
        )
    if mode is not None:
        out["deliveryMode"] = mode
    restrictions = p.obj(body, "restrictions", "restrictions")
    if restrictions is not None:
        quota = p.obj(restrictions, "smsVoiceQuota", "restrictions.smsVoiceQuota", required=True)
        if quota is not None:
            daily = p.integer(
                quota,
                "daily",
                "restrictions.smsVoiceQuota.daily",
                required=True,
                minimum=DAILY_QUOTA_RANGE[0],
                maximum=DAILY_QUOTA_RANGE[1],
            )
            if daily is not None:
                out["restrictions"] = {"smsVoiceQuota": {"daily": daily}}
    chain = p.array(body, "smsProvidersFallbackChain", "smsProvidersFallbackChain")
    referenced: list[str] = []
    if chain is not None:
        for i, entry in enumerate(chain):
            t = f"smsProvidersFallbackChain[{i}]"
            if not isinstance(entry, str) or not (entry == PINGONE_TWILIO or docrules.is_lower_uuid(entry)):
                # seed 003: PhoneDeliverySettings IDs, and "PINGONE_TWILIO" for PingOne's own account
                p.add("INVALID_VALUE", t, f"{t} must be a phone delivery settings ID or PINGONE_TWILIO")
            elif entry in chain[:i]:
                p.add("INVALID_VALUE", t, f"{entry} appears twice in the fallback chain")
            elif entry != PINGONE_TWILIO:
                referenced.append(entry)
        out["smsProvidersFallbackChain"] = [e for e in chain if isinstance(e, str)]
    if "from" in body:
        out["from"] = p.email_party(body, "from", default=DEFAULT_FROM)
    if "replyTo" in body:
        reply = p.email_party(body, "replyTo", default=None)
        if reply:
            out["replyTo"] = reply
    whitelist = p.array(body, "whitelist", "whitelist")
    if whitelist is not None:
        users = []
        for i, entry in enumerate(whitelist):
            t = f"whitelist[{i}].user.id"
            user = entry.get("user") if isinstance(entry, dict) else None
            uid = user.get("id") if isinstance(user, dict) else None
            if not isinstance(uid, str) or not docrules.is_lower_uuid(uid):
                p.add("INVALID_VALUE", t, f"{t} must be a user ID (a lower-case UUID)")
            elif uid in users:
                p.add("INVALID_VALUE", t, f"user {uid} is listed twice")
            else:
                users.append(uid)
        if env.type == "SANDBOX" and len(users) > WHITELIST_MAX_SANDBOX:
            p.add(
                "SIZE_LIMIT_EXCEEDED",
                "whitelist",
                f"a sandbox environment allows at most {WHITELIST_MAX_SANDBOX} users in the whitelist",
                maximumValue=WHITELIST_MAX_SANDBOX,
            )
        out["whitelist"] = [{"user": {"id": u}} for u in users]
    p.raise_if_any()
    return out, referenced
