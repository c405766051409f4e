"""The before/after benchmark tables and its process classification, from synthetic inputs (no engine run):
ratios and slopes come from the runs' own figures, a missing operation shows as –, every process of a
benchmark's tree lands under the kind a reader expects, and CPU is per object over the whole run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.compare import classify, cpu_table, growth, others, program_note, report, run_sampled, table

HARNESS = 1000
PY = "/work/.venv/bin/python"


def op(seconds: float, writes: int, cpu: float) -> dict[str, Any]:
    return {"seconds": seconds, "writes": writes, "engine_cpu_s": cpu, "provider_cpu_s": cpu, "program_cpu_s": cpu}


def per_object(objects: int, up_seconds: float, cpu: float = 1.0, **more: dict[str, Any]) -> dict[str, Any]:
    """A provider benchmark's result (its JSON's ``results[0]``)."""
    ops = {"up": op(up_seconds, objects, cpu), **more}
    return {"objects": objects, "environments": 4, "latency_ms": 0.0, "pulumi": ops}


def catalog(objects: int, up_seconds: float, cpu: float = 1.0, **more: dict[str, Any]) -> dict[str, Any]:
    """A catalog benchmark's JSON."""
    ops = {"up": op(up_seconds, objects, cpu), "floor_up": {"seconds": 0.5, "writes": objects}, **more}
    return {"objects": objects, "environments": 4, "latency_ms": 0.0, "parallel": 8, "results": ops}


def round_of(before: dict[str, Any], after: dict[str, Any], cat: dict[str, Any] | None = None,
             latency: float = 0.0, cpu_s: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    r: dict[str, Any] = {"objects": after["objects"], "environments": 4, "latency_ms": latency, "round": 1,
                         "before": before, "after": after, "cpu_s": cpu_s or {}}  # fmt: skip
    if cat is not None:
        r["catalog"] = cat
    return r


def row(text: str, operation: str) -> list[str]:
    line = next(line for line in text.splitlines() if f"| {operation} |" in line)
    return [c.strip() for c in line.strip("|").split("|")]


HEADER = ["N", "E", "latency", "operation", "before s", "after s", "after / before", "catalog s", "catalog / before",
          "writes", "cpu before", "cpu after", "cpu catalog"]  # fmt: skip


def cells(text: str, operation: str) -> dict[str, str]:
    return dict(zip(HEADER, row(text, operation), strict=True))


def test_ratios_are_after_and_catalog_over_before_and_cpu_is_per_object() -> None:
    text = table([round_of(per_object(200, 8.0, cpu=2.0), per_object(200, 4.0, cpu=1.0), catalog(200, 2.0, 0.2))])
    up = cells(text, "up")
    assert (up["before s"], up["after s"], up["after / before"]) == ("8", "4", "0.50")
    assert (up["catalog s"], up["catalog / before"]) == ("2", "0.25")
    assert up["writes"] == "200 / 200 / 200"
    assert up["cpu before"] == "10.0 / 10.0 / 10.0"  # 2 CPU s over 200 objects
    assert up["cpu after"] == "5.0 / 5.0 / 5.0"
    assert up["cpu catalog"] == "1.0 / 1.0 / 1.0"


def test_an_operation_one_run_lacks_is_shown_as_a_dash() -> None:
    before = per_object(200, 8.0, preview_noop=op(3.0, 0, 1.0))
    after = per_object(200, 4.0, preview_noop=op(1.5, 0, 1.0))
    text = table([round_of(before, after, catalog(200, 2.0))])  # the catalog run has no no-op preview here
    preview = cells(text, "preview_noop")
    assert (preview["after / before"], preview["catalog s"], preview["catalog / before"]) == ("0.50", "–", "–")
    assert preview["writes"] == "0 / 0 / –"
    assert preview["cpu catalog"] == "–"
    assert "| refresh |" not in text  # no run has it: no row
    # without a catalog run at all, the catalog columns are dashes and the rest stands
    alone = cells(table([round_of(before, after)]), "up")
    assert (alone["after / before"], alone["catalog s"], alone["catalog / before"]) == ("0.50", "–", "–")


def test_the_catalog_floor_and_extra_operations_stay_out_of_the_table() -> None:
    text = table([round_of(per_object(20, 2.0), per_object(20, 1.0), catalog(20, 0.5))])
    assert "floor_up" not in text
    assert [line.split("|")[4].strip() for line in text.splitlines()[2:]] == ["up"]


def test_slopes_are_ms_per_extra_object_for_each_run() -> None:
    rounds = [
        round_of(per_object(200, 6.0), per_object(200, 3.0), catalog(200, 1.0)),
        round_of(per_object(800, 36.0), per_object(800, 9.0), catalog(800, 1.6)),
        round_of(per_object(200, 60.0), per_object(200, 30.0), catalog(200, 10.0), latency=100.0),  # not at 0 ms
    ]
    text = growth(rounds)
    last = text.splitlines()[-1]
    # (36-6)/600, (9-3)/600 and (1.6-1)/600 s per object
    assert last.startswith("| 200 | 800 | 50.0 / 10.0 / 1.0 |")
    assert growth(rounds[:1]) == ""  # one size: no slope


def test_slopes_average_the_rounds_of_a_size_instead_of_dividing_by_zero() -> None:
    rounds = [
        round_of(per_object(200, 6.0), per_object(200, 3.0)),
        round_of(per_object(200, 8.0), per_object(200, 5.0)),
        round_of(per_object(400, 17.0), per_object(400, 14.0)),
    ]
    lines = growth(rounds).splitlines()
    assert len(lines) == 3  # one slope line: 200 -> 400
    assert lines[-1].startswith("| 200 | 400 | 50.0 / 50.0 / – |")  # (17-7)/200 and (14-4)/200; no catalog


def test_cpu_table_is_ms_per_object_per_kind_and_sums_program_and_harness() -> None:
    cpu = {
        "before": {
            "engine": 4.0,
            "language_host": 0.0,
            "program": 0.0,
            "harness": 6.0,
            "provider": 2.0,
            "emulator": 1.0,
            "other": 0.0,
        },
        "after": {
            "engine": 2.0,
            "language_host": 0.2,
            "program": 1.0,
            "harness": 0.6,
            "provider": 1.0,
            "emulator": 1.0,
            "other": 0.2,
        },
    }
    text = cpu_table([round_of(per_object(200, 8.0), per_object(200, 4.0), cpu_s=cpu)])
    before, after = row(text, "before"), row(text, "after")
    # N E latency run | engine, language host, program, harness, program + harness, provider, emulator, other | total
    assert before[4:] == ["20.0", "0.0", "0.0", "30.0", "30.0", "10.0", "5.0", "0.0", "65.0"]
    assert after[4:] == ["10.0", "1.0", "5.0", "3.0", "8.0", "5.0", "5.0", "1.0", "30.0"]
    assert "| catalog |" not in text  # no catalog run measured: no row


def test_the_report_says_what_each_table_is_and_names_the_inline_program() -> None:
    cpu = {"before": {"harness": 1.0}, "after": {"program": 1.0}}
    rounds = [
        round_of(per_object(20, 2.0), per_object(20, 1.0), catalog(20, 0.5), cpu_s=cpu),
        round_of(per_object(40, 3.0), per_object(40, 1.5), catalog(40, 0.6), cpu_s=cpu),
    ]
    text = report("973ea55", rounds, environments=4, repeats=1, own_cpu_s=3.4)
    assert "Before: 973ea55" in text
    assert "Per operation:" in text
    assert "CPU ms per object of each kind of process" in text
    assert 'ran the program inline, inside the harness, so compare "program + harness"' in text
    assert "Slopes at 0 ms" in text
    assert "The sampling itself (this process) used 3.4 CPU s." in text
    assert sum(line.startswith("| --- |") for line in text.splitlines()) == 3  # the three tables


def test_each_process_of_a_benchmark_tree_is_classified_by_what_it_runs() -> None:
    def kind(cmd: list[str], pid: int = 2000, name: str = "python3") -> str:
        return classify(cmd, name, pid, HARNESS)

    assert kind([PY, "-m", "benchmarks.provider", "--objects", "20"], pid=HARNESS) == "harness"
    assert kind(["/opt/pulumi/bin/pulumi", "up", "--yes", "--parallel", "8"], name="pulumi") == "engine"
    assert kind(["pulumi", "stack", "select", "bench"], name="pulumi") == "engine"  # any subcommand
    assert kind(["/opt/pulumi/bin/pulumi-language-python", "-root", "/x", "127.0.0.1:1"]) == "language_host"
    assert kind([PY, "-u", "/opt/pulumi/bin/pulumi-language-python-exec", "--engine_address", "x", "."]) == "program"
    assert kind([PY, "-u", "-m", "pulumi.dynamic", "127.0.0.1:1"]) == "provider"
    assert kind([PY, "-m", "pingone_emulator", "serve", "--port", "8080", "--db", "/tmp/e.db"]) == "emulator"
    assert kind(["/bin/sh", "/opt/pulumi/bin/pulumi-resource-pulumi-python"]) == "other"
    assert kind([], name="pulumi") == "engine"  # cmdline unreadable: the executable's name decides


def test_the_sampler_counts_the_whole_tree_to_the_end_of_the_root(tmp_path: Path) -> None:
    """A real process tree: a root that burns CPU itself and starts a child that burns CPU, both counted, and the
    child (a python process with no known role) as other."""
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    child = tmp_path / "child.py"
    child.write_text(burn + "time.sleep(0.5)\n")  # idle at the end: its final CPU is seen before it exits
    root = f"import subprocess, sys\nsubprocess.run([sys.executable, {str(child)!r}], check=True)\n{burn}"
    cpu = run_sampled([sys.executable, "-c", root], tmp_path, os.environ)
    assert cpu["harness"] >= 0.3  # read after the root exited, before it was reaped
    assert cpu["other"] >= 0.3  # the child: a python process with no known role
    assert cpu["engine"] == cpu["provider"] == cpu["emulator"] == 0.0
    assert next(iter(cpu["other_by_command"])).endswith("child.py")  # what "other" ran, largest first


def test_a_failing_benchmark_fails_the_comparison(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_sampled([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, os.environ)
    assert failed.value.returncode == 3


def test_where_the_before_program_ran_is_said_from_what_was_sampled() -> None:
    inline = {"before": {"harness": 5.0, "program": 0.0, "language_host": 0.0}}
    local = {"before": {"harness": 1.0, "program": 4.0, "language_host": 0.5}}
    rounds = [round_of(per_object(20, 2.0), per_object(20, 1.0), cpu_s=inline)]
    assert "ran the program inline, inside the harness" in program_note("973ea55", rounds)
    rounds = [round_of(per_object(20, 2.0), per_object(20, 1.0), cpu_s=local)]
    assert "ran the program through the language host here" in program_note("973ea55", rounds)


def test_what_other_processes_ran_is_listed_largest_first() -> None:
    cpu = {
        "after": {
            "other": 8.0,
            "other_by_command": {
                "sh pulumi-resource-pulumi-python 1": 0.0,
                "python -c import sys": 0.5,
                "python -m pip": 7.5,
            },
        }
    }
    text = others([round_of(per_object(20, 2.0), per_object(20, 1.0), cpu_s=cpu)], top=2)
    assert text.splitlines()[-1] == "* N=20, 0 ms, after: `python -m pip` 7.5 s; `python -c import sys` 0.5 s"
    assert others([round_of(per_object(20, 2.0), per_object(20, 1.0))]) == ""
