"""Engine-test harness: the `resources` project on a real stack against a fresh emulator environment."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
import yaml
from pulumi import automation as auto

from pingone_notifications.client import PingOneClient
from pingone_notifications.config import resolve_connection
from pingone_notifications.testing import EmulatorProcess, PulumiStack

PROJECT = Path(__file__).parent / "projects" / "resources"
PROJECT_NAME = str(yaml.safe_load((PROJECT / "Pulumi.yaml").read_text())["name"])
TOKEN_PATH = "/as/token"
# The sender addresses the tests use, trusted in each test environment (seed 003: from/replyTo addresses "must be
# a trusted email address").
TRUSTED_EMAILS = ["no@acme.example", "help@acme.example", "noreply@acme.example", "support@acme.example"]


# what a run's summary counts as a change (the rest: "same")
CHANGED = {"update", "create", "delete", "replace", "create-replacement", "delete-replaced"}


def changes(summary: dict[str, int]) -> dict[str, int]:
    """A run's summary without its unchanged count."""
    return {k: v for k, v in summary.items() if k in CHANGED}


def kill_run(runner: subprocess.Popen[Any]) -> int:
    """kill -9 a running `pulumi` and everything it started: the CLI starts its plugins in their own process
    groups, so every descendant is killed, then the CLI's own group. Returns how many processes that was."""
    descendants = psutil.Process(runner.pid).children(recursive=True)
    for proc in descendants:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    os.killpg(runner.pid, signal.SIGKILL)
    runner.wait(timeout=30)
    psutil.wait_procs(descendants, timeout=10)
    return len(descendants) + 1


class Harness:
    def __init__(self, emulator: EmulatorProcess, stack: PulumiStack, env: dict[str, Any], app: dict[str, Any]):
        self.emulator = emulator
        self.stack = stack
        self.env = env
        self.app = app
        config = {k: (v.value if isinstance(v, auto.ConfigValue) else v) for k, v in emulator.stack_config(app).items()}
        self.api = PingOneClient(resolve_connection(None, config, {}))

    @property
    def env_id(self) -> str:
        return str(self.env["id"])

    def declare(self, *resources: dict[str, Any], secret: bool = False) -> None:
        """Set the program's resources (each {type, name, args}; environment_id defaults to this env).

        ``secret``: store the declaration as secret config (when it holds credentials: stack config itself is
        recorded, encrypted only if secret, as the inputs of the default pulumi-python provider)."""
        specs = [{**r, "args": {"environment_id": self.env_id, **r.get("args", {})}} for r in resources]
        self.stack.stack.set_config("test:resources", auto.ConfigValue(json.dumps(specs), secret=secret))

    def live(self, kind: str) -> list[dict[str, Any]]:
        return self.emulator.objects(self.env_id, kind)

    def custom_contents(self) -> list[dict[str, Any]]:
        return [c for c in self.live("content") if not c["default"]]

    def writes_since(self, seq: int) -> list[tuple[str, str]]:
        return [
            (r["method"], r["path"])
            for r in self.emulator.requests(seq)
            if r["method"] != "GET" and TOKEN_PATH not in r["path"]
        ]

    def path(self, suffix: str) -> str:
        return f"/environments/{self.env_id}{suffix}"

    @contextmanager
    def no_writes(self) -> Iterator[None]:
        seq = self.emulator.last_seq()
        yield
        assert self.writes_since(seq) == [], "this operation must not write to PingOne"

    def close(self) -> None:
        self.api.close()
        self.stack.close()


@contextmanager
def harness(
    emulator: EmulatorProcess,
    *,
    env_type: str = "PRODUCTION",
    region: str = "NA",
    stack_name: str = "test",
    previews_only: bool = False,
) -> Iterator[Harness]:
    """A stack of the ``resources`` project in a new environment. ``previews_only``: for a stack that is only
    ever previewed, so never holds anything: no empty ``up`` first, no ``destroy`` after."""
    env = emulator.add_environment(region=region, env_type=env_type, trusted_emails=TRUSTED_EMAILS)
    app = emulator.add_worker_app(env["id"])
    # An out-of-band deletion seconds after a create looks like PingOne's eventual consistency, which the provider
    # waits out for pingone:settleSeconds (30 by default): a short window keeps those drift tests quick.
    config = {**emulator.stack_config(app), "test:resources": "[]", "pingone:settleSeconds": "1"}
    stack = PulumiStack.for_project(PROJECT, stack_name, config=config)
    h = Harness(emulator, stack, env, app)
    try:
        if not previews_only:
            # The stack resource first, so later summaries count only the test's resources: imported (one CLI
            # call, ~0.3 s) as the state an empty `up` leaves (an engine run with the program, ~2 s).
            stack_urn = f"urn:pulumi:{stack_name}::{PROJECT_NAME}::pulumi:pulumi:Stack::{PROJECT_NAME}-{stack_name}"
            stack.stack.import_stack(auto.Deployment(version=3, deployment={
                "resources": [{"urn": stack_urn, "custom": False, "type": "pulumi:pulumi:Stack"}]}))  # fmt: skip
        yield h
    finally:
        try:
            if not previews_only:
                stack.destroy()
        finally:
            h.close()
