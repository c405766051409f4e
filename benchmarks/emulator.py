"""Emulator benchmark: start-up time and mixed read/write requests per second over real HTTP.

    python -m benchmarks.emulator [--requests 4000] [--concurrency 8] [--json out.json]

The mix per worker loop: create a template content, read it, list the contents page, update it, read the
policies, delete the content (2 writes + 1 delete : 3 reads). Tokens are fetched once per worker.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from pingone_notifications.testing import EmulatorProcess


def startup_seconds(runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with EmulatorProcess.start():
            times.append(time.perf_counter() - started)
    return times


def run(requests: int, concurrency: int) -> dict[str, Any]:
    with EmulatorProcess.start() as emulator:
        env = emulator.add_environment(region="NA", env_type="PRODUCTION")
        app = emulator.add_worker_app(env["id"])
        token = httpx.post(
            f"{emulator.url}/na/{env['id']}/as/token",
            data={"grant_type": "client_credentials"},
            auth=(app["client_id"], app["client_secret"]),
        ).json()["access_token"]
        base = f"{emulator.url}/na/v1/environments/{env['id']}"
        loops = max(requests // (6 * concurrency), 1)
        latencies: list[float] = []

        def worker(n: int) -> int:
            done = 0
            with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:

                def call(method: str, url: str, **kw: Any) -> httpx.Response:
                    nonlocal done
                    t = time.perf_counter()
                    r = http.request(method, url, **kw)
                    latencies.append(time.perf_counter() - t)
                    done += 1
                    assert r.status_code < 300, r.text
                    return r

                for i in range(loops):
                    path = f"{base}/templates/general/contents"
                    body = {"locale": "en", "deliveryMethod": "SMS", "content": f"w{n} i{i}", "variant": f"w{n}i{i}"}
                    cid = call("POST", path, json=body).json()["id"]
                    call("GET", f"{path}/{cid}")
                    call("GET", path, params={"limit": "20"})
                    call("PUT", f"{path}/{cid}", json={**body, "content": "updated"})
                    call("GET", f"{base}/notificationsPolicies")
                    call("DELETE", f"{path}/{cid}")
            return done

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            total = sum(pool.map(worker, range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": total,
        "concurrency": concurrency,
        "seconds": round(elapsed, 3),
        "requests_per_second": round(total / elapsed, 1),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 2),
        "latency_ms_p95": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    starts = startup_seconds()
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        "startup_seconds_median": round(statistics.median(starts), 3),
        "startup_seconds_max": round(max(starts), 3),
        **run(args.requests, args.concurrency),
    }
    print("| metric | value |\n| --- | --- |")
    for k, v in result.items():
        print(f"| {k} | {v} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
