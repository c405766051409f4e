"""The demo: start the local PingOne emulator with the demo environments, then `pulumi up` the root stacks.

    python scripts/demo.py up   [--stack dev --stack prod]   # default: both stacks
    python scripts/demo.py down [--stack ...]                # destroy, then stop the emulator

It types the commands a user would in the root project (`pulumi stack select --create`, `pulumi up --yes`,
`pulumi stack output`), so what shows is Pulumi's own live output. State stays in .demo/ (a file backend and
the CLI's home there, so the user's own `pulumi login` is untouched; the emulator database, logs), and the
stacks can be inspected afterwards with the commands the demo prints. The stacks' secrets are committed,
encrypted with the demo passphrase, in Pulumi.<stack>.yaml; the emulator's address reaches the provider as
PINGONE_API_URL / PINGONE_AUTH_URL, so the stack files are not touched. Nothing here talks to anything but
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from pingone_notifications.config import Connection
from pingone_notifications.errors import PingOneError
from pingone_notifications.notify import format_result, send
from pingone_notifications.testing import EmulatorProcess, pulumi_bin_dir, user_environment

ROOT = Path(__file__).resolve().parent.parent
DEMO = Path(os.environ.get("PINGONE_DEMO_DIR") or ROOT / ".demo")  # state: backend, emulator db, logs
SEED = ROOT / "demo" / "emulator-seed.json"
STATE_FILE = DEMO / "emulator.json"
DEMO_PASSPHRASE = "pingone-notifications-demo"  # noqa: S105 - demo-only; protects the demo stacks' secrets in .demo/state


def emulator_url() -> str | None:
    if not STATE_FILE.exists():
        return None
    info = json.loads(STATE_FILE.read_text())
    try:
        httpx.get(f"{info['url']}/__emulator/health", timeout=2).raise_for_status()
    except httpx.HTTPError:
        return None
    return str(info["url"])


def start_emulator() -> str:
    url = emulator_url()
    if url:
        print(f"emulator already running at {url}")
        return url
    DEMO.mkdir(exist_ok=True)
    process = EmulatorProcess.start(
        db=str(DEMO / "emulator.sqlite3"), seed=SEED, detach=True, log_file=DEMO / "emulator.log"
    )
    process.http.close()
    STATE_FILE.write_text(json.dumps({"url": process.url, "pid": process.process.pid}))
    print(f"started the PingOne emulator at {process.url} (pid {process.process.pid}, data in .demo/)")
    return process.url


def stop_emulator() -> None:
    if not STATE_FILE.exists():
        return
    info = json.loads(STATE_FILE.read_text())
    try:
        os.kill(int(info["pid"]), signal.SIGTERM)
        for _ in range(50):
            os.kill(int(info["pid"]), 0)
            time.sleep(0.1)
    except ProcessLookupError:
        pass
    STATE_FILE.unlink()
    print("stopped the emulator")


def demo_environment(url: str) -> dict[str, str]:
    """What a user's shell would have for the demo: the CLI on PATH, a project-local backend and home, the demo
    passphrase, and the emulator's address for the provider."""
    return {
        "PULUMI_BACKEND_URL": (DEMO / "state").as_uri(),
        "PULUMI_HOME": str(DEMO / "home"),
        "PULUMI_CONFIG_PASSPHRASE": DEMO_PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PINGONE_API_URL": f"{url}/{{region}}/v1",
        "PINGONE_AUTH_URL": f"{url}/{{region}}",
    }


def pulumi(url: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    """A typed `pulumi` command in the root project; its output goes straight to the terminal unless captured."""
    print(f"\n$ pulumi {' '.join(args)}", flush=True)
    (DEMO / "state").mkdir(parents=True, exist_ok=True)
    return subprocess.run(["pulumi", *args], cwd=ROOT, env=user_environment(demo_environment(url)), text=True,
                          capture_output=capture, check=True)  # fmt: skip


def write_env_file(url: str) -> Path:
    env = DEMO / "env.sh"
    lines = [f'export {k}="{v}"' for k, v in demo_environment(url).items()]
    env.write_text(
        "# Source this to use the pulumi CLI on the demo stacks.\n"
        f'export PATH="{pulumi_bin_dir()}:$PATH"\n' + "\n".join(lines) + "\n"
    )
    return env


def show(name: str, outputs: dict[str, Any], url: str) -> None:
    print(f"\n=== stack {name}: what exists where ===")
    for key, env in sorted(outputs.get("environments", {}).items()):
        counts = {}
        for kind in ("phone", "policy", "content"):
            objs = httpx.get(
                f"{url}/__emulator/objects", params={"environment": env["environment_id"], "kind": kind}, timeout=10
            ).json()
            counts[kind] = len([o for o in objs if not o.get("default")]) if kind == "content" else len(objs)
        print(f"  {key:<8} region {env['region']:<3} environment {env['environment_id']}")
        print(f"           delivery mode {env['delivery_mode']}; policy {env['policy_id']}")
        for pname, pid in env["phone_providers"].items():
            print(f"           phone provider {pname}: {pid}")
        print(
            f"           {len(env['template_contents'])} custom template contents: "
            f"{', '.join(env['template_contents'][:4])}{' …' if len(env['template_contents']) > 4 else ''}"
        )
        print(
            f"           in the emulator: {counts['phone']} phone provider(s), {counts['policy']} policies "
            f"(incl. the default), {counts['content']} custom contents"
        )


TEST_RECIPIENTS = {"NA": "+14155552671", "EU": "+442079460123"}
DEV_USER = "2b5f1c7e-0c1d-4a1e-9f3a-6c1b7e2d4a10"  # on the dev stack's whitelist


def test_messages(outputs: dict[str, Any], url: str) -> None:
    """One dry-run message per channel per environment, rendered by the emulator through the stack's config."""
    seed = json.loads(SEED.read_text())
    apps = {e["id"]: a for a in seed["worker_apps"] for e in [{"id": x} for x in a["environments"]]}
    regions = {e["id"]: e["region"] for e in seed["environments"]}
    for key, env in sorted(outputs.get("environments", {}).items()):
        app = apps[env["environment_id"]]
        connection = Connection(
            regions[app["environment_id"]],
            app["environment_id"],
            app["client_id"],
            app["client_secret"],
            f"{url}/{{region}}/v1",
            f"{url}/{{region}}",
        )
        print(f"\n  test messages in {key} (dry run: rendered and routed, nothing sent):")
        for method in ("Email", "SMS", "Voice"):
            recipient = {"email": "jo@acme.example"} if method == "Email" else {"phone": TEST_RECIPIENTS[env["region"]]}
            try:
                result = send(
                    connection,
                    env["environment_id"],
                    delivery_method=method,
                    user_id=DEV_USER,
                    template="strong_authentication",
                    locale="fr-CA" if key == "prod-na" else "en",
                    variables={"otp": "428913"},
                    policy_id=env["policy_id"],
                    **recipient,
                )
                print("    " + format_result(result).replace("\n", "\n    "))
            except PingOneError as err:
                print(f"    {method}: not deliverable: {err}")


def up(stacks: list[str]) -> int:
    url = start_emulator()
    for name in stacks:
        pulumi(url, "stack", "select", "--create", name)
        pulumi(url, "up", "--yes", "--stack", name)
        outputs = json.loads(pulumi(url, "stack", "output", "--json", "--stack", name, capture=True).stdout)
        show(name, outputs, url)
        test_messages(outputs, url)
    env = write_env_file(url)
    print("\nThe stacks stay up. Inspect them with the real CLI:")
    print(f"  source {os.path.relpath(env)} && pulumi stack ls && pulumi stack output --stack prod --json")
    print(f"  curl -s '{url}/__emulator/objects?environment=<id>&kind=policy'   # the emulator's view")
    print("Tear everything down with:  make demo-down")
    return 0


def down(stacks: list[str]) -> int:
    url = emulator_url() or start_emulator()
    existing = {s["name"] for s in json.loads(pulumi(url, "stack", "ls", "--json", capture=True).stdout)}
    for name in stacks:
        if name not in existing:
            continue
        pulumi(url, "destroy", "--yes", "--stack", name)
        pulumi(url, "stack", "rm", "--yes", "--preserve-config", name)
    stop_emulator()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--stack", action="append", help="stack(s) to run (default: dev and prod)")
    args = parser.parse_args()
    stacks = args.stack or ["dev", "prod"]
    return up(stacks) if args.action == "up" else down(stacks)


if __name__ == "__main__":
    sys.exit(main())
