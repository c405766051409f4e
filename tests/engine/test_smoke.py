"""Issue 2: a dynamic resource from the package through the real pulumi CLI and engine.

up -> preview (no changes) -> update -> refresh (after an out-of-band change) -> destroy, on a file backend.
"""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

PROJECT = Path(__file__).parent / "projects" / "smoke"


def test_cli_is_the_pinned_version(pulumi_cli: Path) -> None:
    pinned = (Path(__file__).parents[2] / "toolchain" / "PULUMI_VERSION").read_text().strip()
    out = subprocess.run([str(pulumi_cli / "pulumi"), "version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"v{pinned}"
    assert version("pulumi") == pinned, "the pulumi Python SDK must match the CLI version"


def test_lifecycle(pulumi_cli: Path, emulator: EmulatorProcess, sandbox: dict[str, Any]) -> None:
    env_id = sandbox["env"]["id"]
    config = {**sandbox["config"], "smoke:environmentId": env_id, "smoke:policyName": "Smoke", "smoke:userQuota": "5"}
    with PulumiStack.for_project(PROJECT, "smoke", config=config) as stack:
        up = stack.up()
        assert up.summary.resource_changes == {"create": 2}
        policy_id = up.outputs["policy_id"].value
        live = [p for p in emulator.objects(env_id, "policy") if p["id"] == policy_id]
        assert live
        assert live[0]["quotas"][0]["total"] == 5

        seq = emulator.last_seq()
        preview = stack.preview()
        assert preview.change_summary == {"same": 2}
        writes = [r for r in emulator.requests(seq) if r["method"] != "GET" and "/as/token" not in r["path"]]
        assert writes == [], "a no-op preview must not write"

        stack.stack.set_config("smoke:userQuota", auto.ConfigValue("7"))
        up2 = stack.up()
        assert up2.summary.resource_changes == {"same": 1, "update": 1}
        assert up2.outputs["policy_id"].value == policy_id, "an in-place update keeps the object"
        assert next(p for p in emulator.objects(env_id, "policy") if p["id"] == policy_id)["quotas"][0]["total"] == 7

        refresh = stack.refresh()
        assert refresh.summary.resource_changes == {"same": 2}

        destroy = stack.destroy()
        assert destroy.summary.resource_changes == {"delete": 2}
        assert [p for p in emulator.objects(env_id, "policy") if p["id"] == policy_id] == []
