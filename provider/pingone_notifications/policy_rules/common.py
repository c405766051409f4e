"""What every rule uses: the resource type tokens, the stack's tier (production or sandbox by its name), reading
properties, and turning a check function into a pulumi-policy policy."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

__all__ = [
    "CONTENT",
    "PHONE",
    "PINGONE_TWILIO",
    "POLICY",
    "SETTINGS",
    "TIER_PROPERTIES",
    "Report",
    "as_list",
    "host_allowed",
    "prop_at",
    "resource_label",
    "resource_policy",
    "stack_name",
    "stack_policy",
    "stack_tier",
]


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


def resource_label(type_token: str, name: str) -> str:
    return f"{type_token.rsplit(':', 1)[-1]} '{name}'"


def prop_at(props: Any, *path: str | int) -> Any:
    current = props
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    allowed = list(allowed)
    return not allowed or any(fnmatch.fnmatchcase(host.lower(), a.lower()) for a in allowed)


Report = Callable[[str], None]
Validate = Callable[[ResourceValidationArgs, Report], None]
StackValidate = Callable[[StackValidationArgs, Report], None]


def resource_policy(name: str, description: str, types: tuple[str, ...], check: Validate, *,
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


def stack_policy(name: str, description: str, check: StackValidate, level: EnforcementLevel,
                  config: dict[str, Any]) -> StackValidationPolicy:  # fmt: skip
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        check(args, lambda message: report(message, None))

    return StackValidationPolicy(name=name, description=description, validate=validate, enforcement_level=level,
                                 config_schema=PolicyConfigSchema(properties=config))  # fmt: skip
