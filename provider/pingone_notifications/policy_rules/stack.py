"""Stack-level rules, over all of a stack's resources: fallback chains reference this stack's providers of the
same environment, and every template used has content in each required locale."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from pulumi_policy import StackValidationArgs

from .. import rules
from .common import (
    CONTENT,
    PHONE,
    PINGONE_TWILIO,
    POLICY,
    SETTINGS,
    Report,
    as_list,
    prop_at,
    resource_label,
    stack_name,
    stack_tier,
)

__all__ = [
    "fallback_chains",
    "locale_coverage",
]


def locale_coverage(args: StackValidationArgs, report: Report) -> None:
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


def fallback_chains(args: StackValidationArgs, report: Report) -> None:
    cfg = args.get_config()
    production = stack_tier(cfg) == "production"
    providers: dict[str, str] = {}
    for r in args.resources:
        if r.resource_type == PHONE and r.props.get("id"):
            providers[str(r.props["id"])] = str(r.props.get("environment_id"))
    for r in args.resources:
        env = str(r.props.get("environment_id"))
        label = resource_label(r.resource_type, r.name)
        chains: list[tuple[str, list[Any], bool]] = []
        if r.resource_type == SETTINGS:
            chains.append(("sms_providers_fallback_chain", as_list(r.props.get("sms_providers_fallback_chain")), True))
        elif r.resource_type == POLICY:
            conditions = prop_at(r.props, "provider_configuration", "conditions") or []
            for i, c in enumerate(as_list(conditions)):
                links = [x.get("id") if isinstance(x, Mapping) else x for x in as_list(prop_at(c, "fallback_chain"))]
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
