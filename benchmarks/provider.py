"""Provider benchmark: API-call economy, speed against a raw-API floor, state size, provider memory.

    python -m benchmarks.provider [--objects 200] [--environments 4] [--latency 0 100] [--growth 50 200 800]
                                  [--json benchmarks/results/provider.json] [--markdown benchmarks/results/provider.md]

For N objects (template contents, spread over E environments) and each emulator latency, through the real
CLI: ``pulumi up`` creating everything, a no-op ``preview`` and ``up``, an update of 10% of the objects,
``refresh`` and ``destroy`` — wall time, API calls by method (token requests apart) from the emulator's
request log. The same operations on an empty program give the fixed overhead; (time - fixed) / N is the
marginal cost per object. The *floor* makes the same API calls with plain httpx at the same concurrency
(4: the Python dynamic-provider server runs at most 4 calls at once). Also: effective concurrency reached
(sum of request durations / wall time of the operation), state bytes per object beyond the user's own
content, and the provider process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import platform
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

PROJECT = Path(__file__).resolve().parents[1] / "tests" / "engine" / "projects" / "resources"
LOCALES = ["en", "fr", "de", "es", "it", "nl", "pl", "pt"]
CONCURRENCY = 4


def objects(envs: list[str], n: int, generation: int = 0, changed: int = 0) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        text = f"Message {i} for ${{user.name.given}}" + (f" v{generation}" if i < changed else "")
        out.append(
            {
                "type": "NotificationTemplateContent",
                "name": f"c{i}",
                "args": {
                    "environment_id": envs[i % len(envs)],
                    "template_name": "general",
                    "locale": LOCALES[(i // len(envs)) % 8],
                    "delivery_method": "SMS",
                    "variant": f"v{i // (8 * len(envs))}",
                    "content": text,
                },
            }
        )
    return out


class Sampler:
    """Peak RSS of the dynamic-provider processes while an operation runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            for proc in psutil.process_iter(["cmdline", "memory_info"]):
                cmd = " ".join(proc.info["cmdline"] or [])
                if "pulumi.dynamic" in cmd and proc.info["memory_info"]:
                    self.peak = max(self.peak, proc.info["memory_info"].rss)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def calls(emulator: EmulatorProcess, seq: int) -> dict[str, Any]:
    log = emulator.requests(seq)
    api = [r for r in log if "/as/token" not in r["path"]]
    by_method = Counter(r["method"] for r in api)
    started = min((r["time"] - r["duration_ms"] / 1000 for r in api), default=0.0)
    ended = max((r["time"] for r in api), default=0.0)
    busy = sum(r["duration_ms"] for r in api) / 1000
    return {
        "calls": dict(by_method),
        "writes": sum(v for k, v in by_method.items() if k != "GET"),
        "tokens": len(log) - len(api),
        "concurrency": round(busy / (ended - started), 2) if ended > started else 0.0,
    }


def pulumi_run(emulator: EmulatorProcess, envs: list[str], app: dict[str, Any], n: int, tmp: Path) -> dict[str, Any]:
    stack = PulumiStack.for_project(
        PROJECT,
        f"bench-{n}-{len(envs)}",
        state_dir=tmp / f"s{n}",
        pulumi_home=tmp / "home",
        config={**emulator.stack_config(app), "test:resources": "[]"},
    )
    results: dict[str, Any] = {}

    def op(name: str, fn: Any) -> None:
        seq = emulator.last_seq()
        with Sampler() as sampler:
            started = time.perf_counter()
            fn()
            results[name] = {
                "seconds": round(time.perf_counter() - started, 2),
                **calls(emulator, seq),
                "provider_peak_mb": round(sampler.peak / 2**20, 1),
            }

    stack.up()  # the stack resource itself, outside the measurements
    declared = objects(envs, n)
    spec_file = tmp / f"resources-{n}.json"

    def declare(resources: list[dict[str, Any]]) -> None:
        spec_file.write_text(json.dumps(resources))
        stack.stack.set_config("test:resourcesFile", auto.ConfigValue(str(spec_file)))

    declare(declared)
    op("up", stack.up)
    op("preview_noop", stack.preview)
    op("up_noop", stack.up)
    declare(objects(envs, n, 1, n // 10))
    op("update_10pct", stack.up)
    op("refresh", stack.refresh)
    export = stack.export()
    state_bytes = len(json.dumps(export))
    user_bytes = len(json.dumps([o["args"] for o in declared]))
    results["state_bytes_per_object"] = round((state_bytes - user_bytes) / n) if n else state_bytes
    declare([])
    op("destroy", stack.up)
    stack.close()
    return results


def floor_run(emulator: EmulatorProcess, envs: list[str], app: dict[str, Any], n: int) -> dict[str, Any]:
    """The same API calls, plain httpx, at the same concurrency."""
    token = httpx.post(
        f"{emulator.url}/na/{app['environment_id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    ).json()["access_token"]
    http = httpx.Client(
        headers={"Authorization": f"Bearer {token}"}, timeout=60, limits=httpx.Limits(max_connections=CONCURRENCY)
    )
    base = f"{emulator.url}/na/v1/environments"
    declared = objects(envs, n)
    ids: list[str] = []
    results: dict[str, Any] = {}

    def wire(o: dict[str, Any]) -> dict[str, Any]:
        a = o["args"]
        return {"locale": a["locale"], "deliveryMethod": "SMS", "variant": a["variant"], "content": a["content"]}

    def timed(name: str, work: list[Any], fn: Any) -> list[Any]:
        seq = emulator.last_seq()
        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            out = list(pool.map(fn, work))
        results[name] = {"seconds": round(time.perf_counter() - started, 3), **calls(emulator, seq)}
        return out

    def create(o: dict[str, Any]) -> str:
        r = http.post(f"{base}/{o['args']['environment_id']}/templates/general/contents", json=wire(o))
        return str(r.json()["id"])

    ids = timed("up", declared, create)
    pairs = list(zip(declared, ids, strict=True))
    timed(
        "update_10pct",
        pairs[: n // 10],
        lambda p: http.put(
            f"{base}/{p[0]['args']['environment_id']}/templates/general/contents/{p[1]}", json=wire(p[0])
        ),
    )
    timed(
        "refresh",
        pairs,
        lambda p: http.get(f"{base}/{p[0]['args']['environment_id']}/templates/general/contents/{p[1]}"),
    )
    timed(
        "destroy",
        pairs,
        lambda p: http.delete(f"{base}/{p[0]['args']['environment_id']}/templates/general/contents/{p[1]}"),
    )
    http.close()
    return results


def measure(n: int, e: int, latency: float, tmp: Path) -> dict[str, Any]:
    with EmulatorProcess.start() as emulator:
        envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in range(e)]
        admin = emulator.add_environment(region="NA", env_type="PRODUCTION")
        app = emulator.add_worker_app(admin["id"], environments=envs)
        emulator.set_faults(latency_ms=latency)
        empty = pulumi_run(emulator, envs, app, 0, tmp) if n else {}
        run = pulumi_run(emulator, envs, app, n, tmp)
        floor = floor_run(emulator, envs, app, n)
    for name, r in run.items():
        if not isinstance(r, dict):
            continue
        fixed = empty.get(name, {}).get("seconds", 0.0)
        r["fixed_seconds"] = fixed
        r["marginal_ms_per_object"] = round((r["seconds"] - fixed) / n * 1000, 2) if n else 0.0
        if name in floor:
            r["floor_seconds"] = floor[name]["seconds"]
            r["floor_ms_per_object"] = round(floor[name]["seconds"] / n * 1000, 2)
            r["marginal_vs_floor"] = round(r["marginal_ms_per_object"] / max(r["floor_ms_per_object"], 1e-9), 2)
            r["floor_concurrency"] = floor[name]["concurrency"]
    return {"objects": n, "environments": e, "latency_ms": latency, "pulumi": run}


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | E | latency | operation | wall s | fixed s | ms/object | floor ms/object | × floor | writes | "
        "calls | tokens | concurrency | provider MB |",
        "|" + " --- |" * 14,
    ]
    for res in results:
        for name, r in res["pulumi"].items():
            if not isinstance(r, dict):
                continue
            rows.append(
                f"| {res['objects']} | {res['environments']} | {res['latency_ms']:g} ms | {name} | "
                f"{r['seconds']} | {r['fixed_seconds']} | {r['marginal_ms_per_object']} | "
                f"{r.get('floor_ms_per_object', '–')} | {r.get('marginal_vs_floor', '–')} | {r['writes']} | "
                f"{r['calls']} | {r['tokens']} | {r['concurrency']} | {r['provider_peak_mb']} |"
            )
        rows.append(
            f"| {res['objects']} | {res['environments']} | {res['latency_ms']:g} ms | state bytes/object | "
            f"{res['pulumi']['state_bytes_per_object']} |" + " |" * 9
        )
    return "\n".join(rows)


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--environments", type=int, default=4)
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 100.0])
    parser.add_argument("--growth", type=int, nargs="*", default=[50, 200, 800], help="sizes at 0 ms latency")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    results = [measure(args.objects, args.environments, lat, tmp) for lat in args.latency]
    results += [measure(n, args.environments, 0.0, tmp) for n in args.growth if n != args.objects]
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}",
    }
    text = f"Measured {meta['date']} on {meta['machine']}.\n\n" + table(results)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({**meta, "results": results}, indent=2))
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
