"""Reading what one environment holds: custom template contents, notification policies (the default one
included), phone delivery settings and the notifications settings. Reads only (GET)."""

from __future__ import annotations

from typing import Any

from ..client import PingOneClient
from ..resources.template_content import TEMPLATE_NAMES
from .objects import Snapshot

__all__ = ["read_environment"]


def read_environment(client: PingOneClient, environment_id: str) -> Snapshot:
    base = f"/environments/{environment_id}"
    contents: list[dict[str, Any]] = []
    for name in TEMPLATE_NAMES:
        for item in client.paged(
            f"{base}/templates/{name}/contents",
            "contents",
            context=f"export: read the {name} contents of environment {environment_id}",
        ):
            if item.get("default"):
                continue
            contents.append({**item, "template": {"id": name}})
    policies = list(
        client.paged(
            f"{base}/notificationsPolicies",
            "notificationsPolicies",
            context=f"export: read the notification policies of environment {environment_id}",
        )
    )
    phone = list(
        client.paged(
            f"{base}/notificationsSettings/phoneDeliverySettings",
            "phoneDeliverySettings",
            context=f"export: read the phone delivery settings of environment {environment_id}",
        )
    )
    settings = client.get(
        f"{base}/notificationsSettings",
        context=f"export: read the notifications settings of environment {environment_id}",
    )
    return Snapshot(environment_id, contents, policies, phone, settings)
