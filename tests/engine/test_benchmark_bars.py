"""Issue 9's call-count bars, at N=20 across 2 environments, through the real CLI (the full benchmark is
`python -m benchmarks.provider`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.provider import measure


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
    figures(
        "benchmark/N=20,E=2",
        **{op: f"{r['seconds']}s" for op, r in result.items() if isinstance(r, dict)},
        state_bytes_per_object=result["state_bytes_per_object"],
    )
