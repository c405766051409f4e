"""Policy-as-code guards for PingOne notification configuration (a pulumi-policy pack's rules).

The pack in ``policy/`` builds a ``PolicyPack`` from :data:`POLICIES`; tests import them from here.
The rules live in one module per resource kind, the stack-level rules in ``stack``, what they share in
``common``; this module lists the pack's policies. Each
policy's message names the resource and the property and says how to fix it. Organisations tune them
through the pack's config (``--policy-pack-config``): stack-name patterns, bounds, allowed hosts, domains
and locales, and every policy's ``enforcementLevel``.

A stack is *production* or *sandbox* by its name (``PULUMI_STACK``) against configurable glob patterns.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy

from .common import CONTENT, PHONE, POLICY, SETTINGS, TIER_PROPERTIES, resource_policy, stack_policy, stack_tier
from .notification_policy import production_cooldown, production_environment_quota, user_quotas
from .notifications_settings import (
    daily_quota,
    production_delivery_mode,
    remediate_daily_quota,
    remediate_sandbox_delivery_mode,
    sandbox_delivery_mode,
)
from .phone_delivery_settings import credentials_are_secrets, no_credentials_in_urls, provider_url_hosts
from .stack import fallback_chains, locale_coverage
from .template_content import DEFAULT_REQUIRED_VARIABLES, content_rules, email_domains

__all__ = ["CONTENT", "PHONE", "POLICIES", "POLICY", "SETTINGS", "stack_tier"]


# ---- the pack's policies -------------------------------------------------------------------------------------------
POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = [
    resource_policy("production-delivery-mode", "Production stacks deliver to all users (no WHITELIST).",
                     (SETTINGS,), production_delivery_mode, config=TIER_PROPERTIES),
    resource_policy("sandbox-delivery-mode", "Sandbox stacks deliver only to whitelisted users.", (SETTINGS,),
                     sandbox_delivery_mode, config=TIER_PROPERTIES, remediate=remediate_sandbox_delivery_mode),
    resource_policy("daily-quota-bounds", "The daily SMS/voice quota per user is set and within bounds.",
                     (SETTINGS,), daily_quota, remediate=remediate_daily_quota,
                     config={"minDaily": {"type": "integer", "default": 1, "minimum": 0, "maximum": 50},
                             "maxDaily": {"type": "integer", "default": 30, "minimum": 0, "maximum": 50}}),
    resource_policy("user-quota-bounds", "Each policy has a per-user SMS/Voice quota within bounds.", (POLICY,),
                     user_quotas, config={"maxPerUser": {"type": "integer", "default": 20, "minimum": 1,
                                                          "maximum": 50}}),
    resource_policy("production-environment-quota", "Production policies cap the environment's daily volume.",
                     (POLICY,), production_environment_quota, config=TIER_PROPERTIES),
    resource_policy("provider-https-allowed-hosts", "Custom provider URLs use https on approved hosts.",
                     (PHONE,), provider_url_hosts,
                     config={"allowedHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                                              "description": "Host globs; empty allows any https host."}}),
    resource_policy("no-credentials-in-urls", "No credentials in provider URLs or their queries.", (PHONE,),
                     no_credentials_in_urls),
    resource_policy("provider-credentials-are-secrets", "Provider credentials only in secret fields.", (PHONE,),
                     credentials_are_secrets),
    resource_policy("email-sender-domains", "Email from/replyTo addresses are on allowed domains.",
                     (SETTINGS, CONTENT), email_domains,
                     config={"allowedDomains": {"type": "array", "items": {"type": "string"}, "default": []}}),
    resource_policy("template-content-rules", "Contents carry their required variables, fit an SMS, use "
                     "allowed locales.", (CONTENT,), content_rules,
                     config={"allowedLocales": {"type": "array", "items": {"type": "string"}, "default": []},
                             "requiredVariables": {"type": "object", "default": DEFAULT_REQUIRED_VARIABLES}}),
    resource_policy("production-cooldown", "Production policies rate-limit SMS and voice resends.", (POLICY,),
                     production_cooldown, config=TIER_PROPERTIES),
    stack_policy("fallback-chain-references", "Fallback chains reference this stack's providers of the same "
                  "environment; production chains end with a fallback.", fallback_chains,
                  EnforcementLevel.MANDATORY, TIER_PROPERTIES),
    stack_policy("locale-coverage", "Every template used has content for each required locale.", locale_coverage,
                  EnforcementLevel.ADVISORY,
                  {"requiredLocales": {"type": "array", "items": {"type": "string"}, "default": ["en"]}}),
]  # fmt: skip
