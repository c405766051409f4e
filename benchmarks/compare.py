"""Before and after, side by side in one run: the provider benchmark of an earlier commit and of this tree.

    python -m benchmarks.compare --before REV [--objects 200 800 2000] [--latency 0 100] [--environments 4]
                                 [--rounds 1] [--json FILE] [--markdown FILE]

``REV`` is checked out in a temporary git worktree and its own ``benchmarks.provider`` runs with its own package
(``PYTHONPATH`` puts the worktree's ``provider/`` and ``emulator/`` ahead of this tree's install) in this virtualenv.
For each size and latency the two trees run one after the other, alternating which goes first from round to round,
so slow drift of the machine falls on both. The table gives each operation's wall time before and after, their
ratio (after / before, < 1 is faster), and the CPU seconds per object of each process (engine, provider, program);
the growth table gives, per tree, the slope between sizes at 0 ms (ms per extra object; equal slopes = linear).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
OPERATIONS = ("up", "preview_noop", "up_noop", "update_10pct", "refresh", "destroy")
PROCESSES = ("engine", "provider", "program")


@contextmanager
def worktree(rev: str) -> Iterator[Path]:
    """``rev`` checked out beside this tree for the run, removed afterwards."""
    where = Path(tempfile.mkdtemp(prefix="bench-before-")) / "tree"
    subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "--quiet", str(where), rev], check=True)
    try:
        yield where
    finally:
        subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(where)], check=False)


def run_tree(tree: Path, objects: int, environments: int, latency: float, out: Path) -> dict[str, Any]:
    """One size and latency of ``tree``'s provider benchmark (no growth sizes), its own code first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tree / "provider"), str(tree / "emulator"), str(tree), *filter(None, [env.get("PYTHONPATH")])]
    )
    argv = [sys.executable, "-m", "benchmarks.provider", "--objects", str(objects), "--environments",
            str(environments), "--latency", str(latency), "--growth", "--json", str(out)]  # fmt: skip
    subprocess.run(argv, cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = json.loads(out.read_text())["results"][0]
    return result


def cpu_per_object(op: Mapping[str, Any], objects: int) -> str:
    return " / ".join(f"{op[f'{p}_cpu_s'] / objects * 1000:.1f}" for p in PROCESSES)


def table(pairs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    rows = [
        "| N | E | latency | operation | before s | after s | after / before | CPU ms/object before "
        "(engine / provider / program) | CPU ms/object after | writes before / after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for before, after in pairs:
        n = after["objects"]
        for name in OPERATIONS:
            b, a = before["pulumi"].get(name), after["pulumi"].get(name)
            if not b or not a:
                continue
            rows.append(
                f"| {n} | {after['environments']} | {after['latency_ms']:g} ms | {name} | {b['seconds']} | "
                f"{a['seconds']} | {a['seconds'] / b['seconds']:.2f} | {cpu_per_object(b, n)} | "
                f"{cpu_per_object(a, n)} | {b['writes']} / {a['writes']} |"
            )
    return "\n".join(rows)


def growth(pairs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """Slopes between successive sizes at 0 ms, per tree: ms per extra object."""
    at_zero = sorted((p for p in pairs if p[1]["latency_ms"] == 0), key=lambda p: p[1]["objects"])
    if len(at_zero) < 2:
        return ""
    header = " | ".join(f"{op} before / after" for op in OPERATIONS)
    rows = [f"| from N | to N | {header} |", "| --- | --- | " + " | ".join("---" for _ in OPERATIONS) + " |"]
    for (b0, a0), (b1, a1) in itertools.pairwise(at_zero):
        extra = a1["objects"] - a0["objects"]
        cells = []
        for op in OPERATIONS:
            slopes = []
            for r0, r1 in ((b0, b1), (a0, a1)):
                s0, s1 = r0["pulumi"].get(op), r1["pulumi"].get(op)
                slopes.append(f"{(s1['seconds'] - s0['seconds']) / extra * 1000:.1f}" if s0 and s1 else "–")
            cells.append(" / ".join(slopes))
        rows.append(f"| {a0['objects']} | {a1['objects']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the git revision to compare against (e.g. HEAD~1)")
    parser.add_argument("--objects", type=int, nargs="+", default=[200, 800, 2000])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 100.0])
    parser.add_argument("--environments", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args(argv)
    rev = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", args.before], capture_output=True,
                         text=True, check=True).stdout.strip()  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    with worktree(rev) as before_tree:
        for n in args.objects:
            for latency in args.latency if n == args.objects[0] else [0.0]:
                for r in range(args.rounds):
                    order = [("before", before_tree), ("after", HERE)]
                    if r % 2:
                        order.reverse()
                    got = {}
                    for label, tree in order:
                        out = scratch / f"{label}-{n}-{latency:g}-{r}.json"
                        got[label] = run_tree(tree, n, args.environments, latency, out)
                    pairs.append((got["before"], got["after"]))
                    print(f"N={n} latency={latency:g} ms round {r + 1}: done", file=sys.stderr, flush=True)
    text = (
        f"Before: {rev}; after: this tree. Measured {time.strftime('%Y-%m-%d')}, E={args.environments}, "
        f"{args.rounds} round(s) per size, the two trees alternating.\n\n" + table(pairs)
    )
    slopes = growth(pairs)
    if slopes:
        text += "\n\nSlopes at 0 ms (ms per extra object), before / after:\n\n" + slopes
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"before": rev, "pairs": pairs}, indent=2))
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
