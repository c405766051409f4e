"""Sending (or dry-running) a notification the way the PingOne Notifications connector does (seed 000).

The documents give the connector's inputs and outputs but not the HTTP endpoint behind them; the emulator
serves ``POST /{region}/v1/environments/{envId}/notifications`` (a guess, see the README) with::

    {"user": {"id": "…"}, "deliveryMethod": "Email" | "SMS" | "Voice", "email": "…" | "phone": "+…",
     "template": {"name": "general", "variant": "…", "locale": "es-ES", "variables": {"k": "v"}},
     "policy": {"id": "…"},          # optional: the environment's default policy otherwise
     "sendSync": true, "dryRun": true}

It renders the content as the service would (locale fallback ``es-ES`` → ``es`` → the environment's default
``en``; variables substituted; missing required variables rejected), applies the policy — delivery mode and
whitelist, country limits, daily quotas, cooldowns — and walks the provider fallback chain. The answer is the
connector's ``rawResponse`` plus ``locale`` (the content used), ``providers`` (the order they would be tried)
and ``status`` (``SENT`` or ``DRY_RUN``). A dry run changes no counter.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import phonenumbers

from . import catalog, docrules, validate
from .errors import ApiError, Detail, invalid_data, not_found
from .store import Environment

__all__ = ["send_notification"]

DAY = 86400.0
BLOCK_SECONDS = 30 * 60
UNIT_SECONDS = {"SECONDS": 1, "MINUTES": 60}


def _limited(detail: str, message: str, retry_after: float | None = None) -> ApiError:
    inner = {"retryAfter": int(retry_after)} if retry_after is not None else None
    headers = {"retry-after": str(int(retry_after) + 1)} if retry_after is not None else {}
    return ApiError(
        429, "REQUEST_LIMITED", "The notification was not sent.", [Detail(detail, None, message, inner)], headers
    )


def _refused(target: str, message: str) -> ApiError:
    return ApiError(400, "REQUEST_FAILED", "The notification was not sent.", [Detail("INVALID_VALUE", target, message)])


def _render(text: str, variables: dict[str, str]) -> str:
    for name in docrules.template_variables(text):
        text = text.replace("${" + name + "}", variables.get(name, ""))
    return text


def _content(
    state: Any, env: Environment, template: str, method: str, locale: str | None, variant: str | None
) -> dict[str, Any]:
    """The content to use: custom before default, the exact locale, then its language, then ``en``."""
    contents = [c for c in state.contents(env, template) if c["deliveryMethod"] == method]
    if variant:
        contents = [c for c in contents if str(c.get("variant") or "").lower() == variant.lower()]
        if not contents:
            raise invalid_data(
                [
                    Detail(
                        "INVALID_VALUE",
                        "template.variant",
                        f"Template {template} has no {method} content with variant {variant!r}",
                    )
                ]
            )
    else:
        contents = [c for c in contents if not c.get("variant")]
    wanted: list[str] = []
    if locale:
        key = docrules.same_locale_key(locale)
        wanted += [key, key.split("-")[0]]
    wanted.append("en")
    for want in wanted:
        matches = [c for c in contents if docrules.same_locale_key(c["locale"]) == want]
        if matches:
            chosen: dict[str, Any] = sorted(matches, key=lambda c: bool(c.get("default")))[0]
            return chosen
    raise not_found(f"{method} content of template {template}")


def _policy(state: Any, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
    policy_id = (body.get("policy") or {}).get("id")
    if policy_id:
        doc: dict[str, Any] = state.policy(env, policy_id)
        return doc
    default: dict[str, Any] = next(p for p in state.store.list(env.id, "policy") if p.get("default"))
    return default


def _country(phone: str) -> str:
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException as err:
        raise invalid_data([Detail("INVALID_VALUE", "phone", f"{phone!r} is not an E.164 phone number")]) from err
    region = phonenumbers.region_code_for_number(parsed) or phonenumbers.region_code_for_country_code(
        parsed.country_code or 0
    )
    if not region or region == "ZZ" or not phonenumbers.is_possible_number(parsed):
        raise invalid_data([Detail("INVALID_VALUE", "phone", f"{phone!r} is not a possible phone number")])
    return str(region)


def _providers(
    state: Any, env: Environment, policy: dict[str, Any], settings: dict[str, Any], method: str, country: str
) -> list[dict[str, Any]]:
    wire_method = "VOICE" if method == "Voice" else "SMS"
    chain: list[str] = []
    for condition in (policy.get("providerConfiguration") or {}).get("conditions") or []:
        if wire_method not in condition.get("deliveryMethods", ["SMS", "VOICE"]):
            continue
        if condition.get("countries") and country not in condition["countries"]:
            continue
        chain = [link["id"] for link in condition.get("fallbackChain", [])]
        break
    if not chain:
        chain = list(settings.get("smsProvidersFallbackChain") or [])
    if not chain:
        chain = ["PINGONE_TWILIO"]
    out = []
    for entry in chain:
        if entry == "PINGONE_TWILIO":
            out.append({"id": "PINGONE_TWILIO", "provider": "PINGONE_TWILIO", "name": "PingOne Twilio"})
            continue
        doc = state.store.get(env.id, "phone", entry)
        if doc is not None:
            out.append({"id": doc["id"], "provider": doc["provider"], "name": doc.get("name") or doc.get("sid")})
    return out


def _sender(content: dict[str, Any], providers: list[dict[str, Any]], state: Any, env: Environment) -> str:
    if content.get("sender"):
        return str(content["sender"])
    for p in providers:
        doc = state.store.get(env.id, "phone", p["id"]) if p["id"] != "PINGONE_TWILIO" else None
        for number in (doc or {}).get("numbers") or []:
            if number.get("selected"):
                return str(number["number"])
    return "PingOne"


def _check_quotas(
    recent: list[dict[str, Any]], policy: dict[str, Any], settings: dict[str, Any], method: str, user_id: str
) -> None:
    """``recent``: the environment's sends of the last 24 hours."""
    group = ["Email"] if method == "Email" else ["SMS", "Voice"]
    mine = [s for s in recent if s["method"] in group]
    for quota in policy.get("quotas") or []:
        methods = quota.get("deliveryMethods") or ["SMS", "Voice"]
        if method not in methods:
            continue
        limit = quota.get("total")
        if limit is None:
            limit = int(quota.get("claimed") or 0) + int(quota.get("unclaimed") or 0)
        scope = [s for s in mine if quota["type"] == "ENVIRONMENT" or s["user_id"] == user_id]
        if len(scope) >= int(limit):
            who = "the environment" if quota["type"] == "ENVIRONMENT" else f"user {user_id}"
            raise _limited(
                "QUOTA_EXCEEDED",
                f"The daily {'/'.join(methods)} quota of {limit} for {who} is used up (policy {policy['name']!r})",
            )
    if method != "Email":
        daily = int(((settings.get("restrictions") or {}).get("smsVoiceQuota") or {}).get("daily", 30))
        if len([s for s in mine if s["user_id"] == user_id]) >= daily:
            raise _limited("QUOTA_EXCEEDED", f"The environment's daily SMS/voice limit of {daily} per user is used up")


def _check_cooldown(
    recent: list[dict[str, Any]], policy: dict[str, Any], method: str, user_id: str, address: str, now: float
) -> None:
    key = {"Email": "email", "SMS": "sms", "Voice": "voice"}[method]
    config = (policy.get("cooldownConfiguration") or {}).get(key) or {}
    if not config.get("enabled"):
        return
    by_user = config.get("groupBy") == "USER_ID"
    window = [
        s
        for s in recent
        if s["time"] >= now - BLOCK_SECONDS
        and s["method"] == method
        and (s["user_id"] == user_id if by_user else s["address"] == address)
    ]
    if not window:
        return
    resends = len(window) - 1
    limit = int(config.get("resendLimit") or 0)
    if limit and resends >= limit:
        retry = window[-limit - 1]["time"] + BLOCK_SECONDS - now
        raise _limited(
            "LIMIT_EXCEEDED", f"Resend limit {limit} reached for this {method} recipient: blocked for 30 minutes", retry
        )
    periods = config.get("periods") or []
    if periods:
        period = periods[min(resends, len(periods) - 1)]
        wait = int(period["duration"]) * UNIT_SECONDS[period["timeUnit"]]
        elapsed = now - window[-1]["time"]
        if elapsed < wait:
            raise _limited(
                "LIMIT_EXCEEDED",
                f"Cooldown: wait {int(wait - elapsed) + 1}s before sending this {method} again",
                wait - elapsed,
            )


def send_notification(state: Any, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
    method = body.get("deliveryMethod")
    if method not in ("Email", "SMS", "Voice"):
        raise invalid_data([Detail("INVALID_VALUE", "deliveryMethod", "deliveryMethod must be Email, SMS or Voice")])
    user_id = str((body.get("user") or {}).get("id") or "")
    if not user_id or len(user_id) > 100:
        raise invalid_data([Detail("REQUIRED_VALUE", "user.id", "user.id is required (at most 100 characters)")])
    address = str(body.get("email") if method == "Email" else body.get("phone") or "")
    if method == "Email" and not docrules.mailbox_ok(address):
        raise invalid_data([Detail("INVALID_VALUE", "email", f"{address!r} is not an email address")])
    template_in = body.get("template") or {}
    name = str(template_in.get("name") or "general")
    spec = catalog.TEMPLATES.get(name)
    if spec is None:
        raise not_found(f"template {name!r}")
    if method not in spec.delivery_methods:
        raise invalid_data([Detail("INVALID_VALUE", "deliveryMethod", f"Template {name} has no {method} delivery")])
    variables = {str(k): str(v) for k, v in (template_in.get("variables") or {}).items()}
    missing = [v for v in spec.required_variables(method) if v not in variables]
    if missing:
        raise invalid_data(
            [
                Detail(
                    "REQUIRED_VALUE",
                    "template.variables",
                    f"Template {name} requires {', '.join('${' + m + '}' for m in missing)}",
                )
            ]
        )

    settings = state.notifications_settings(env)
    policy = _policy(state, env, body)
    content = _content(state, env, name, method, template_in.get("locale"), template_in.get("variant"))
    if settings.get("deliveryMode") == "WHITELIST":
        allowed = {w["user"]["id"] for w in settings.get("whitelist") or []}
        if user_id not in allowed:
            raise _refused("user.id", f"Delivery mode is WHITELIST and user {user_id} is not on the whitelist")
    country = None
    providers: list[dict[str, Any]] = []
    if method != "Email":
        country = _country(address)
        limit = policy.get("countryLimit") or {"type": "NONE"}
        methods = limit.get("deliveryMethods") or ["SMS", "Voice"]
        if limit.get("type") != "NONE" and method in methods:
            listed = country in (limit.get("countries") or [])
            if (limit["type"] == "ALLOWED") != listed:
                raise _refused(
                    "phone",
                    f"{method} to country {country} is not allowed by policy {policy['name']!r} "
                    f"({limit['type']} {', '.join(limit.get('countries') or [])})",
                )
        providers = _providers(state, env, policy, settings, method, country)
    now = time.time()
    recent = state.store.sends(env.id, now - DAY)  # one read serves the quotas and the cooldown
    _check_quotas(recent, policy, settings, method, user_id)
    _check_cooldown(recent, policy, method, user_id, address, now)

    stamp = state.stamp()
    out: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "environment": {"id": env.id},
        "user": {"id": user_id},
        "policy": {"id": policy["id"]},
        "deliveryMethod": method,
        "status": "DRY_RUN" if body.get("dryRun") else "SENT",
        "locale": content["locale"],
        "template": {"name": name, "variant": content.get("variant"), "default": bool(content.get("default"))},
    }
    if method == "Email":
        # the content's own sender, unless it is PingOne's default: then the environment's configured one
        sender = content.get("from") or {}
        if not sender or sender == validate.DEFAULT_FROM:  # no from of its own: the environment's sender
            sender = settings.get("from") or sender
        out.update(
            {
                "from": f'"{sender.get("name", "")}" <{sender.get("address", "")}>',
                "subject": _render(str(content.get("subject") or ""), variables),
                "body": _render(str(content.get("body") or ""), variables),
                "address": address,
            }
        )
    else:
        out.update(
            {
                "content": _render(str(content["content"]), variables),
                "phone": address,
                "sender": _sender(content, providers, state, env),
                "country": country,
                "providers": providers,
            }
        )
    out.update({"createdAt": stamp, "updatedAt": stamp})
    if not body.get("dryRun"):
        state.store.record_send(env.id, user_id, method, address, now)
    return out
