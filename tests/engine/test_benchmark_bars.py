"""Issue 9's bars through the real CLI: call counts and state size at N=20 across 2 environments (the full
benchmark is `make bench`), the user's line as each object's source position, and more than pulumi's four
provider calls at once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from benchmarks.provider import calls, pulumi_run
from pingone_notifications.resources._concurrency import CONFIG_KEY, DEFAULT
from pingone_notifications.testing import EmulatorProcess

from .gate import Gate, gated_proxy
from .harness import harness


def test_call_count_bars(pulumi_cli: Path, emulator: EmulatorProcess, tmp_path: Path, figures: Any) -> None:
    # the benchmark's own operations (`make bench` runs the same `pulumi_run`), without what only its timings
    # need: the empty-program run beside it and the httpx floors
    envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in range(2)]
    app = emulator.add_worker_app(emulator.add_environment(region="NA", env_type="PRODUCTION")["id"], environments=envs)
    result = pulumi_run(emulator, envs, app, 20, tmp_path, 8, 0.0, extra_ups=False)
    template_reads = {"GET": 2}  # one template read per environment and run, cached
    assert result["up"]["calls"] == {"POST": 20, **template_reads}, "creates: exactly N writes"
    assert result["preview_noop"]["calls"] == template_reads, "a no-op preview: no write, no read per object"
    assert result["up_noop"]["calls"] == template_reads, "a no-op up: no write, no read per object"
    assert result["update_10pct"]["calls"] == {"PUT": 2, **template_reads}
    assert result["refresh"]["calls"] == {"GET": 20}, "refresh: N reads"
    assert result["destroy"]["calls"] == {"DELETE": 20}
    for op in ("up", "preview_noop", "up_noop", "update_10pct", "refresh", "destroy"):
        assert result[op]["tokens"] <= 1, f"{op}: at most one token per worker app"
    assert result["state_bytes_per_object"] <= 2048, "state: at most 2 KB per object beyond the user's content"
    figures(
        "benchmark/N=20,E=2",
        **{op: f"{r['seconds']}s" for op, r in result.items() if isinstance(r, dict)},
        state_bytes_per_object=result["state_bytes_per_object"],
    )


PROGRAM = Path(__file__).parent / "projects" / "resources" / "__main__.py"
DECLARING_LINE = next(
    i for i, line in enumerate(PROGRAM.read_text().splitlines(), 1) if "TYPES[spec" in line and "](" in line
)


def content(i: int) -> dict[str, Any]:
    return {
        "type": "NotificationTemplateContent",
        "name": f"c{i}",
        "args": {"template_name": "general", "locale": "en", "delivery_method": "SMS", "variant": f"v{i}",
                 "content": f"Message {i}"},
    }  # fmt: skip


def test_state_records_the_users_line_not_the_sdk_stack(pulumi_cli: Path, emulator: EmulatorProcess) -> None:
    with harness(emulator) as h:
        h.declare(content(0))
        h.stack.up()
        [state] = [r for r in h.stack.export()["resources"] if r["type"].endswith("NotificationTemplateContent")]
        assert state["sourcePosition"].endswith(f"projects/resources/__main__.py#{DECLARING_LINE}")
        frames = [f["sourcePosition"] for f in state.get("stackTrace", [])]
        assert frames, "the declaring frame is kept"
        assert all("projects/resources/__main__.py#" in f for f in frames), frames
        assert isinstance(state["outputs"]["__provider"], str), "the by-reference provider pickle is stored plain"
        size = len(json.dumps(state, separators=(",", ":")))
        assert size < 2048, f"one template content is {size} bytes in state"


def test_provider_runs_more_calls_at_once_than_pulumis_four(
    pulumi_cli: Path, emulator: EmulatorProcess, figures: Any
) -> None:
    """Up, refresh and destroy of 24 objects with `--parallel 16`: pulumi's own provider server would run 4 calls
    at once; ours runs up to `pingone:providerConcurrency` (default 10). Proven without timing anything: the API
    is behind a gate that holds each content call until 5 are in flight together (so with pulumi's 4 it would
    never open), and the provider's own limit bounds how many ever are."""
    gate = Gate(width=5, held=re.compile(r"/templates/general/contents"))
    with harness(emulator) as h, gated_proxy(emulator.url, gate) as proxy:
        h.stack.stack.set_config("pingone:apiUrl", auto.ConfigValue(f"{proxy}/{{region}}/v1"))
        h.declare(*(content(i) for i in range(24)))
        ops = {"up": h.stack.up, "refresh": h.stack.refresh, "destroy": h.stack.destroy}
        seen = {}
        for name, run in ops.items():
            gate.reset()
            seq = emulator.last_seq()
            run(parallel=16)
            seen[name] = {**calls(emulator, seq), "gate_peak": gate.peak, "gate_timed_out": gate.timed_out}
        for name, result in seen.items():
            assert result["gate_timed_out"] == 0, f"{name}: never 5 calls in flight at once: {result}"
            assert 5 <= result["gate_peak"] <= DEFAULT, (name, result)
        assert [seen[op]["calls"] for op in ops] == [{"GET": 1, "POST": 24}, {"GET": 24}, {"DELETE": 24}]
        figures(
            "provider calls at once (24 objects, --parallel 16, gate at 5)",
            **{op: f"peak {r['gate_peak']}" for op, r in seen.items()},
        )


def test_provider_concurrency_out_of_range_fails_clearly_without_writes(
    pulumi_cli: Path, emulator: EmulatorProcess
) -> None:
    with harness(emulator) as h:
        h.declare(content(0))
        h.stack.stack.set_config(CONFIG_KEY, auto.ConfigValue("100"))
        with h.no_writes(), pytest.raises(auto.CommandError) as err:
            h.stack.up()
        text = str(err.value)
        assert f"{CONFIG_KEY} must be a whole number from 4 to 64, got '100'" in text, text[-2000:]
        assert "Traceback" not in text
        assert h.custom_contents() == []
        h.stack.stack.remove_config(CONFIG_KEY)
