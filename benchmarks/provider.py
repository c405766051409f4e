"""Provider benchmark: API-call economy, speed against a raw-API floor, state size, where the time goes.

    python -m benchmarks.provider [--objects 200] [--environments 4] [--latency 0 100] [--growth 50 200 800]
                                  [--parallel 8] [--json FILE] [--markdown FILE]

For N objects (template contents, spread over E environments) and each emulator latency, through the real
CLI: ``pulumi up`` creating everything, a no-op ``preview`` and ``up``, an update of 10% of the objects,
``refresh`` and ``destroy`` — wall time, API calls by method (token requests apart) from the emulator's
request log. The same operations on an empty program give the fixed overhead; (time - fixed) / N is the
marginal cost per object.

The *floor* makes the same API calls with plain httpx, in the same run, at two concurrencies: the one pulumi
is allowed (``--parallel``, given to ``pulumi`` as ``--parallel`` and to our provider as
``pingone:providerConcurrency``), and the effective concurrency pulumi actually reached (rounded), which
separates the cost of each call from how many calls the engine keeps in flight. At 100 ms ``up`` also runs
with pulumi's own dynamic-provider limit of 4 calls at once, to show what that limit costs.

Per operation: effective concurrency (summed request time / the span from first request to last), the peak
number of requests in flight, CPU seconds of the engine (the ``pulumi`` CLI and the python language host), the
dynamic-provider process and the program (``pulumi-language-python-exec``), and the provider process's peak
memory. Per size: state bytes per object beyond the user's own content, and a growth table, one line per size.
At 0 ms, ``up`` also runs with ``PULUMI_SKIP_CHECKPOINTS=true`` (the engine writes state once at the end
instead of after every step) to show what the file backend's per-step checkpoint costs as N grows.
"""

from __future__ import annotations

import argparse
import json
import platform
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import httpx
import psutil
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

PROJECT = Path(__file__).resolve().parents[1] / "tests" / "engine" / "projects" / "resources"
LOCALES = ["en", "fr", "de", "es", "it", "nl", "pl", "pt"]
PULUMI_PROVIDER_LIMIT = 4  # ThreadPoolExecutor(max_workers=4) in pulumi/dynamic/__main__.py


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


def measure_operation(emulator: EmulatorProcess, fn: Callable[..., Any], **kwargs: Any) -> dict[str, Any]:
    """One operation's wall time, the API calls it made and the CPU seconds of each process."""
    seq = emulator.last_seq()
    with Sampler() as sampler:
        started = time.perf_counter()
        fn(**kwargs)
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        **calls(emulator, seq),
        "engine_cpu_s": sampler.seconds("engine"),
        "provider_cpu_s": sampler.seconds("provider"),
        "program_cpu_s": round(sampler.program, 2),
        "provider_peak_mb": round(sampler.peak / 2**20, 1),
    }


class Sampler:
    """CPU seconds of the engine (the CLI and the Go language host), the dynamic-provider process and the program
    (``pulumi-language-python-exec`` running ``__main__.py``), and the provider's peak RSS, while an operation runs
    (sampled every 50 ms; a process's last sample counts)."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu: dict[int, tuple[str, float]] = {}
        self._me = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for proc in self._me.children(recursive=True):
            try:
                with proc.oneshot():
                    cmd = proc.cmdline()
                    times = proc.cpu_times()
                    rss = proc.memory_info().rss
            except psutil.Error:
                continue
            line = " ".join(cmd)
            if "pulumi.dynamic" in line:
                kind = "provider"
                self.peak = max(self.peak, rss)
            elif "pulumi-language-python-exec" in line:
                kind = "program"
            elif cmd and (
                Path(cmd[0]).name == "pulumi-language-python"
                or (Path(cmd[0]).name == "pulumi" and any(a in cmd for a in ("up", "preview", "refresh", "destroy")))
            ):
                kind = "engine"
            else:
                continue
            self.cpu[proc.pid] = (kind, times.user + times.system)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.program = self.seconds("program")

    def seconds(self, kind: str) -> float:
        return round(sum(t for k, t in self.cpu.values() if k == kind), 2)


def calls(emulator: EmulatorProcess, seq: int) -> dict[str, Any]:
    """Calls by method, writes, token requests, effective and peak concurrency from the emulator's log
    (each entry's ``time`` is when the request arrived, ``duration_ms`` how long it took)."""
    log = emulator.requests(seq)
    api = [r for r in log if "/as/token" not in r["path"]]
    by_method = Counter(r["method"] for r in api)
    spans = [(r["time"], r["time"] + r["duration_ms"] / 1000) for r in api]
    started = min((a for a, _ in spans), default=0.0)
    ended = max((b for _, b in spans), default=0.0)
    busy = sum(b - a for a, b in spans)
    edges = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    in_flight = peak = 0
    for _, step in edges:
        in_flight += step
        peak = max(peak, in_flight)
    return {
        "calls": dict(by_method),
        "writes": sum(v for k, v in by_method.items() if k != "GET"),
        "tokens": len(log) - len(api),
        "concurrency": round(busy / (ended - started), 2) if ended > started else 0.0,
        "peak_in_flight": peak,
    }


def pulumi_run(
    emulator: EmulatorProcess,
    envs: list[str],
    app: dict[str, Any],
    n: int,
    tmp: Path,
    parallel: int,
    latency: float,
    extra_ups: bool,
) -> dict[str, Any]:
    stack = PulumiStack.for_project(
        PROJECT,
        f"bench-{n}-{len(envs)}",
        state_dir=tmp / f"s{n}",
        pulumi_home=tmp / "home",
        config={
            **emulator.stack_config(app),
            "test:resources": "[]",
            "pingone:providerConcurrency": str(parallel),
        },
    )
    results: dict[str, Any] = {}

    def op(name: str, fn: Callable[..., Any], **kwargs: Any) -> None:
        results[name] = measure_operation(emulator, fn, **kwargs)

    stack.up()  # the stack resource itself, outside the measurements
    declared = objects(envs, n)
    spec_file = tmp / f"resources-{n}.json"

    def declare(resources: list[dict[str, Any]]) -> None:
        spec_file.write_text(json.dumps(resources))
        stack.stack.set_config("test:resourcesFile", auto.ConfigValue(str(spec_file)))

    def set_concurrency(value: int) -> None:
        stack.stack.set_config("pingone:providerConcurrency", auto.ConfigValue(str(value)))

    declare(declared)
    op("up", stack.up, parallel=parallel)
    op("preview_noop", stack.preview, parallel=parallel)
    op("up_noop", stack.up, parallel=parallel)
    declare(objects(envs, n, 1, n // 10))
    op("update_10pct", stack.up, parallel=parallel)
    op("refresh", stack.refresh, parallel=parallel)
    export = stack.export()
    state_bytes = len(json.dumps(export.get("resources", []), separators=(",", ":")))
    user_bytes = len(json.dumps([o["args"] for o in declared], separators=(",", ":")))
    results["state_bytes_per_object"] = round((state_bytes - user_bytes) / n) if n else state_bytes
    declare([])
    op("destroy", stack.up, parallel=parallel)
    if extra_ups:
        declare(declared)
        if latency:
            set_concurrency(PULUMI_PROVIDER_LIMIT)  # what pulumi's own limit of 4 costs
            op("up_pulumi_limit_4", stack.up, parallel=parallel)
            set_concurrency(parallel)
        else:
            env_vars = cast(dict[str, str], stack.stack.workspace.env_vars)  # the workspace's own dict
            env_vars["PULUMI_SKIP_CHECKPOINTS"] = "true"
            op("up_skip_checkpoints", stack.up, parallel=parallel)
            del env_vars["PULUMI_SKIP_CHECKPOINTS"]
        declare([])
        stack.up(parallel=parallel)
    stack.close()
    return results


def floor_run(emulator: EmulatorProcess, envs: list[str], app: dict[str, Any], n: int, parallel: int) -> dict[str, Any]:
    """The same API calls, plain httpx, at the same concurrency."""
    token = httpx.post(
        f"{emulator.url}/na/{app['environment_id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    ).json()["access_token"]
    http = httpx.Client(
        headers={"Authorization": f"Bearer {token}"}, timeout=60, limits=httpx.Limits(max_connections=parallel)
    )
    base = f"{emulator.url}/na/v1/environments"
    declared = objects(envs, n)
    results: dict[str, Any] = {}

    def wire(o: dict[str, Any]) -> dict[str, Any]:
        a = o["args"]
        return {"locale": a["locale"], "deliveryMethod": "SMS", "variant": a["variant"], "content": a["content"]}

    def timed(name: str, work: list[Any], fn: Callable[[Any], Any]) -> list[Any]:
        seq = emulator.last_seq()
        started = time.perf_counter()
        with ThreadPoolExecutor(parallel) as pool:
            out = list(pool.map(fn, work))
        results[name] = {"seconds": round(time.perf_counter() - started, 3), **calls(emulator, seq)}
        return out

    def create(o: dict[str, Any]) -> str:
        r = http.post(f"{base}/{o['args']['environment_id']}/templates/general/contents", json=wire(o))
        return str(r.json()["id"])

    def item(p: tuple[dict[str, Any], str]) -> str:
        return f"{base}/{p[0]['args']['environment_id']}/templates/general/contents/{p[1]}"

    ids = timed("up", declared, create)
    pairs = list(zip(declared, ids, strict=True))
    timed("update_10pct", pairs[: n // 10], lambda p: http.put(item(p), json=wire(p[0])))
    timed("refresh", pairs, lambda p: http.get(item(p)))
    timed("destroy", pairs, lambda p: http.delete(item(p)))
    http.close()
    return results


FLOOR_OF = {"up_pulumi_limit_4": "up", "up_skip_checkpoints": "up"}


def measure(n: int, e: int, latency: float, tmp: Path, parallel: int = 8, extra_ups: bool = True) -> dict[str, Any]:
    """One size and latency: the pulumi operations, their empty-program overhead and the floors.

    Each operation is compared with the floor at the concurrency pulumi was allowed (``parallel``; 4 for
    ``up_pulumi_limit_4``) and, for the cost of the calls themselves, with the floor at the effective
    concurrency pulumi reached (rounded, at least 1), measured in the same run."""
    with EmulatorProcess.start() as emulator:
        envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in range(e)]
        admin = emulator.add_environment(region="NA", env_type="PRODUCTION")
        app = emulator.add_worker_app(admin["id"], environments=envs)
        emulator.set_faults(latency_ms=latency)
        empty = pulumi_run(emulator, envs, app, 0, tmp, parallel, latency, False) if n else {}
        run = pulumi_run(emulator, envs, app, n, tmp, parallel, latency, extra_ups)
        floors: dict[int, dict[str, Any]] = {}

        def floor_at(concurrency: int) -> dict[str, Any]:
            if concurrency not in floors:
                floors[concurrency] = floor_run(emulator, envs, app, n, concurrency)
            return floors[concurrency]

        for name, r in run.items():
            if not isinstance(r, dict) or not n:
                continue
            op = FLOOR_OF.get(name, name)
            fixed = empty.get(op, {}).get("seconds", 0.0)
            r["fixed_seconds"] = fixed
            r["marginal_ms_per_object"] = round((r["seconds"] - fixed) / n * 1000, 2)
            allowed = PULUMI_PROVIDER_LIMIT if name == "up_pulumi_limit_4" else parallel
            for key, concurrency in (("floor", allowed), ("floor_effective", max(1, round(r["concurrency"])))):
                f = floor_at(concurrency).get(op)
                if f is None:  # no floor for no-op operations: they make no per-object call
                    continue
                ms = round(f["seconds"] / n * 1000, 2)
                r[key] = {
                    "concurrency": concurrency,
                    "reached": f["concurrency"],
                    "ms_per_object": ms,
                    "ratio": round(r["marginal_ms_per_object"] / max(ms, 1e-9), 2),
                }
    return {"objects": n, "environments": e, "latency_ms": latency, "parallel": parallel, "pulumi": run}


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | E | latency | operation | wall s | fixed s | ms/object | floor ms/object at --parallel | × floor "
        "| floor ms/object at pulumi's concurrency | × floor | writes | calls | tokens "
        "| concurrency (effective / peak) | CPU s (engine / provider / program) | provider MB |",
        "|" + " --- |" * 17,
    ]

    def floor(r: dict[str, Any], key: str) -> str:
        f = r.get(key)
        return f"{f['ms_per_object']} (at {f['concurrency']}) | {f['ratio']}" if f else "– | –"

    for res in results:
        where = f"| {res['objects']} | {res['environments']} | {res['latency_ms']:g} ms |"
        for name, r in res["pulumi"].items():
            if not isinstance(r, dict):
                continue
            calls = ", ".join(f"{k} {v}" for k, v in sorted(r["calls"].items()))
            rows.append(
                f"{where} {name} | {r['seconds']} | {r['fixed_seconds']} | {r['marginal_ms_per_object']} | "
                f"{floor(r, 'floor')} | {floor(r, 'floor_effective')} | {r['writes']} | {calls} | {r['tokens']} | "
                f"{r['concurrency']} / {r['peak_in_flight']} | "
                f"{r['engine_cpu_s']} / {r['provider_cpu_s']} / {r['program_cpu_s']} | {r['provider_peak_mb']} |"
            )
        rows.append(
            f"{where} state bytes/object beyond the user's content | {res['pulumi']['state_bytes_per_object']} |"
            + " |" * 12
        )
    return "\n".join(rows)


def growth_table(results: list[dict[str, Any]]) -> str:
    """One line per size at 0 ms: each operation's marginal ms per object and, from the previous size, the
    slope (extra seconds / extra objects; equal slopes mean linear growth), state and provider memory."""
    sizes = sorted((r for r in results if r["latency_ms"] == 0 and r["objects"]), key=lambda r: r["objects"])
    if len(sizes) < 2:
        return ""
    ops = [k for k, v in sizes[0]["pulumi"].items() if isinstance(v, dict)]
    rows = [
        "| N | " + " | ".join(f"{op} ms/object (slope)" for op in ops) + " | state bytes/object | provider MB |",
        "|" + " --- |" * (len(ops) + 3),
    ]
    previous: dict[str, Any] | None = None
    for res in sizes:
        p, cells = res["pulumi"], []
        for op in ops:
            if op not in p:
                cells.append("–")
                continue
            cell = str(p[op]["marginal_ms_per_object"])
            if previous is not None and op in previous["pulumi"]:
                extra = res["objects"] - previous["objects"]
                slope = (p[op]["seconds"] - previous["pulumi"][op]["seconds"]) / extra * 1000
                cell += f" ({slope:.1f})"
            cells.append(cell)
        peak = max(v["provider_peak_mb"] for v in p.values() if isinstance(v, dict))
        rows.append(f"| {res['objects']} | " + " | ".join(cells) + f" | {p['state_bytes_per_object']} | {peak} |")
        previous = res
    return "\n".join(rows)


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--environments", type=int, default=4)
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0, 100.0])
    parser.add_argument("--growth", type=int, nargs="*", default=[50, 200, 800], help="sizes at 0 ms latency")
    parser.add_argument("--parallel", type=int, default=8, help="pulumi --parallel and the provider's concurrency")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    results = [measure(args.objects, args.environments, lat, tmp, args.parallel) for lat in args.latency]
    results += [measure(n, args.environments, 0.0, tmp, args.parallel) for n in args.growth if n != args.objects]
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}",
    }
    text = f"Measured {meta['date']} on {meta['machine']}, pulumi --parallel {args.parallel}.\n\n" + table(results)
    growth = growth_table(results)
    if growth:
        text += (
            "\n\nGrowth at 0 ms, one line per size: marginal ms per object and, in brackets, the slope from the "
            "previous size (ms per extra object; equal slopes = linear growth).\n\n" + growth
        )
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({**meta, "results": results}, indent=2))
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
