"""Send — or dry-run — a test notification through a template and a policy, as a flow's Notifications
connector would (Send Email / SMS / Voice), and see what was rendered and which providers would carry it.

The endpoint is the emulator's ``POST /environments/{envId}/notifications`` (the documents do not name the
one behind the connector; see emulator/README.md). Against a real tenant, use ``dry_run=False`` only where
that endpoint exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .client import PingOneClient
from .config import Connection

__all__ = ["format_result", "send"]


def send(
    connection: Connection,
    environment_id: str,
    *,
    delivery_method: str,
    user_id: str,
    email: str | None = None,
    phone: str | None = None,
    template: str = "general",
    variant: str | None = None,
    locale: str | None = None,
    variables: Mapping[str, str] | None = None,
    policy_id: str | None = None,
    dry_run: bool = True,
    client: PingOneClient | None = None,
) -> dict[str, Any]:
    """The service's answer (the connector's ``rawResponse``, plus ``locale``, ``providers``, ``status``)."""
    body: dict[str, Any] = {
        "user": {"id": user_id},
        "deliveryMethod": delivery_method,
        "sendSync": True,
        "dryRun": dry_run,
        "template": {"name": template, "variables": dict(variables or {})},
    }
    if email is not None:
        body["email"] = email
    if phone is not None:
        body["phone"] = phone
    if variant:
        body["template"]["variant"] = variant
    if locale:
        body["template"]["locale"] = locale
    if policy_id:
        body["policy"] = {"id": policy_id}
    own = client is None
    client = client or PingOneClient(connection)
    try:
        response = client.request(
            "POST",
            f"/environments/{environment_id}/notifications",
            json=body,
            context=f"send a test {delivery_method} in environment {environment_id}",
        )
        result: dict[str, Any] = response.json()
        return result
    finally:
        if own:
            client.close()


def format_result(result: Mapping[str, Any]) -> str:
    """A readable summary: what the recipient gets, and the provider order."""
    method = result.get("deliveryMethod")
    lines = [
        f"{method} ({result.get('status', '?')}, template {result.get('template', {}).get('name')}, "
        f"locale {result.get('locale')}, policy {result.get('policy', {}).get('id')})"
    ]
    if method == "Email":
        lines += [
            f"  to:      {result.get('address')}",
            f"  from:    {result.get('from')}",
            f"  subject: {result.get('subject')}",
            f"  body:    {result.get('body')}",
        ]
    else:
        lines += [
            f"  to:      {result.get('phone')} ({result.get('country')})",
            f"  sender:  {result.get('sender')}",
            f"  text:    {result.get('content')}",
        ]
        chain = " -> ".join(f"{p.get('name')} [{p.get('provider')}]" for p in result.get("providers") or [])
        lines.append(f"  via:     {chain}")
    return "\n".join(lines)
