"""The fleet's pure parts: which objects a stack's state manages, conflicts between stacks, pulumi's JSON output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pingone_notifications.fleet import (
    StackRun,
    find_conflicts,
    format_conflicts,
    format_runs,
    managed_objects,
    read_json_output,
)

ENV = "5d0c0d6a-0000-4000-8000-000000000001"
OTHER = "5d0c0d6a-0000-4000-8000-000000000002"


def resource(stack: str, kind: str, logical: str, id_: str, **outputs: Any) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:{stack}::fleet::pulumi-python:dynamic/pingone:{kind}::{logical}",
        "type": f"pulumi-python:dynamic/pingone:{kind}",
        "id": id_,
        "custom": True,
        "outputs": {"environment_id": ENV, **outputs},
    }


def deployment(*resources: dict[str, Any]) -> dict[str, Any]:
    stack = {"urn": "urn:pulumi:s::fleet::pulumi:pulumi:Stack::fleet-s", "type": "pulumi:pulumi:Stack", "custom": False}
    return {"version": 3, "deployment": {"resources": [stack, *resources]}}


def test_only_our_resources_count_and_pending_deletes_do_not() -> None:
    dep = deployment(
        resource("a", "NotificationPolicy", "p", "pol-1", name="Production"),
        {**resource("a", "NotificationPolicy", "old", "pol-0", name="Old"), "delete": True},
    )
    [obj] = managed_objects("a", dep)
    assert (obj.kind, obj.object_id, obj.natural_key, obj.resource) == (
        "NotificationPolicy",
        "pol-1",
        "policy name 'Production'",
        "pulumi-python:dynamic/pingone:NotificationPolicy::p",
    )


def test_same_id_or_same_natural_key_in_two_stacks_is_a_conflict_naming_both() -> None:
    a = managed_objects("org/fleet/a", deployment(
        resource("a", "NotificationsSettings", "settings", ENV),
        resource("a", "NotificationPolicy", "p", "pol-1", name="Production"),
        resource("a", "NotificationTemplateContent", "c", "c-1", template_name="general", delivery_method="SMS",
                 locale="en", variant="v0"),
    ))  # fmt: skip
    b = managed_objects("org/fleet/b", deployment(
        resource("b", "NotificationsSettings", "env-settings", ENV),
        # the same policy name in the same environment, other ID (PingOne's names are case-insensitive)
        resource("b", "NotificationPolicy", "q", "pol-2", name="PRODUCTION"),
        resource("b", "NotificationTemplateContent", "c", "c-2", template_name="general", delivery_method="SMS",
                 locale="fr", variant="v0"),
    ))  # fmt: skip
    c = managed_objects(
        "org/fleet/c",
        deployment(
            {**resource("c", "NotificationsSettings", "settings", OTHER), "outputs": {"environment_id": OTHER}},
        ),
    )
    conflicts = find_conflicts([*a, *b, *c])
    assert [(x.kind, x.stacks) for x in conflicts] == [
        ("NotificationPolicy", ["org/fleet/a", "org/fleet/b"]),
        ("NotificationsSettings", ["org/fleet/a", "org/fleet/b"]),
    ]
    report = format_conflicts(conflicts)
    assert "policy name 'Production' (id pol-1, pol-2)" in report
    assert "stack org/fleet/b: pulumi-python:dynamic/pingone:NotificationsSettings::env-settings" in report
    assert "pulumi state delete" in report


def test_one_stack_alone_has_no_conflict() -> None:
    objs = managed_objects("a", deployment(resource("a", "NotificationsSettings", "settings", ENV)))
    assert find_conflicts(objs) == []


def test_changes_and_errors_from_preview_and_up_json() -> None:
    preview = {"steps": [], "changeSummary": {"create": 5, "same": 1},
               "diagnostics": [{"severity": "error", "message": "bad property\n"}, {"severity": "info"}]}  # fmt: skip
    assert read_json_output(json.dumps(preview)) == ({"create": 5, "same": 1}, ["bad property"])
    events = [
        {"diagnosticEvent": {"severity": "debug", "message": "x"}},
        {"diagnosticEvent": {"severity": "error", "message": "update failed\n"}},
        {"summaryEvent": {"resourceChanges": {"update": 2}, "result": "failed"}},
    ]
    assert read_json_output("\n".join(json.dumps(e) for e in events)) == ({"update": 2}, ["update failed"])


def test_summary_table() -> None:
    runs = [
        StackRun("prod-na", "up", "ok", {"create": 3, "same": 1}, 4.25, Path("x"), 0),
        StackRun("prod-eu", "up", "locked", {}, 0.5, Path("y"), 255),
    ]
    assert format_runs(runs).splitlines() == [
        "stack    result  changes     seconds",
        "prod-na  ok      create 3    4.2",
        "prod-eu  locked  no changes  0.5",
        "1 of 2 stacks ok, 1 failed",
    ]
