"""Rules for a NotificationPolicy: per-user and (in production) environment quotas, and resend cooldowns."""

from __future__ import annotations

from pulumi_policy import ResourceValidationArgs

from .common import Report, as_list, prop_at, resource_label, stack_name, stack_tier

__all__ = [
    "production_cooldown",
    "production_environment_quota",
    "user_quotas",
]


def user_quotas(args: ResourceValidationArgs, report: Report) -> None:
    high = int(args.get_config().get("maxPerUser", 20))
    label = resource_label(args.resource_type, args.name)
    quotas = as_list(args.props.get("quotas"))
    if not any(
        prop_at(q, "type") == "USER" and "Email" not in (prop_at(q, "delivery_methods") or ["SMS"]) for q in quotas
    ):
        report(
            f"{label}: quotas has no USER quota for SMS/Voice, so one user can receive unlimited messages. "
            f"Add {{'type': 'USER', 'delivery_methods': ['SMS', 'Voice'], 'total': <= {high}}}."
        )
    for i, q in enumerate(quotas):
        if prop_at(q, "type") != "USER":
            continue
        for key in ("total", "claimed", "unclaimed"):
            value = prop_at(q, key)
            if value is not None and int(value) > high:
                report(f"{label}: quotas[{i}].{key} is {int(value)}; at most {high} per user per day is allowed "
                       "here. Lower it.")  # fmt: skip


def production_environment_quota(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) != "production":
        return
    if not any(prop_at(q, "type") == "ENVIRONMENT" for q in as_list(args.props.get("quotas"))):
        report(f"{resource_label(args.resource_type, args.name)}: quotas has no ENVIRONMENT quota in production stack "
               f"'{stack_name()}'. Add {{'type': 'ENVIRONMENT', 'delivery_methods': ['SMS', 'Voice'], 'total': N}} "
               "to cap the whole environment's daily volume (and cost).")  # fmt: skip


def production_cooldown(args: ResourceValidationArgs, report: Report) -> None:
    if stack_tier(args.get_config()) != "production":
        return
    label = resource_label(args.resource_type, args.name)
    for method in ("sms", "voice"):
        if not prop_at(args.props, "cooldown_configuration", method, "enabled"):
            report(f"{label}: cooldown_configuration.{method} is not enabled in production stack '{stack_name()}'; "
                   f"without it a user can request codes without limit (toll fraud). Enable it with three periods "
                   "and a resend_limit.")  # fmt: skip
