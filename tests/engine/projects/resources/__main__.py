"""Resources from stack config: ``test:resources`` is a list of {type, name, args}.

A string "@name" anywhere in args stands for the id of the resource called ``name`` declared earlier. A spec with
``get`` instead of ``args`` references an existing object read-only: ``Type.get(name, **get)``.
Every resource's outputs are exported under its name.
"""

import json
from typing import Any

import pulumi

from pingone_notifications import (
    NotificationPolicy,
    NotificationsSettings,
    NotificationTemplateCatalog,
    NotificationTemplateContent,
    PhoneDeliverySettings,
)

TYPES: dict[str, Any] = {
    "NotificationPolicy": NotificationPolicy,
    "NotificationsSettings": NotificationsSettings,
    "NotificationTemplateCatalog": NotificationTemplateCatalog,
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


config = pulumi.Config("test")
# large declarations (benchmarks) come from a file: a config value travels on the command line
source = config.get("resourcesFile")
specs = json.loads(open(source).read()) if source else config.require_object("resources")  # noqa: SIM115
for spec in specs:
    if "get" in spec:
        resource = TYPES[spec["type"]].get(spec["name"], **resolve(spec["get"]))
    else:
        resource = TYPES[spec["type"]](spec["name"], **resolve(spec.get("args", {})))
    created[spec["name"]] = resource
    pulumi.export(spec["name"], resource.id)
    if config.get_bool("exportResources"):  # every output of the resource (the secrets test at -v=9)
        pulumi.export(f"{spec['name']}Resource", resource)
