"""Issue 7 through the real CLI: injected faults, interrupted runs, token expiry mid-run."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

from .harness import PROJECT, kill_run

LOCALES = ["en", "fr", "de", "es", "it", "nl", "pl", "pt"]


def design(env_id: str, prefix: str, contents: int = 40, providers: int = 5, policies: int = 4) -> list[dict[str, Any]]:
    """`contents` + `providers` + `policies` + 1 settings objects for one environment."""
    out: list[dict[str, Any]] = []
    for i in range(providers):
        out.append(
            {
                "type": "PhoneDeliverySettings",
                "name": f"{prefix}-gw{i}",
                "args": {
                    "environment_id": env_id,
                    "provider": "CUSTOM_PROVIDER",
                    "name": f"Gateway {i}",
                    "authentication": {"method": "BASIC", "username": "u", "password": f"pw-{i}"},
                    "requests": [
                        {
                            "delivery_method": "SMS",
                            "method": "POST",
                            "url": f"https://gw{i}.example.com/sms",
                            "body": "to=${to}&m=${message}",
                        }
                    ],
                },
            }
        )
    for i in range(policies):
        out.append(
            {
                "type": "NotificationPolicy",
                "name": f"{prefix}-policy{i}",
                "args": {
                    "environment_id": env_id,
                    "name": f"Policy {i}",
                    "quotas": [{"type": "USER", "total": 5 + i}],
                    "provider_configuration": {"conditions": [{"fallback_chain": [f"@{prefix}-gw{i}"]}]},
                },
            }
        )
    out.append(
        {
            "type": "NotificationsSettings",
            "name": f"{prefix}-settings",
            "args": {
                "environment_id": env_id,
                "delivery_mode": "ALL",
                "restrictions": {"sms_voice_quota": {"daily": 20}},
                "sms_providers_fallback_chain": [f"@{prefix}-gw0", "PINGONE_TWILIO"],
            },
        }
    )
    for i in range(contents):
        locale, variant = LOCALES[i % len(LOCALES)], f"v{i // len(LOCALES)}"
        out.append(
            {
                "type": "NotificationTemplateContent",
                "name": f"{prefix}-c{i}",
                "args": {
                    "environment_id": env_id,
                    "template_name": "general",
                    "locale": locale,
                    "delivery_method": "SMS",
                    "variant": variant,
                    "content": f"Message {i} for ${{user.name.given}}",
                },
            }
        )
    return out


class Fleet:
    """Two production environments, one worker app, and a stack of the `resources` project."""

    def __init__(self, emulator: EmulatorProcess, stack_name: str, root: Path) -> None:
        self.emulator = emulator
        self.state_dir, self.home = root / "state", root / "home"
        self.envs = [emulator.add_environment(region="NA", env_type="PRODUCTION") for _ in range(2)]
        admin = emulator.add_environment(region="NA", env_type="PRODUCTION")
        self.app = emulator.add_worker_app(admin["id"], environments=[e["id"] for e in self.envs])
        self.stack = PulumiStack.for_project(
            PROJECT,
            stack_name,
            state_dir=self.state_dir,
            pulumi_home=self.home,
            config={**emulator.stack_config(self.app), "test:resources": "[]"},
        )

    def declare(self, resources: list[dict[str, Any]]) -> None:
        self.stack.stack.set_config("test:resources", auto.ConfigValue(json.dumps(resources), secret=True))

    def assert_converged(self, resources: list[dict[str, Any]]) -> int:
        """The emulator holds exactly the declared objects (no duplicates, no orphans), the state the same."""
        checked = 0
        state_ids = self.state_ids()
        for env in self.envs:
            mine = [r for r in resources if r["args"]["environment_id"] == env["id"]]
            phones = self.emulator.objects(env["id"], "phone")
            assert sorted(p["name"] for p in phones) == sorted(
                r["args"]["name"] for r in mine if r["type"] == "PhoneDeliverySettings"
            )
            policies = [p for p in self.emulator.objects(env["id"], "policy") if not p["default"]]
            assert sorted(p["name"] for p in policies) == sorted(
                r["args"]["name"] for r in mine if r["type"] == "NotificationPolicy"
            )
            contents = [c for c in self.emulator.objects(env["id"], "content") if not c["default"]]
            keys = [(c["locale"], c["variant"]) for c in contents]
            assert len(keys) == len(set(keys)), "no duplicate contents"
            assert sorted(keys) == sorted(
                (r["args"]["locale"], r["args"]["variant"]) for r in mine if r["type"] == "NotificationTemplateContent"
            )
            live_ids = {o["id"] for o in [*phones, *policies, *contents]}
            assert live_ids <= state_ids, "every live object is in the stack's state"
            checked += len(live_ids) + 1
        managed = {r for r in state_ids if r not in {e["id"] for e in self.envs}}
        live = {
            o["id"]
            for e in self.envs
            for k in ("phone", "policy", "content")
            for o in self.emulator.objects(e["id"], k)
            if not o.get("default")
        }
        assert managed == live, "every object in the state exists in the emulator"
        return checked

    def state_ids(self) -> set[str]:
        deployment = self.stack.export()
        return {
            r["id"]
            for r in deployment.get("resources", [])
            if r.get("type", "").startswith("pulumi-python:dynamic") and r.get("id")
        }

    def close(self) -> None:
        self.stack.close()


@pytest.fixture
def fleet(
    pulumi_cli: Path, emulator: EmulatorProcess, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Fleet]:
    f = Fleet(emulator, request.node.name.replace("[", "-").replace("]", ""), tmp_path)
    f.stack.up()  # the empty stack first, so summaries count only the declared objects
    yield f
    emulator.clear_faults()
    try:
        f.declare([])
        f.stack.up()
    finally:
        f.close()


def test_up_of_100_objects_under_faults_completes_exactly(
    fleet: Fleet, emulator: EmulatorProcess, figures: Any
) -> None:
    resources = [r for e, p in zip(fleet.envs, ("a", "b"), strict=True) for r in design(e["id"], p)]
    assert len(resources) == 100
    fleet.declare(resources)
    seq = emulator.last_seq()
    emulator.set_faults(
        seed=11, error_rate=0.10, rate_limit_rate=0.10, retry_after=1, ambiguous_write_rate=0.02, drop_rate=0.01
    )
    started = time.monotonic()
    up = fleet.stack.up()
    took = time.monotonic() - started
    injected = emulator.control("GET", "faults")["injected"]
    emulator.clear_faults()
    assert up.summary.resource_changes.get("create") == 100
    checked = fleet.assert_converged(resources)
    log = emulator.requests(seq)
    statuses = Counter(r["status"] for r in log)
    with_faults = fleet.stack.preview()
    assert set(with_faults.change_summary) == {"same"}, "nothing left to do"
    assert injected.get("error", 0) > 0
    assert injected.get("rate_limit", 0) > 0
    # (ambiguous writes at 2% may or may not come up in one run: the next test makes every create ambiguous)
    figures(
        "faults/100-objects",
        seconds=round(took, 1),
        requests=len(log),
        injected=dict(injected),
        answered_503=statuses[503],
        answered_429=statuses[429],
        dropped=statuses[0],
        objects_checked=checked,
    )


def test_every_create_ambiguous_still_creates_each_object_once(
    fleet: Fleet, emulator: EmulatorProcess, figures: Any
) -> None:
    """Each POST is committed and its answer lost: every create must be reconciled by lookup, none repeated."""
    env = fleet.envs[0]["id"]
    resources = [
        r for r in design(env, "x", contents=8, providers=2, policies=2) if r["type"] != "NotificationsSettings"
    ]
    fleet.declare(resources)
    seq = emulator.last_seq()
    emulator.set_faults(ambiguous_write_rate=1.0)
    up = fleet.stack.up()
    injected = emulator.control("GET", "faults")["injected"]
    emulator.clear_faults()
    assert up.summary.resource_changes.get("create") == len(resources)
    posts = [r for r in emulator.requests(seq) if r["method"] == "POST" and "/as/token" not in r["path"]]
    assert len(posts) == len(resources), "one POST per object: none was sent again"
    assert all(r["fault"] == "ambiguous" for r in posts)
    fleet.assert_converged(resources)
    figures(
        "ambiguous/every-create",
        objects=len(resources),
        ambiguous_writes=injected.get("ambiguous", 0),
        posts=len(posts),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_interrupted_up_recovers_with_refresh_then_up(
    fleet: Fleet, emulator: EmulatorProcess, seed: int, figures: Any
) -> None:
    resources = [
        r
        for e, p in zip(fleet.envs, ("a", "b"), strict=True)
        for r in design(e["id"], p, contents=12, providers=3, policies=2)
    ]
    fleet.declare(resources)
    emulator.set_faults(latency_ms=100)  # slow enough that the kill lands mid-run
    rng = random.Random(seed)
    kill_after_writes = rng.randint(2, 24)  # of 36 objects: the run is still busy
    seq = emulator.last_seq()
    # a typed `pulumi up` in its own process group (the CLI, the language host, the program, the provider
    # plugin), killed with SIGKILL as a whole mid-run: nothing gets to clean up, exactly like a lost CI runner
    argv, env = fleet.stack.typed("up", "--yes", "--skip-preview")
    runner = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    writes: list[Any] = []
    while time.monotonic() < deadline and runner.poll() is None:
        writes = [r for r in emulator.requests(seq) if r["method"] in ("POST", "PUT") and "/as/token" not in r["path"]]
        if len(writes) >= kill_after_writes:
            break
        time.sleep(0.02)
    assert runner.poll() is None, "the run was still going when killed"
    processes_killed = kill_run(runner)
    emulator.clear_faults()
    created_before_recovery = sum(
        len([o for o in emulator.objects(e["id"], k) if not o.get("default")])
        for e in fleet.envs
        for k in ("phone", "policy", "content")
    )

    # the documented recovery (README, "Interrupted runs"), then a plain up
    steps = fleet.stack.recover()
    up = fleet.stack.up()
    assert up.summary.result == "succeeded"
    checked = fleet.assert_converged(resources)
    assert set(fleet.stack.preview().change_summary) == {"same"}
    figures(
        f"interrupted/seed={seed}",
        killed_after_writes=len(writes),
        processes_killed=processes_killed,
        recovery=" + ".join(steps),
        objects_before_recovery=created_before_recovery,
        objects_checked=checked,
    )


def test_token_expiry_mid_run_is_invisible(fleet: Fleet, emulator: EmulatorProcess, figures: Any) -> None:
    resources = [
        r
        for e, p in zip(fleet.envs, ("a", "b"), strict=True)
        for r in design(e["id"], p, contents=10, providers=2, policies=1)
    ]
    fleet.declare(resources)
    emulator.control("PUT", "settings", {"token_lifetime_seconds": 2})
    emulator.set_faults(latency_ms=60)
    seq = emulator.last_seq()
    stop = threading.Event()
    expired = Counter[str]()

    def expire_tokens() -> None:
        while not stop.wait(0.7):
            expired["calls"] += int(emulator.control("POST", "tokens/expire")["expired"])

    killer = threading.Thread(target=expire_tokens)
    killer.start()
    try:
        up = fleet.stack.up()
    finally:
        stop.set()
        killer.join()
        emulator.clear_faults()
        emulator.control("PUT", "settings", {"token_lifetime_seconds": 3600})
    assert up.summary.resource_changes.get("create") == len(resources)
    log = emulator.requests(seq)
    tokens = [r for r in log if r["path"].endswith("/as/token")]
    refused = [r for r in log if r["status"] == 401]
    assert len(tokens) >= 2, "the token was renewed during the run"
    fleet.assert_converged(resources)
    figures(
        "token-expiry",
        token_requests=len(tokens),
        tokens_expired_mid_run=expired["calls"],
        answered_401=len(refused),
        objects=len(resources),
    )
