"""Fleet benchmark: S stacks × N objects, in parallel, on a PostgreSQL state backend, under a shared rate limit.

    python -m benchmarks fleet [--stacks 16] [--objects 50] [--rate-limit 25] [--jobs 16] [--latency 50]
                               [--json FILE] [--markdown FILE]

One emulator (one license), S production environments, one stack per environment (the fleet test project:
N SMS template contents each), state in a real PostgreSQL server (pgserver), the emulator's PingOne-style rate
limit on (``--rate-limit`` requests per second for the whole license, 429 ``REQUEST_LIMITED`` with
``Retry-After`` beyond it). Then, with the real CLI: ``pingone-notifications fleet up --jobs J`` (the ownership
check first, then ``pulumi up`` per stack), and ``fleet preview`` of the converged fleet.

Reported: wall time; per stack, result and seconds; the 429s the emulator answered and every retried answer
(429/5xx); writes against objects; and what a user would check after a fleet run: no failed stack, every
object exactly once in PingOne (no duplicates), nothing in PingOne that no stack manages (no orphans), every
stack's state listing exactly its objects.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pingone_notifications.retry import RETRY_STATUSES
from pingone_notifications.testing import EmulatorProcess
from tests.engine.fleet_harness import Fleet, postgres_server

TIERS = ["dev", "test", "staging", "prod"]


def natural_key(content: dict[str, Any]) -> tuple[str, ...]:
    return (str(content.get("deliveryMethod")), str(content.get("locale")).lower(), str(content.get("variant")))


def run(stacks: int, objects: int, rate_limit: float, jobs: int, latency_ms: float) -> dict[str, Any]:
    names = [f"{TIERS[i % len(TIERS)]}-{i // len(TIERS):02d}" for i in range(stacks)]
    with postgres_server() as pg, EmulatorProcess.start() as emulator, tempfile.TemporaryDirectory() as work:
        fleet = Fleet(pg.database("fleet_bench"), emulator, Path(work))
        envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in names]
        fleet.connect(emulator.add_worker_app(envs[0], environments=envs))
        for name, env in zip(names, envs, strict=True):
            fleet.add_stack(name, {"environmentId": env, "objects": objects})
        emulator.set_faults(latency_ms=latency_ms)
        emulator.set_rate_limit(rate_limit)
        seq = emulator.last_seq()

        started = time.monotonic()
        up = fleet.fleet("up", "--jobs", str(jobs))
        up_seconds = time.monotonic() - started
        log = emulator.requests(seq)
        limited = emulator.rate_limit_status()
        seq = emulator.last_seq()

        started = time.monotonic()
        preview = fleet.fleet("preview", "--jobs", str(jobs))
        preview_seconds = time.monotonic() - started
        preview_log = emulator.requests(seq)

        emulator.clear_faults()
        emulator.set_rate_limit(0)
        live: dict[str, list[dict[str, Any]]] = {
            env: [c for c in emulator.objects(env, "content") if not c["default"]] for env in envs
        }
        in_state: dict[str, set[str]] = {}
        for name in names:
            resources = json.loads(fleet.pulumi("stack", "export", "--stack", name).stdout)["deployment"]["resources"]
            in_state[name] = {r["id"] for r in resources if r["type"].endswith("NotificationTemplateContent")}

    duplicates = sum(n - 1 for env in envs for n in Counter(natural_key(c) for c in live[env]).values() if n > 1)
    live_ids = {c["id"] for env in envs for c in live[env]}
    managed = set().union(*in_state.values())
    api = [r for r in log if "/as/token" not in r["path"]]
    writes = [r for r in api if r["method"] != "GET" and r["status"] < 300]
    rows = [line.split() for line in up.stdout.splitlines()]
    results = {
        row[0]: row[1] for row in rows if len(row) >= 2 and row[0] in names and row[1] in ("ok", "failed", "locked")
    }
    return {
        "stacks": stacks,
        "objects_per_stack": objects,
        "objects": stacks * objects,
        "rate_limit_rps": rate_limit,
        "rate_limit_scope": limited["config"]["scope"],
        "latency_ms": latency_ms,
        "jobs": jobs,
        "backend": "postgres (pgserver, Unix socket)",
        "up_exit": up.returncode,
        "up_wall_s": round(up_seconds, 1),
        "failed_stacks": sum(1 for name in names if results.get(name) != "ok"),
        "requests": len(log),
        "answered_429": sum(1 for r in log if r["status"] == 429),
        "limited_by_rate_limit": limited["limited_total"],
        "retries": sum(1 for r in log if r["status"] in RETRY_STATUSES or r["status"] == 0),
        "writes": len(writes),
        "writes_by_method": dict(Counter(r["method"] for r in writes)),
        "token_requests": sum(1 for r in log if "/as/token" in r["path"] and r["status"] == 200),
        "live_objects": len(live_ids),
        "duplicates": duplicates,
        "orphans": len(live_ids - managed),
        "missing": len(managed - live_ids) + sum(objects - len(ids) for ids in in_state.values()),
        "preview_exit": preview.returncode,
        "preview_wall_s": round(preview_seconds, 1),
        "preview_writes": sum(1 for r in preview_log if r["method"] != "GET" and "/as/token" not in r["path"]),
        "preview_429": sum(1 for r in preview_log if r["status"] == 429),
        "summary_table": "\n".join(line for line in up.stdout.splitlines() if line.strip()),
        "preview_output_tail": "\n".join(preview.stdout.splitlines()[-3:]),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }


def markdown(result: dict[str, Any], command: str) -> str:
    r = result
    lines = [
        f"Fleet benchmark (`{command}`): {r['stacks']} stacks × {r['objects_per_stack']} objects = {r['objects']} "
        f"objects, `fleet up --jobs {r['jobs']}`, state in PostgreSQL, rate limit {r['rate_limit_rps']:g} requests/s "
        f"per {r['rate_limit_scope']}, {r['latency_ms']:g} ms per API call.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| `fleet up` wall time | {r['up_wall_s']} s (exit {r['up_exit']}, {r['failed_stacks']} failed stacks) |",
        f"| 429s answered (rate limit) | {r['answered_429']} ({r['limited_by_rate_limit']} counted by the limiter) |",
        f"| retried answers (429, 5xx, dropped) | {r['retries']} |",
        f"| requests in all | {r['requests']} ({r['token_requests']} token requests) |",
        f"| writes / objects | {r['writes']} / {r['objects']} ({r['writes_by_method']}) |",
        f"| objects in PingOne afterwards | {r['live_objects']} |",
        f"| duplicates / orphans / missing | {r['duplicates']} / {r['orphans']} / {r['missing']} |",
        f"| `fleet preview` after (no-op) | {r['preview_wall_s']} s (exit {r['preview_exit']}, "
        f"{r['preview_writes']} writes, {r['preview_429']} 429s) |",
        "",
        "```",
        r["summary_table"],
        "```",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks fleet", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--stacks", type=int, default=16)
    parser.add_argument("--objects", type=int, default=50, help="objects per stack")
    parser.add_argument("--rate-limit", type=float, default=25.0, help="requests/s for the license (default 25)")
    parser.add_argument("--jobs", type=int, default=16, help="stacks at once (default 16: all)")
    parser.add_argument("--latency", type=float, default=50.0, help="ms per API call (default 50)")
    parser.add_argument("--json", default="benchmarks/results/fleet.json")
    parser.add_argument("--markdown", default="benchmarks/results/fleet.md")
    args = parser.parse_args(argv)
    command = "python -m benchmarks fleet " + " ".join(sys.argv[2:] if argv is None else argv)
    result = run(args.stacks, args.objects, args.rate_limit, args.jobs, args.latency)
    text = markdown(result, command.strip())
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    Path(args.markdown).write_text(text)
    print(text)
    ok = result["up_exit"] == 0 and not result["duplicates"] and not result["orphans"] and not result["missing"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
