"""Issue 19: `PULUMI_SKIP_CHECKPOINTS=true` (state written once, at the end of a run, instead of after every step)
with these resources: a run SIGKILLed half-way — during creates, then during updates — recovers with the
documented steps and one `up`: 0 duplicates, 0 orphans, the state holds exactly what PingOne holds.

Why it converges: the killed run records nothing, so the next run creates everything it created again; every
resource has a natural key, and a create that finds an identical object takes it over instead of duplicating
it (README, "Adopting existing objects"); updates are PUTs of the whole object (idempotent), deletes of what
is already gone succeed.
"""

from __future__ import annotations

import random
from typing import Any, cast

import pytest

from pingone_notifications.testing import EmulatorProcess

from .test_catalog import kill_mid_run
from .test_reliability import Fleet, design, fleet

__all__ = ["fleet"]  # the fixture, shared with the reliability suite


@pytest.mark.parametrize("seed", [5])
def test_killed_runs_without_checkpoints_converge(
    fleet: Fleet, emulator: EmulatorProcess, seed: int, figures: Any
) -> None:
    rng = random.Random(seed)
    cast(dict[str, str], fleet.stack.stack.workspace.env_vars)["PULUMI_SKIP_CHECKPOINTS"] = "true"
    resources = [
        r
        for e, p in zip(fleet.envs, ("a", "b"), strict=True)
        for r in design(e["id"], p, contents=12, providers=3, policies=2)
    ]
    fleet.declare(resources)
    killed = []
    for step in ("create", "update"):
        if step == "update":
            for r in resources:
                if r["type"] == "NotificationTemplateContent":
                    r["args"]["content"] = r["args"]["content"] + " (new)"
            fleet.declare(resources)
        emulator.set_faults(latency_ms=100)  # slow enough that the kill lands mid-run
        try:
            killed.append(kill_mid_run(fleet.stack, emulator, rng.randint(2, 20)))
        finally:
            emulator.clear_faults()
        fleet.stack.recover()
        up = fleet.stack.up()
        assert up.summary.result == "succeeded"
        fleet.assert_converged(resources)
        assert set(fleet.stack.preview().change_summary) == {"same"}
    contents = [c for e in fleet.envs for c in emulator.objects(e["id"], "content") if not c["default"]]
    assert all(c["content"].endswith(" (new)") for c in contents)
    figures("skip-checkpoints/killed", killed_after_writes=killed, objects=len(resources))
