"""Resources from stack config: ``test:resources`` is a list of {type, name, args}.

A string "@name" anywhere in args stands for the id of the resource called ``name`` declared earlier.
Every resource's outputs are exported under its name.
"""

from typing import Any

import pulumi

from pingone_notifications import (
    NotificationPolicy,
    NotificationsSettings,
    NotificationTemplateContent,
    PhoneDeliverySettings,
)

TYPES: dict[str, Any] = {
    "NotificationPolicy": NotificationPolicy,
    "NotificationsSettings": NotificationsSettings,
    "NotificationTemplateContent": NotificationTemplateContent,
    "PhoneDeliverySettings": PhoneDeliverySettings,
}
created: dict[str, Any] = {}


def resolve(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return created[value[1:]].id
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


for spec in pulumi.Config("test").require_object("resources"):
    resource = TYPES[spec["type"]](spec["name"], **resolve(spec.get("args", {})))
    created[spec["name"]] = resource
    pulumi.export(spec["name"], resource.id)
