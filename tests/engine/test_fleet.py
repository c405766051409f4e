"""A fleet of stacks on a shared PostgreSQL state backend, run with typed ``pulumi`` commands and
``pingone-notifications fleet``: parallel runs with a summary, the backend's stack lock, cross-stack ownership.

The backend is a real PostgreSQL server (pgserver) and the pinned CLI's DIY ``postgres://`` backend.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pingone_notifications.testing import EmulatorProcess

from .fleet_harness import Fleet, Postgres, postgres_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fleet-ci"

pytestmark = pytest.mark.engine
_databases = itertools.count()


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server


@pytest.fixture
def fleet(postgres: Postgres, emulator: EmulatorProcess, tmp_path: Path, pulumi_cli: Path) -> Fleet:
    return Fleet(postgres.database(f"fleet_{next(_databases)}"), emulator, tmp_path)


def environments(emulator: EmulatorProcess, fleet: Fleet, count: int) -> list[str]:
    """``count`` production environments, one worker app (its credentials in the job's env) for all."""
    envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in range(count)]
    fleet.connect(emulator.add_worker_app(envs[0], environments=envs))
    return envs


def table(output: str) -> dict[str, tuple[str, str]]:
    """The summary table's rows: stack -> (result, changes)."""
    rows = {}
    for line in output.splitlines():
        match = re.match(r"^(\S+)\s+(ok|failed|locked)\s+(.+?)\s+\d+\.\d$", line)
        if match:
            rows[match[1]] = (match[2], match[3])
    return rows


def custom_contents(emulator: EmulatorProcess, env: str) -> list[dict[str, Any]]:
    return [c for c in emulator.objects(env, "content") if not c["default"]]


def test_small_fleet_runs_in_parallel_with_a_summary_and_fails_loudly(
    emulator: EmulatorProcess, fleet: Fleet, figures: Any
) -> None:
    envs = environments(emulator, fleet, 4)
    for i, env in enumerate(envs):
        fleet.add_stack(f"prod-{i}", {"environmentId": env, "objects": 3, "manageSettings": True})

    preview = fleet.fleet("preview", "--jobs", "4")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "ownership check: 0 PingOne objects in 4 stacks" in preview.stdout
    assert table(preview.stdout) == {f"prod-{i}": ("ok", "create 5") for i in range(4)}  # stack + 3 + settings

    # The four jobs share one PingOne license's rate limit (pingone-api-contract.md §4.3): the provider waits
    # out the 429s and every stack converges.
    emulator.set_rate_limit(6)
    seq = emulator.last_seq()
    try:
        up = fleet.fleet("up", "--jobs", "4")
    finally:
        limited = emulator.rate_limit_status()["limited_total"]
        emulator.set_rate_limit(0)
    assert up.returncode == 0, up.stdout + up.stderr
    answered_429 = sum(1 for r in emulator.requests(seq) if r["status"] == 429)
    assert answered_429 == limited > 0
    figures("small fleet (4 stacks x 5 objects, 6 req/s)", answered_429=answered_429, up=up.stdout.splitlines()[-2])
    assert table(up.stdout) == {f"prod-{i}": ("ok", "create 5") for i in range(4)}
    assert "4 of 4 stacks ok" in up.stdout
    for env in envs:  # every object once: no duplicate from a retried create
        assert sorted(c["variant"] + c["locale"] for c in custom_contents(emulator, env)) == ["v0de", "v0en", "v0fr"]
    listed = json.loads(fleet.pulumi("stack", "ls", "--json").stdout)
    assert {s["name"]: s["resourceCount"] for s in listed} == {f"prod-{i}": 6 for i in range(4)}  # + provider

    # One stack now points at an environment that does not exist: that stack fails, the others show no
    # changes, and the exit status says something failed.
    fleet.set_config("prod-3", "environmentId", "4b3cbd3e-0000-4000-8000-000000000000")
    broken = fleet.fleet("preview", "--jobs", "4")
    assert broken.returncode == 1
    rows = table(broken.stdout)
    assert rows["prod-3"][0] == "failed"
    assert {k: v for k, v in rows.items() if k != "prod-3"} == {f"prod-{i}": ("ok", "no changes") for i in range(3)}
    assert "3 of 4 stacks ok, 1 failed" in broken.stdout
    assert "prod-3 failed (exit" in broken.stdout
    assert "4b3cbd3e-0000-4000-8000-000000000000" in broken.stdout  # the error itself is shown


def test_second_concurrent_up_of_a_stack_is_refused_by_the_lock_and_a_retry_loses_nothing(
    emulator: EmulatorProcess, fleet: Fleet
) -> None:
    (env,) = environments(emulator, fleet, 1)
    fleet.add_stack("prod", {"environmentId": env, "objects": 6})
    emulator.set_faults(latency_ms=3000)  # each call takes 3 s: the first run holds the lock for a while
    try:
        seq = emulator.last_seq()
        first = fleet.popen("up", "--stack", "prod", "--yes", "--skip-preview")
        # The request log records a call when it ends: once the first run's token request is logged, it holds
        # the stack's lock (taken before the program starts) and has at least one 3-second call left.
        deadline = time.monotonic() + 120
        while not emulator.requests(seq):
            assert first.poll() is None, first.communicate()[0]
            assert time.monotonic() < deadline, "the first up never called PingOne"
            time.sleep(0.1)
        fleet.set_config("prod", "objects", 8)  # the second run would add two objects
        started = time.monotonic()
        second = fleet.pulumi("up", "--stack", "prod", "--yes", "--skip-preview", check=False)
        assert first.poll() is None, (
            f"the first up must still be running while the second is refused ({time.monotonic() - started:.1f} s):"
            f"\n{second.stdout}\n{second.stderr}"
        )
        assert second.returncode != 0
        assert "the stack is currently locked" in second.stdout + second.stderr
        output, _ = first.communicate(timeout=300)
        assert first.returncode == 0, output
    finally:
        emulator.clear_faults()
    before = {c["id"] for c in custom_contents(emulator, env)}
    assert len(before) == 6  # the refused run wrote nothing

    retry = fleet.pulumi("up", "--stack", "prod", "--yes", "--skip-preview", "--json")
    assert '"resourceChanges":{"create":2' in retry.stdout.replace(" ", "")
    after = {c["id"] for c in custom_contents(emulator, env)}
    assert len(after) == 8
    assert before < after  # the first run's objects kept, the two new ones added
    state = json.loads(fleet.pulumi("stack", "export", "--stack", "prod").stdout)["deployment"]["resources"]
    assert {r["id"] for r in state if r["type"].endswith("NotificationTemplateContent")} == after


def test_ownership_conflict_is_reported_and_stops_the_fleet(emulator: EmulatorProcess, fleet: Fleet) -> None:
    """Two stacks that both manage one environment's notifications settings overwrite each other on every
    ``up``, and neither preview says so: ``fleet check`` finds it in the backend, ``fleet up`` stops on it."""
    shared, other = environments(emulator, fleet, 2)
    fleet.add_stack("team-a", {"environmentId": shared, "objects": 1, "manageSettings": True})
    fleet.add_stack("team-b", {"environmentId": shared, "manageSettings": True})
    fleet.add_stack("team-c", {"environmentId": other, "objects": 1, "manageSettings": True})
    for stack in ("team-a", "team-b", "team-c"):
        fleet.pulumi("up", "--stack", stack, "--yes", "--skip-preview")

    check = fleet.fleet("check")
    assert check.returncode == 1, check.stdout + check.stderr
    settings_id = shared  # one settings object per environment (seed 003): the resource's ID is the environment's
    assert (
        f"CONFLICT: NotificationsSettings the environment's notifications settings (id {settings_id}) "
        f"in environment {shared} is managed by 2 stacks: organization/fleet/team-a, organization/fleet/team-b"
    ) in check.stdout
    assert "stack organization/fleet/team-a: pulumi-python:dynamic/pingone:NotificationsSettings::settings" in (
        check.stdout
    )
    assert "stack organization/fleet/team-b: pulumi-python:dynamic/pingone:NotificationsSettings::settings" in (
        check.stdout
    )
    assert "team-c" not in check.stdout  # its own environment: no conflict
    assert check.stdout.count("CONFLICT") == 1  # the template contents differ: only the settings are shared

    as_json = json.loads(fleet.fleet("check", "--json").stdout)
    assert [(c["kind"], c["environment_id"], c["stacks"]) for c in as_json] == [
        ("NotificationsSettings", shared, ["organization/fleet/team-a", "organization/fleet/team-b"])
    ]

    seq = emulator.last_seq()
    up = fleet.fleet("up")
    assert up.returncode == 1
    assert "stopped: resolve the conflicts above first" in up.stderr
    assert emulator.requests(seq) == []  # no stack ran

    # Resolved the documented way: team-b lets go of the settings without touching them in PingOne.
    fleet.pulumi("state", "delete", "--stack", "team-b", "--yes",
                 "urn:pulumi:team-b::fleet::pulumi-python:dynamic/pingone:NotificationsSettings::settings")  # fmt: skip
    assert fleet.fleet("check").returncode == 0


def test_fleet_ci_example(postgres: Postgres, emulator: EmulatorProcess, tmp_path: Path, pulumi_cli: Path) -> None:
    """examples/fleet-ci: its workflow's matrix is exactly the project's stacks, and its program, one stack per
    region with that region's worker app (the secret from the environment, as CI passes it), runs as a fleet."""
    workflow = yaml.safe_load((EXAMPLE / "workflow.yml").read_text())
    matrix = workflow["jobs"]["stack"]["strategy"]["matrix"]["stack"]
    assert sorted(matrix) == sorted(p.name.split(".")[1] for p in EXAMPLE.glob("Pulumi.*.yaml"))
    assert workflow["jobs"]["stack"]["needs"] == "ownership"
    assert "fleet check" in json.dumps(workflow["jobs"]["ownership"])

    fleet = Fleet(postgres.database(f"fleet_{next(_databases)}"), emulator, tmp_path, project=EXAMPLE)
    secrets, envs = {}, {}
    for stack in ("prod-na", "prod-eu"):
        example = yaml.safe_load((EXAMPLE / f"Pulumi.{stack}.yaml").read_text())["config"]
        region = example["pingone:regionCode"]
        envs[stack] = emulator.add_environment(region=region, env_type="PRODUCTION")["id"]
        app = emulator.add_worker_app(envs[stack])
        secrets[stack] = app["client_secret"]
        fleet.add_stack(stack, {**example, "pingone:environmentId": app["environment_id"],
                                "pingone:clientId": app["client_id"], "fleet:environmentId": envs[stack],
                                "pingone:apiUrl": emulator.api_url, "pingone:authUrl": emulator.auth_url})  # fmt: skip
    for stack in ("prod-na", "prod-eu"):
        fleet.env["PINGONE_CLIENT_SECRET"] = secrets[stack]
        run = fleet.fleet("up", "--stack", stack)
        assert run.returncode == 0, run.stdout + run.stderr
    locales = {stack: sorted(c["locale"] for c in custom_contents(emulator, env)) for stack, env in envs.items()}
    assert locales == {"prod-na": ["en", "es"], "prod-eu": ["de", "en", "fr"]}
    assert fleet.fleet("check").returncode == 0
