"""One stack of a fleet: ``fleet:objects`` SMS template contents in the environment ``fleet:environmentId``
and, with ``fleet:manageSettings``, that environment's notifications settings (what two stacks must not both
manage)."""

import pulumi

from pingone_notifications import NotificationsSettings, NotificationTemplateContent

LOCALES = ["en", "fr", "de", "es", "it", "nl", "pl", "pt"]

config = pulumi.Config("fleet")
environment_id = config.require("environmentId")
for i in range(config.get_int("objects") or 0):
    NotificationTemplateContent(
        f"c{i}",
        environment_id=environment_id,
        template_name="general",
        delivery_method="SMS",
        locale=LOCALES[i % len(LOCALES)],
        variant=f"v{i // len(LOCALES)}",
        content=f"Message {i} for ${{user.name.given}}",
    )
if config.get_bool("manageSettings"):
    NotificationsSettings("settings", environment_id=environment_id, delivery_mode="ALL")
