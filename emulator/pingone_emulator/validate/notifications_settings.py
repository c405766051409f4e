"""An environment's notifications settings (``/notificationsSettings``): a full replacement whose omitted fields
take their defaults (delivery mode, SMS/voice quota, fallback chain, sender, whitelist)."""

from __future__ import annotations

from typing import Any

from .. import docrules
from ..store import Environment
from .phone_delivery_settings import PINGONE_TWILIO
from .problems import Problems

__all__ = ["DEFAULT_FROM", "default_notifications_settings", "notifications_settings_body"]

DEFAULT_FROM = {"name": "PingOne", "address": "noreply@pingidentity.com"}
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
