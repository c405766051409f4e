"""Issue 17 item 2: ``Resource.get(name, id, opts, *, environment_id, ...)`` references an existing PingOne object
read-only, in Pulumi's usual form: its outputs are readable, nothing is written, and ``pulumi destroy`` leaves
it in PingOne (the engine reads an external resource through the provider's ``read``; it never deletes one)."""

from __future__ import annotations

from pulumi import automation as auto

from .harness import Harness


def test_get_reads_existing_objects_without_managing_them(h: Harness) -> None:
    # made outside Pulumi (in the admin console, say)
    policy = h.api.create(
        h.path("/notificationsPolicies"),
        {"name": "Made by hand", "quotas": [{"type": "USER", "deliveryMethods": ["SMS", "Voice"], "total": 7}]},
        lookup=lambda: None,
    )
    content = h.api.create(
        h.path("/templates/general/contents"),
        {"locale": "de", "deliveryMethod": "SMS", "content": "Hallo ${user.username}", "sender": "Acme"},
        lookup=lambda: None,
    )
    h.stack.stack.set_config("test:exportResources", auto.ConfigValue("true"))
    h.declare(
        {"type": "NotificationPolicy", "name": "handmade", "get": {"id": policy["id"], "environment_id": h.env_id}},
        {
            "type": "NotificationTemplateContent",
            "name": "greeting",
            "get": {"id": content["id"], "environment_id": h.env_id, "template_name": "general"},
        },
    )
    with h.no_writes():
        result = h.stack.up()
    assert not {"create", "update", "delete", "replace"} & set(result.summary.resource_changes or {})
    outputs = h.stack.stack.outputs()
    read_policy, read_content = outputs["handmadeResource"].value, outputs["greetingResource"].value
    assert (outputs["handmade"].value, read_policy["name"]) == (policy["id"], "Made by hand")
    assert read_policy["quotas"] == [{"type": "USER", "delivery_methods": ["SMS", "Voice"], "total": 7}]
    assert (read_content["locale"], read_content["content"], read_content["sender"]) == (
        "de",
        "Hallo ${user.username}",
        "Acme",
    )
    assert read_content["template_name"] == "general"

    with h.no_writes():
        h.stack.destroy()
    assert [p["id"] for p in h.live("policy") if p["name"] == "Made by hand"] == [policy["id"]]
    assert [c["id"] for c in h.custom_contents()] == [content["id"]]
