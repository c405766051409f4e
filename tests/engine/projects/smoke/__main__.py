"""One notification policy, driven by stack config, for the engine smoke test."""

import pulumi

from pingone_notifications import NotificationPolicy

config = pulumi.Config("smoke")
policy = NotificationPolicy(
    "smoke-policy",
    environment_id=config.require("environmentId"),
    name=config.require("policyName"),
    quotas=[{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": config.require_int("userQuota")}],
)
pulumi.export("policy_id", policy.id)
pulumi.export("quotas", policy.quotas)
