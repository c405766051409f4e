"""One stack, two regions: a North American and a European environment, each managed by its own region's
worker app (a per-environment `connection`), with the same notification design.

Config: `na` and `eu` objects ({environmentId, workerEnvironmentId, clientId}) and the secrets
`naClientSecret`, `euClientSecret`. API/auth URL overrides, if any (the emulator), come from pingone:apiUrl /
pingone:authUrl and apply to both regions through their {region} placeholder.
"""

import pulumi

from pingone_notifications.components import EnvironmentNotifications

config = pulumi.Config()
DESIGN = {
    "policy": {"name": "Acme", "quotas": [{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 10}]},
    "settings": {"restrictions": {"sms_voice_quota": {"daily": 20}}, "delivery_mode": "ALL"},
    "templates": {
        "strong_authentication": {
            "en": {"SMS": {"content": "Acme code: ${otp}"}, "Email": {"subject": "Acme code", "body": "${otp}"}},
            "fr": {"SMS": {"content": "Code Acme : ${otp}"}},
        },
    },
}

for region in ("na", "eu"):
    site = config.require_object(region)
    env = EnvironmentNotifications(
        region,
        environment_id=site["environmentId"],
        connection={
            "region_code": region.upper(),
            "environment_id": site["workerEnvironmentId"],
            "client_id": site["clientId"],
            "client_secret": config.require_secret(f"{region}ClientSecret"),
        },
        **DESIGN,
    )
    pulumi.export(f"{region}_policy_id", env.policy_id)
    pulumi.export(f"{region}_content_ids", env.content_ids)
