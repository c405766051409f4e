"""Before and after, side by side in one run: an earlier commit's provider benchmark, this tree's, and this tree's
catalog benchmark on the same contents.

    python -m benchmarks.compare --before REV [--objects 200 800 2000] [--latency 0 100] [--environments 4]
                                 [--rounds 1] [--no-catalog] [--json FILE] [--markdown FILE]

``REV`` is checked out in a temporary git worktree and its own ``benchmarks.provider`` runs with its own package
(``PYTHONPATH`` puts the worktree's ``provider/`` and ``emulator/`` ahead of this tree's install) in this virtualenv.
For each size (every latency at the first size, 0 ms at the others) the runs of one round are: REV's per-object
benchmark, this tree's per-object benchmark and this tree's ``benchmarks.catalog`` (the same N contents as one
catalog per environment), one after the other, the order rotating from round to round so slow drift of the
machine falls on all three.

Three tables:

* per operation: wall time before, after (per-object) and with catalogs, the ratios after / before and
  catalog / before (< 1 is faster), writes, and each tree's own per-operation CPU figures from its JSON;
* CPU per process, measured here the same way for every run: while a benchmark runs, its whole process tree is
  polled every 50 ms (psutil) and each process's last-seen user + system CPU is counted under its kind;
* slopes between successive sizes at 0 ms (ms per extra object; equal slopes = linear growth).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parents[1]
OPERATIONS = ("up", "preview_noop", "up_noop", "update_10pct", "refresh", "destroy")
PROCESSES = ("engine", "provider", "program")  # the per-operation CPU keys of both benchmarks' JSON
TREES = ("before", "after", "catalog")
KINDS = ("engine", "language_host", "program", "harness", "provider", "emulator", "other")
ENGINE_EXE = "pulumi"
LANGUAGE_HOST_EXE = "pulumi-language-python"
POLL_SECONDS = 0.05
DASH = "–"


@contextmanager
def worktree(rev: str) -> Iterator[Path]:
    """``rev`` checked out beside this tree for the run, removed afterwards."""
    where = Path(tempfile.mkdtemp(prefix="bench-before-")) / "tree"
    subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "--quiet", str(where), rev], check=True)
    try:
        yield where
    finally:
        subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(where)], check=False)
        shutil.rmtree(where.parent, ignore_errors=True)


def classify(cmdline: Sequence[str], name: str, pid: int, harness_pid: int) -> str:
    """The kind of one process of a benchmark's tree: the benchmark process itself (``harness``; an inline
    program runs there too), the ``pulumi`` CLI (``engine``, whatever its subcommand), the Go language host, the
    python program it starts, the dynamic provider, the PingOne emulator, or ``other``."""
    if pid == harness_pid:
        return "harness"
    exe = Path(cmdline[0]).name if cmdline else name
    line = " ".join(cmdline)
    if exe == ENGINE_EXE:
        return "engine"
    if exe == LANGUAGE_HOST_EXE:
        return "language_host"
    if "pulumi-language-python-exec" in line:
        return "program"
    if "pulumi.dynamic" in line:
        return "provider"
    if "pingone_emulator" in line:
        return "emulator"
    return "other"


class TreeSampler:
    """CPU seconds per kind of process over the whole life of ``root`` and its descendants: every 50 ms each
    live process's cumulative user + system CPU is read and the last reading per process (pid and start time, so
    a reused pid is a new process) counts. A process that lives less than one interval may be missed, and up to
    one interval of a process's last CPU; the root's final figure is read once it has exited, before it is
    reaped (``waitid`` with ``WNOWAIT``), so the harness is counted to the end."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.last: dict[tuple[int, float], tuple[str, float]] = {}
        self.commands: dict[tuple[int, float], str] = {}  # what each process ran, to say what "other" is
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        try:
            top = psutil.Process(self.root)
            procs = [top, *top.children(recursive=True)]
        except psutil.Error:
            return
        for proc in procs:
            try:
                with proc.oneshot():
                    key = (proc.pid, proc.create_time())
                    times = proc.cpu_times()
                    try:
                        cmd = proc.cmdline()
                    except psutil.ZombieProcess:
                        cmd = []
                    kind = classify(cmd, proc.name(), proc.pid, self.root)
            except psutil.Error:
                continue
            seen = self.last.get(key)
            if cmd:
                self.commands[key] = command(cmd)
            if not cmd and seen:  # a zombie keeps the kind it was seen with
                kind = seen[0]
            # cumulative CPU only grows: the largest reading is the last one, whichever sampler wrote first
            self.last[key] = (kind, max(times.user + times.system, seen[1] if seen else 0.0))

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.sample()

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def others(self) -> dict[str, float]:
        """CPU seconds of the processes of kind ``other``, by what they ran, largest first."""
        out: dict[str, float] = {}
        for key, (kind, cpu) in self.last.items():
            if kind == "other":
                label = self.commands.get(key, "?")
                out[label] = out.get(label, 0.0) + cpu
        return {k: round(v, 3) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}

    def seconds(self) -> dict[str, float]:
        out = dict.fromkeys(KINDS, 0.0)
        for kind, cpu in self.last.values():
            out[kind] += cpu
        return {k: round(v, 3) for k, v in out.items()}


def command(cmdline: Sequence[str]) -> str:
    """A short name for what a process ran: its first three arguments, paths shortened to their last part."""
    return " ".join(Path(a).name if "/" in a else a for a in cmdline[:3])[:80]


def run_sampled(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """Run one benchmark to the end; the CPU seconds per kind of its whole process tree, and of the kind
    ``other`` by what each process ran (``other_by_command``)."""
    process = subprocess.Popen(list(argv), cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL)
    with TreeSampler(process.pid) as sampler:
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped: still readable
    sampler.sample()  # the root's final CPU, once the polling thread has stopped
    if process.wait():
        raise subprocess.CalledProcessError(process.returncode, list(argv))
    return {**sampler.seconds(), "other_by_command": sampler.others()}


def tree_env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tree / "provider"), str(tree / "emulator"), str(tree), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def run_tree(
    tree: Path, objects: int, environments: int, latency: float, out: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One size and latency of ``tree``'s provider benchmark (no growth sizes), its own code first on the path:
    its JSON result and the CPU seconds per kind of process of the whole run."""
    argv = [sys.executable, "-m", "benchmarks.provider", "--objects", str(objects), "--environments",
            str(environments), "--latency", str(latency), "--growth", "--json", str(out)]  # fmt: skip
    cpu = run_sampled(argv, tree, tree_env(tree))
    result: dict[str, Any] = json.loads(out.read_text())["results"][0]
    return result, cpu


def run_catalog(objects: int, environments: int, latency: float, out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """This tree's catalog benchmark on the same N contents, one catalog per environment."""
    argv = [sys.executable, "-m", "benchmarks.catalog", "--objects", str(objects), "--environments",
            str(environments), "--latency", str(latency), "--json", str(out)]  # fmt: skip
    cpu = run_sampled(argv, HERE, tree_env(HERE))
    result: dict[str, Any] = json.loads(out.read_text())
    return result, cpu


def operations(run: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A run's operations by name, whichever benchmark made it (provider: ``pulumi``; catalog: ``results``)."""
    if not run:
        return {}
    ops: Mapping[str, Any] = run.get("pulumi", run.get("results", {}))
    return ops


def seconds(run: Mapping[str, Any] | None, op: str) -> float | None:
    o = operations(run).get(op)
    return float(o["seconds"]) if isinstance(o, Mapping) and "seconds" in o else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else DASH


def cell(value: Any) -> str:
    return DASH if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def cpu_per_object(run: Mapping[str, Any] | None, op: str, objects: int) -> str:
    o = operations(run).get(op)
    if not isinstance(o, Mapping) or not objects:
        return DASH
    return " / ".join(f"{o[f'{p}_cpu_s'] / objects * 1000:.1f}" if f"{p}_cpu_s" in o else DASH for p in PROCESSES)


def table(rounds: Sequence[Mapping[str, Any]]) -> str:
    """Per operation: wall seconds before / after / catalog, the two ratios, writes, per-operation CPU."""
    rows = [
        "| N | E | latency | operation | before s | after s | after / before | catalog s | catalog / before "
        "| writes before / after / catalog | CPU ms/object before (engine / provider / program) "
        "| CPU ms/object after | CPU ms/object catalog |",
        "|" + " --- |" * 13,
    ]
    for r in rounds:
        n = r["objects"]
        for op in OPERATIONS:
            runs = [r.get(t) for t in TREES]
            if not any(op in operations(run) for run in runs):
                continue
            b, a, c = (seconds(run, op) for run in runs)
            writes = " / ".join(cell(operations(run).get(op, {}).get("writes")) for run in runs)
            cpu = " | ".join(cpu_per_object(run, op, n) for run in runs)
            rows.append(
                f"| {n} | {r['environments']} | {r['latency_ms']:g} ms | {op} | {cell(b)} | {cell(a)} | "
                f"{ratio(a, b)} | {cell(c)} | {ratio(c, b)} | {writes} | {cpu} |"
            )
    return "\n".join(rows)


def cpu_table(rounds: Sequence[Mapping[str, Any]]) -> str:
    """CPU ms per object of each kind of process over each whole run, and "program + harness"."""
    names = ("engine", "language host", "program", "harness", "program + harness", "provider", "emulator", "other")
    rows = ["| N | E | latency | run | " + " | ".join(names) + " | total |", "|" + " --- |" * (len(names) + 5)]
    for r in rounds:
        n = r["objects"]
        for tree in TREES:
            cpu = r.get("cpu_s", {}).get(tree)
            if not cpu or not n:
                continue
            per = {k: cpu.get(k, 0.0) / n * 1000 for k in KINDS}
            values = [per["engine"], per["language_host"], per["program"], per["harness"],
                      per["program"] + per["harness"], per["provider"], per["emulator"], per["other"]]  # fmt: skip
            rows.append(
                f"| {n} | {r['environments']} | {r['latency_ms']:g} ms | {tree} | "
                + " | ".join(f"{v:.1f}" for v in values)
                + f" | {sum(per.values()):.1f} |"
            )
    return "\n".join(rows)


def mean_seconds(rounds: Sequence[Mapping[str, Any]], tree: str, op: str) -> float | None:
    values = [s for r in rounds if (s := seconds(r.get(tree), op)) is not None]
    return statistics.fmean(values) if values else None


def growth(rounds: Sequence[Mapping[str, Any]]) -> str:
    """Slopes between successive sizes at 0 ms, per run kind (mean over rounds): ms per extra object."""
    sizes: dict[int, list[Mapping[str, Any]]] = {}
    for r in rounds:
        if r["latency_ms"] == 0:
            sizes.setdefault(r["objects"], []).append(r)
    if len(sizes) < 2:
        return ""
    header = " | ".join(f"{op} before / after / catalog" for op in OPERATIONS)
    rows = [f"| from N | to N | {header} |", "|" + " --- |" * (len(OPERATIONS) + 2)]
    for n0, n1 in itertools.pairwise(sorted(sizes)):
        cells = []
        for op in OPERATIONS:
            slopes = []
            for tree in TREES:
                s0, s1 = mean_seconds(sizes[n0], tree, op), mean_seconds(sizes[n1], tree, op)
                slopes.append(f"{(s1 - s0) / (n1 - n0) * 1000:.1f}" if s0 is not None and s1 is not None else DASH)
            cells.append(" / ".join(slopes))
        rows.append(f"| {n0} | {n1} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def program_note(rev: str, rounds: Sequence[Mapping[str, Any]]) -> str:
    """Where before's program ran, from what was sampled: inline (no program or language-host process, its CPU in
    the harness) or, like after's, through the language host."""
    before = [r["cpu_s"]["before"] for r in rounds if r.get("cpu_s", {}).get("before")]
    if not before:
        return ""
    if all(c.get("program", 0.0) == 0.0 and c.get("language_host", 0.0) == 0.0 for c in before):
        return (
            f'Before ({rev}) ran the program inline, inside the harness, so compare "program + harness" between '
            "before and after."
        )
    return (
        f"Before ({rev}) ran the program through the language host here, as after does (its testing helper hosts "
        'the program inline only when pulumi-language-python is missing); "program + harness" is the fair sum '
        "either way."
    )


def others(rounds: Sequence[Mapping[str, Any]], top: int = 3) -> str:
    """What the processes of kind "other" ran, per run: the largest few by CPU seconds."""
    lines = []
    for r in rounds:
        for tree in TREES:
            by_command = r.get("cpu_s", {}).get(tree, {}).get("other_by_command") or {}
            if by_command:
                biggest = sorted(by_command.items(), key=lambda kv: -kv[1])[:top]
                listed = "; ".join(f"`{' '.join(name.split())[:60]}` {cpu:.1f} s" for name, cpu in biggest)
                lines.append(f"* N={r['objects']}, {r['latency_ms']:g} ms, {tree}: {listed}")
    return '\n\n"other", largest by CPU seconds over the whole run:\n\n' + "\n".join(lines) if lines else ""


def report(
    rev: str, rounds: Sequence[Mapping[str, Any]], environments: int, repeats: int, own_cpu_s: float | None = None
) -> str:
    text = (
        f"Before: {rev} (per-object resources, its own benchmark); after: this tree, per-object resources and, "
        f"on the same contents, one NotificationTemplateCatalog per environment. Measured {time.strftime('%Y-%m-%d')}, "
        f"E={environments}, {repeats} round(s) per size, the runs of a round one after the other, the order "
        "rotating from round to round.\n\n"
        "Per operation: wall seconds of each run, after / before and catalog / before (< 1 is faster), API writes, "
        "and the CPU ms per object each benchmark measured itself for that operation (engine / provider / "
        f"program; before's program figure is its benchmark process's own CPU, where an inline program runs); "
        f"{DASH} where a run has no such operation.\n\n" + table(rounds)
    )
    text += (
        "\n\nCPU ms per object of each kind of process over the whole run of each benchmark, measured the same way "
        "for every run by this comparison (its process tree polled every 50 ms, each process's last user + system "
        "CPU counted). The whole run is all its operations: for before and after, an empty-program pass (fixed "
        "overhead), up, no-op preview, no-op up, update 10%, refresh, destroy, one extra up (with "
        "PULUMI_SKIP_CHECKPOINTS at 0 ms, with pulumi's limit of 4 at 100 ms) and its destroy, the raw-API floors "
        "(the benchmark process's httpx calls, served by the emulator) and start-up; for the catalog, its up, "
        "no-op preview and up, 1-change preview and up, update 10%, refresh, destroy and its floor. "
        "engine = the pulumi CLI (every subcommand), language host = pulumi-language-python, program = the python "
        "program it starts, harness = the benchmark process itself, provider = the dynamic provider, emulator = "
        f"the PingOne emulator. {program_note(rev, rounds)}"
        + (f" The sampling itself (this process) used {own_cpu_s:.1f} CPU s." if own_cpu_s is not None else "")
        + "\n\n"
        + cpu_table(rounds)
        + others(rounds)
    )
    slopes = growth(rounds)
    if slopes:
        text += (
            "\n\nSlopes at 0 ms between successive sizes (ms per extra object, mean over rounds), before "
            "per-object / after per-object / after catalog; equal slopes from size to size = linear growth.\n\n"
            + slopes
        )
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the git revision to compare against (e.g. HEAD~1)")
    parser.add_argument("--objects", type=int, nargs="+", default=[200, 800, 2000])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 100.0], help="every one at the first size")
    parser.add_argument("--environments", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--catalog", action=argparse.BooleanOptionalAction, default=True,
                        help="also this tree's catalog benchmark on the same contents (default: yes)")  # fmt: skip
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args(argv)
    rev = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", args.before], capture_output=True,
                         text=True, check=True).stdout.strip()  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    me = psutil.Process()
    own_start = sum(me.cpu_times()[:2])
    rounds: list[dict[str, Any]] = []
    with worktree(rev) as before_tree:
        for n in args.objects:
            for latency in args.latency if n == args.objects[0] else [0.0]:
                for r in range(args.rounds):
                    kinds = list(TREES if args.catalog else TREES[:2])
                    shift = r % len(kinds)
                    got: dict[str, Any] = {"objects": n, "environments": args.environments, "latency_ms": latency,
                                           "round": r + 1, "cpu_s": {}}  # fmt: skip
                    for label in kinds[shift:] + kinds[:shift]:
                        out = scratch / f"{label}-{n}-{latency:g}-{r}.json"
                        if label == "catalog":
                            got[label], got["cpu_s"][label] = run_catalog(n, args.environments, latency, out)
                        else:
                            tree = before_tree if label == "before" else HERE
                            got[label], got["cpu_s"][label] = run_tree(tree, n, args.environments, latency, out)
                    rounds.append(got)
                    print(f"N={n} latency={latency:g} ms round {r + 1}: done", file=sys.stderr, flush=True)
    own_cpu_s = round(sum(me.cpu_times()[:2]) - own_start, 2)
    text = report(rev, rounds, args.environments, args.rounds, own_cpu_s)
    print(text)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"before": rev, "kinds": KINDS, "compare_cpu_s": own_cpu_s, "rounds": rounds}, indent=2)
        )
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
