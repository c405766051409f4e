"""One stack of the fleet: the notifications of one PingOne environment, in one tier and one region.

Stack config (``Pulumi.<tier>-<region>.yaml``): ``pingone:regionCode``, ``pingone:environmentId`` and
``pingone:clientId`` (the region's worker app), ``fleet:environmentId`` (the environment managed),
``fleet:deliveryMode`` (default ``ALL``; a SANDBOX environment needs ``WHITELIST``), ``fleet:sender`` and
``fleet:locales``. The worker app's secret is not in any file: CI
passes it from its secret store as ``PINGONE_CLIENT_SECRET``.
"""

import pulumi

from pingone_notifications.components import EnvironmentNotifications

config = pulumi.Config("fleet")
sender = config.get("sender") or "Acme"
messages = {
    "en": f"Your {sender} code is ${{otp}}",
    "fr": f"Votre code {sender} est ${{otp}}",
    "de": f"Ihr {sender}-Code lautet ${{otp}}",
    "es": f"Tu codigo de {sender} es ${{otp}}",
}
locales = config.get_object("locales") or ["en"]

notifications = EnvironmentNotifications(
    pulumi.get_stack(),
    environment_id=config.require("environmentId"),
    settings={"delivery_mode": config.get("deliveryMode") or "ALL"},
    templates={
        "strong_authentication": {
            locale: {"SMS": {"content": messages[locale], "sender": sender}} for locale in locales
        }
    },
)
pulumi.export("content_ids", notifications.content_ids)
