"""Catalog benchmark: N contents of one environment as one ``NotificationTemplateCatalog``, through the real CLI.

    python -m benchmarks.catalog [--objects 2000] [--latency 100] [--parallel 8] [--json FILE] [--markdown FILE]

Operations: ``pulumi up`` creating the catalog, a no-op ``preview`` + ``up``, one edited file of N
(``preview`` + ``up``), ``refresh`` and destroy (the catalog removed from the program). Beside them, in the same
run against the same emulator, the raw floor: N POSTs with plain httpx at the same concurrency. Reported: wall
time, API calls by method (token requests apart), CPU seconds per process, and the two bars of issue 19: create
within 1.5x the floor, one change = one write and its preview + up within 3x a no-op preview + up.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

from . import provider
from .provider import PROJECT, calls, measure_operation

LOCALES = ["en", "fr", "de", "es", "it", "nl", "pl", "pt"]


def catalog_files(n: int, generation: int = 0, changed: int = 0) -> dict[str, str]:
    return {
        f"general/{LOCALES[i % 8]}.v{i // 8}.sms.txt": f"Message {i} for ${{user.name.given}}"
        + (f" v{generation}" if i < changed else "")
        + "\n"
        for i in range(n)
    }


def write_tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def measure(n: int, latency: float, parallel: int, tmp: Path, environments: int = 1,
            per_object: bool = False) -> dict[str, Any]:  # fmt: skip
    """N contents in ``environments`` catalogs (one per environment); with ``per_object``, the same N contents
    as N ``NotificationTemplateContent`` resources too, in the same run against the same emulator."""
    results: dict[str, Any] = {}
    with EmulatorProcess.start() as emulator:
        envs = [emulator.add_environment(region="NA", env_type="PRODUCTION")["id"] for _ in range(environments)]
        env = envs[0]
        app = emulator.add_worker_app(env, environments=envs)
        emulator.set_faults(latency_ms=latency)
        stack = PulumiStack.for_project(
            PROJECT,
            f"catalog-{n}",
            state_dir=tmp / "state",
            pulumi_home=tmp / "home",
            config={**emulator.stack_config(app), "test:resources": "[]", "pingone:providerConcurrency": str(parallel)},
        )
        roots = [tmp / f"catalog-{i}" for i in range(environments)]

        def write_all(generation: int = 0, changed: int = 0) -> None:
            files = list(catalog_files(n, generation, changed).items())
            for i, root in enumerate(roots):
                write_tree(root, dict(files[i::environments]))

        write_all()
        spec = [{"type": "NotificationTemplateCatalog", "name": f"catalog{i}",
                 "args": {"environment_id": e, "directory": str(root)}}
                for i, (e, root) in enumerate(zip(envs, roots, strict=True))]  # fmt: skip

        def op(name: str, fn: Callable[..., Any], **kwargs: Any) -> None:
            results[name] = measure_operation(emulator, fn, **kwargs)

        stack.up()
        stack.stack.set_config("test:resources", auto.ConfigValue(json.dumps(spec)))
        op("up", stack.up, parallel=parallel)
        op("preview_noop", stack.preview, parallel=parallel)
        op("up_noop", stack.up, parallel=parallel)
        write_all(1, 1)
        op("preview_1_change", stack.preview, parallel=parallel)
        op("up_1_change", stack.up, parallel=parallel)
        write_all(2, n // 10)
        op("update_10pct", stack.up, parallel=parallel)
        op("refresh", stack.refresh, parallel=parallel)
        state = stack.export().get("resources", [])
        results["state_bytes"] = len(json.dumps(state, separators=(",", ":")))
        results["user_bytes"] = sum(len(t.encode()) for t in catalog_files(n, 2, n // 10).values())
        stack.stack.set_config("test:resources", auto.ConfigValue("[]"))
        op("destroy", stack.up, parallel=parallel)
        stack.close()
        results["floor_up"] = floor(emulator, env, app, n, parallel)
        if per_object:
            results["per_object"] = provider.pulumi_run(emulator, envs, app, n, tmp, parallel, latency, False)
    return {"objects": n, "environments": environments, "latency_ms": latency, "parallel": parallel,
            "results": results}  # fmt: skip


def floor(emulator: EmulatorProcess, env: str, app: dict[str, Any], n: int, parallel: int) -> dict[str, Any]:
    """N POSTs of other contents of the same shape, plain httpx, at the same concurrency (after a destroy)."""
    token = httpx.post(
        f"{emulator.url}/na/{app['environment_id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    ).json()["access_token"]
    http = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60,
                        limits=httpx.Limits(max_connections=parallel))  # fmt: skip
    url = f"{emulator.url}/na/v1/environments/{env}/templates/general/contents"
    bodies = [{"locale": LOCALES[i % 8], "deliveryMethod": "SMS", "variant": f"f{i // 8}", "content": f"M {i}"}
              for i in range(n)]  # fmt: skip
    seq = emulator.last_seq()
    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(lambda b: http.post(url, json=b).raise_for_status(), bodies))
    out = {"seconds": round(time.perf_counter() - started, 2), **calls(emulator, seq)}
    http.close()
    return out


def markdown(result: dict[str, Any]) -> str:
    r = result["results"]
    lines = [
        f"N={result['objects']} contents in {result['environments']} environment(s), one catalog each, "
        f"{result['latency_ms']:g} ms per call, "
        f"--parallel {result['parallel']}",
        "",
        "| operation | wall s | calls | writes | CPU s (engine / provider / program) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in ("up", "preview_noop", "up_noop", "preview_1_change", "up_1_change", "update_10pct", "refresh",
                 "destroy"):  # fmt: skip
        o = r[name]
        calls_text = ", ".join(f"{k} {v}" for k, v in sorted(o["calls"].items())) or "none"
        cpu = f"{o['engine_cpu_s']} / {o['provider_cpu_s']} / {o['program_cpu_s']}"
        lines.append(f"| {name} | {o['seconds']} | {calls_text} | {o['writes']} | {cpu} |")
    f = r["floor_up"]
    lines.append(f"| floor: {result['objects']} POSTs, httpx | {f['seconds']} | POST {f['writes']} | {f['writes']} | |")
    noop = r["preview_noop"]["seconds"] + r["up_noop"]["seconds"]
    change = r["preview_1_change"]["seconds"] + r["up_1_change"]["seconds"]
    lines += [
        "",
        f"* create / floor: **{round(r['up']['seconds'] / f['seconds'], 2)}x** (bar 1.5x)",
        f"* one changed file: **{r['up_1_change']['writes']} write(s)**; its preview + up {round(change, 2)} s "
        f"= **{round(change / noop, 2)}x** a no-op preview + up ({round(noop, 2)} s; bar 3x)",
        f"* state: {r['state_bytes']} bytes for {r['user_bytes']} bytes of file text "
        f"({round((r['state_bytes'] - 2 * r['user_bytes']) / result['objects'])} bytes per content beyond the texts, "
        "which are kept as inputs and outputs)",
    ]
    if "per_object" in r:
        lines += ["", comparison(result)]
    return "\n".join(lines)


def comparison(result: dict[str, Any]) -> str:
    """The same N contents as N resources (before) and as catalogs (after), measured in the same run."""
    n, r, before = result["objects"], result["results"], result["results"]["per_object"]
    lines = [
        f"Per-object resources (before) against catalogs (after), the same {n} contents, same run:",
        "",
        "| operation | per-object wall s | catalog wall s | catalog / per-object | CPU ms per content, per-object "
        "(engine / provider / program) | CPU ms per content, catalog |",
        "| --- | --- | --- | --- | --- | --- |",
    ]

    def cpu(o: dict[str, Any]) -> str:
        return " / ".join(str(round(o[k] / n * 1000, 2)) for k in ("engine_cpu_s", "provider_cpu_s", "program_cpu_s"))

    for name in ("up", "preview_noop", "up_noop", "update_10pct", "refresh", "destroy"):
        a, b = before[name], r[name]
        ratio = round(b["seconds"] / a["seconds"], 2)
        lines.append(f"| {name} | {a['seconds']} | {b['seconds']} | {ratio} | {cpu(a)} | {cpu(b)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=100.0)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--environments", type=int, default=1, help="one catalog per environment")
    parser.add_argument("--per-object", action="store_true", help="also the same contents as one resource each")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    result = measure(args.objects, args.latency, args.parallel, tmp, args.environments, args.per_object)
    text = markdown(result)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
