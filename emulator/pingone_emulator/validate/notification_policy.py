"""A notification policy's request body (``/notificationsPolicies``): quotas, country limit, cooldowns and the
provider configuration's fallback chains."""

from __future__ import annotations

from typing import Any

from .. import docrules
from ..store import Environment
from .problems import Problems

__all__ = ["COOLDOWN_METHODS", "notification_policy_body"]

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


def _quotas(p: Problems, body: dict[str, Any]) -> list[dict[str, Any]]:
    """``quotas``: at most one SMS/Voice and one Email quota, each a total or claimed + unclaimed."""
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
    return quotas_out


def _country_limit(p: Problems, body: dict[str, Any]) -> dict[str, Any]:
    """``countryLimit``: NONE (the default), or the countries ALLOWED or DENIED for some delivery methods."""
    limit_in = p.obj(body, "countryLimit", "countryLimit")
    if limit_in is None:
        return {"type": "NONE"}
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
    return cl


def _cooldowns(p: Problems, body: dict[str, Any]) -> dict[str, Any]:
    """``cooldownConfiguration``: per delivery method, whether resends wait, how long and how often."""
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
        entry: dict[str, Any] = {"enabled": bool(enabled)}
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
    return cooldown


def _provider_configuration(p: Problems, body: dict[str, Any], referenced: list[str]) -> dict[str, Any] | None:
    """``providerConfiguration``: fallback chains per country; adds the IDs they name to ``referenced``."""
    provider_in = p.obj(body, "providerConfiguration", "providerConfiguration")
    if provider_in is None:
        return None
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
    return {"conditions": conds_out}


def notification_policy_body(body: dict[str, Any], env: Environment) -> tuple[dict[str, Any], list[str]]:
    """The normalised policy and the phone delivery settings IDs its fallback chains reference."""
    p = Problems()
    out: dict[str, Any] = {}
    out["name"] = p.string(body, "name", "name", required=True, allow_empty=False, max_len=256)
    default = p.boolean(body, "default", "default")
    out["default"] = bool(default)

    out["quotas"] = _quotas(p, body)
    out["countryLimit"] = _country_limit(p, body)
    out["cooldownConfiguration"] = _cooldowns(p, body)
    referenced: list[str] = []
    provider = _provider_configuration(p, body, referenced)
    if provider is not None:
        out["providerConfiguration"] = provider
    p.raise_if_any()
    return out, referenced
