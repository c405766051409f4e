"""Rules for an environment's NotificationsSettings: delivery mode by the stack's tier, the daily SMS/voice quota;
with their remediations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from pulumi_policy import ResourceValidationArgs

from .common import Report, prop_at, resource_label, stack_name, stack_tier

__all__ = [
    "daily_quota",
    "production_delivery_mode",
    "remediate_daily_quota",
    "remediate_sandbox_delivery_mode",
    "sandbox_delivery_mode",
]


def production_delivery_mode(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) == "production" and args.props.get("delivery_mode") == "WHITELIST":
        report(f"{resource_label(args.resource_type, args.name)}: delivery_mode is WHITELIST in production stack "
               f"'{stack_name()}', so only whitelisted users would get messages. Set delivery_mode='ALL'.")  # fmt: skip


def sandbox_delivery_mode(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) == "sandbox" and args.props.get("delivery_mode") != "WHITELIST":
        report(f"{resource_label(args.resource_type, args.name)}: delivery_mode is "
               f"{args.props.get('delivery_mode') or 'not set'} in sandbox stack '{stack_name()}', which could "
               "message real users. Set delivery_mode='WHITELIST' and list the test users in whitelist.")  # fmt: skip


def remediate_sandbox_delivery_mode(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if stack_tier(args.get_config()) == "sandbox" and args.props.get("delivery_mode") != "WHITELIST":
        props: Any = args.props
        props["delivery_mode"] = "WHITELIST"  # restricting delivery is always safe
        return cast(Mapping[str, Any], props)
    return None


def daily_quota(args: ResourceValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    low, high = int(cfg.get("minDaily", 1)), int(cfg.get("maxDaily", 30))
    daily = prop_at(args.props, "restrictions", "sms_voice_quota", "daily")
    label = resource_label(args.resource_type, args.name)
    if daily is None:
        report(f"{label}: restrictions.sms_voice_quota.daily is not set (PingOne's default applies). Set it "
               f"between {low} and {high}.")  # fmt: skip
    elif not low <= int(daily) <= high:
        report(f"{label}: restrictions.sms_voice_quota.daily is {int(daily)}; this organisation allows {low}–{high} "
               "SMS/voice messages per user per day. Set it within those bounds.")  # fmt: skip


def remediate_daily_quota(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    high = int(args.get_config().get("maxDaily", 30))
    daily = prop_at(args.props, "restrictions", "sms_voice_quota", "daily")
    if daily is not None and int(daily) > high:
        props: Any = args.props
        props["restrictions"] = {"sms_voice_quota": {"daily": high}}  # lowering a quota is safe
        return cast(Mapping[str, Any], props)
    return None
