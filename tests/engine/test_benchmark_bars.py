"""Issue 9's bars through the real CLI: call counts and state size at N=20 across 2 environments (the full
benchmark is `make bench`), the user's line as each object's source position, and more than pulumi's four
provider calls at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.provider import measure
from pingone_notifications.testing import EmulatorProcess

from .harness import harness


def test_call_count_bars(pulumi_cli: Path, tmp_path: Path, figures: Any) -> None:
    result = measure(20, 2, 0.0, tmp_path, extra_ups=False)["pulumi"]
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
