"""The before/after benchmark table: ratios and slopes come from the two trees' own figures."""

from __future__ import annotations

from typing import Any

from benchmarks.compare import growth, table


def result(objects: int, up_seconds: float, cpu: float = 1.0) -> dict[str, Any]:
    op = {"seconds": up_seconds, "writes": objects, "engine_cpu_s": cpu, "provider_cpu_s": cpu, "program_cpu_s": cpu}
    return {"objects": objects, "environments": 4, "latency_ms": 0.0, "pulumi": {"up": op}}


def test_ratio_is_after_over_before_and_cpu_is_per_object() -> None:
    text = table([(result(200, 8.0, cpu=2.0), result(200, 4.0, cpu=1.0))])
    row = next(line for line in text.splitlines() if "| up |" in line)
    assert "| 8.0 | 4.0 | 0.50 |" in row
    assert "10.0 / 10.0 / 10.0" in row  # 2 CPU s over 200 objects, before
    assert "5.0 / 5.0 / 5.0" in row


def test_slopes_are_ms_per_extra_object_for_each_tree() -> None:
    pairs = [(result(200, 6.0), result(200, 3.0)), (result(800, 36.0), result(800, 9.0))]
    text = growth(pairs)
    row = text.splitlines()[-1]
    assert row.startswith("| 200 | 800 | 50.0 / 10.0 |")  # (36-6)/600 s and (9-3)/600 s per object
    assert growth(pairs[:1]) == ""  # one size: no slope
