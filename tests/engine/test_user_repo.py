"""Issue 15: a user's own repo, end to end, with typed `pulumi` commands and a user's environment.

The README's quick start is run exactly as written (its marked blocks, with the clone's path and a free port put
in for `<clone>` and 8790): build the wheel, a fresh directory outside the checkout with its own virtualenv, the
emulator, `Pulumi.yaml` + `__main__.py` using all four resources, `pulumi login file://…`, `stack init`,
`config set` (the client secret `--secret`), `up`. The second test goes on in that directory as a user would:
preview with no changes, an out-of-band change and `refresh`, a config change and `up`, a second stack fed by the
`PINGONE_*` environment variables, the policy pack in project mode, secrets at `-v=9`, `destroy`.

Every command runs with a user's environment: no activated virtualenv, no `PULUMI_PYTHON_CMD`, no project
`.venv/bin` on PATH, and `pulumi` only where the README's step 1 puts it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from pingone_notifications.client import PingOneClient
from pingone_notifications.config import resolve_connection
from pingone_notifications.testing import pulumi_bin_dir

from .typed import ROOT, TypedProject, user_shell_environment

# Meant to have one worker build the user's repo (wheel, virtualenv, quick start) for both tests of this module;
# see the lock in `user_repo` for why that is not relied on.
pytestmark = pytest.mark.xdist_group("user_repo")

BLOCK = re.compile(r"<!-- quickstart:(?P<kind>[^ ]+) -->\n```[a-z]*\n(?P<body>.*?)```", re.S)
ENV_ID = "5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0"
WORKER_SECRET = "quickstart-worker-secret"
GATEWAY_PASSWORD = "a-gateway-password"
ROTATED_PASSWORD = "rotated-gateway-password-7c1f"
PASSPHRASE = "choose-a-passphrase"


def quick_start_script(port: int) -> str:
    """The README's quick start as one bash script: its shell blocks in order, its file blocks as heredocs."""
    parts = ["set -euo pipefail"]
    for match in BLOCK.finditer((ROOT / "README.md").read_text()):
        kind, body = match["kind"], match["body"]
        if kind == "sh":
            parts.append(body.replace("<clone>", str(ROOT)).replace("8790", str(port)))
        else:
            parts.append(f"cat > {kind} <<'QUICKSTART_FILE'\n{body}QUICKSTART_FILE")
    parts.append('echo "emulator pid $(jobs -p %1)"')
    return "\n".join(parts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class UserRepo(TypedProject):
    base: Path = Path()
    port: int = 0
    quick_start: subprocess.CompletedProcess[str] | None = None
    # what PingOne held right after the quick start (the end-to-end test goes on to change and destroy it, and
    # the two tests run in either order)
    after_quick_start: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def objects(self, kind: str, environment: str = ENV_ID) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.url}/__emulator/objects", params={"environment": environment, "kind": kind})
        response.raise_for_status()
        return [o for o in response.json() if not o.get("default")]


@pytest.fixture(scope="module")
def user_repo(pulumi_cli: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserRepo]:
    base = tmp_path_factory.mktemp("user-repo")
    port = free_port()
    env = user_shell_environment(base / "pulumi-home", with_pulumi=False)  # the quick start puts it on PATH
    # The quick start's `make -C <clone> wheel` empties <clone>/dist: two quick starts at once would take each
    # other's wheel away. The xdist_group above should keep this module on one worker, but pytest-xdist 3.8's
    # loadgroup is inert under pytest 9.2 (it renames `item._nodeid`, and pytest now derives node IDs from
    # `_id`), so each worker may build its own user's repo: one at a time, under a lock shared by the workers.
    with (tmp_path_factory.getbasetemp().parent / "user-repo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(["bash", "-c", quick_start_script(port)], cwd=base, env=env, capture_output=True,
                              text=True, timeout=900)  # fmt: skip
    # the shell the quick start leaves: pulumi on PATH, the passphrase exported
    shell = {**env, "PATH": f"{pulumi_bin_dir()}{os.pathsep}{env['PATH']}", "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE}
    try:
        repo = UserRepo(base / "acme-notifications", shell, base=base, port=port, quick_start=done)
        if done.returncode == 0:
            repo.after_quick_start = {kind: repo.objects(kind) for kind in ("phone", "policy", "content", "settings")}
        yield repo
    finally:
        for proc in psutil.process_iter(["cmdline"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if "pingone-emulator" in cmdline and "serve" in cmdline and f"--port {port}" in cmdline:
                proc.kill()


def test_readme_quick_start_reaches_up(user_repo: UserRepo) -> None:
    done = user_repo.quick_start
    assert done is not None
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]
    assert "+ 5 created" in done.stdout, done.stdout[-3000:]  # the stack and the four resources
    assert not (ROOT / "acme-notifications").exists(), "the quick start ran outside the checkout"
    live = user_repo.after_quick_start
    [gateway] = live["phone"]
    assert gateway["name"] == "Acme SMS gateway"
    assert gateway["authentication"]["password"] == GATEWAY_PASSWORD
    assert [p["name"] for p in live["policy"]] == ["Acme"]
    [content] = live["content"]
    assert (content["locale"], content["content"]) == ("en", "Your Acme code is ${otp}")
    [settings] = live["settings"]
    assert settings["smsProvidersFallbackChain"] == [gateway["id"], "PINGONE_TWILIO"]


def test_users_repo_end_to_end(user_repo: UserRepo, figures: Any) -> None:
    assert user_repo.quick_start is not None
    assert user_repo.quick_start.returncode == 0, user_repo.quick_start.stderr[-3000:]
    about = user_repo.pulumi("about")
    assert re.search(r"language\s+python\s+3\.259\.0", about.stdout), about.stdout
    python = str(user_repo.directory / "venv" / "bin" / "python")
    assert python in about.stdout, "the program runs in the project's venv"

    user_repo.pulumi("preview", "--expect-no-changes")

    # an out-of-band change in PingOne: refresh reads it back, up puts the program's text back
    connection = {"pingone:regionCode": "NA", "pingone:environmentId": ENV_ID,
                  "pingone:clientId": "848108f8-4cb3-4269-82d1-f0814ecfd5db", "pingone:clientSecret": WORKER_SECRET,
                  "pingone:apiUrl": f"{user_repo.url}/{{region}}/v1",
                  "pingone:authUrl": f"{user_repo.url}/{{region}}"}  # fmt: skip
    api = PingOneClient(resolve_connection(None, connection, {}))
    [content] = user_repo.objects("content")
    path = f"/environments/{ENV_ID}/templates/strong_authentication/contents/{content['id']}"
    api.request("PUT", path, json={**{k: content[k] for k in ("locale", "deliveryMethod", "sender")},
                                   "content": "Changed in the admin console: ${otp}"})  # fmt: skip
    api.close()
    refresh = user_repo.pulumi("refresh", "--yes")
    assert "~ 1 updated" in refresh.stdout, refresh.stdout
    assert user_repo.pulumi("preview", "--expect-no-changes", check=False).returncode != 0, "drift shows in a preview"
    user_repo.pulumi("up", "--yes")
    assert user_repo.objects("content")[0]["content"] == "Your Acme code is ${otp}"

    # a config change (a rotated secret) updates in place, seen at -v=9 with the logs on stderr
    user_repo.pulumi("config", "set", "--secret", "gatewayPassword", ROTATED_PASSWORD)
    rotated = user_repo.pulumi("up", "--yes", "-v=9", "--logtostderr", "--logflow")
    assert "~ 1 updated" in rotated.stdout, rotated.stdout
    [gateway] = user_repo.objects("phone")
    assert gateway["authentication"]["password"] == ROTATED_PASSWORD
    user_repo.pulumi("preview", "--expect-no-changes", "-v=9", "--logtostderr", "--logflow")

    # a second stack whose connection comes from the PINGONE_* environment variables (as in CI)
    other = httpx.post(f"{user_repo.url}/__emulator/environments", json={"region": "NA", "type": "SANDBOX"}).json()
    app = httpx.post(f"{user_repo.url}/__emulator/worker-apps", json={"environment_id": other["id"]}).json()
    ci_env = {"PINGONE_REGION_CODE": "NA", "PINGONE_ENVIRONMENT_ID": other["id"], "PINGONE_CLIENT_ID": app["client_id"],
              "PINGONE_CLIENT_SECRET": app["client_secret"], "PINGONE_API_URL": f"{user_repo.url}/{{region}}/v1",
              "PINGONE_AUTH_URL": f"{user_repo.url}/{{region}}"}  # fmt: skip
    user_repo.pulumi("stack", "init", "ci")
    user_repo.pulumi("config", "set", "environmentId", other["id"])
    user_repo.pulumi("config", "set", "--secret", "gatewayPassword", GATEWAY_PASSWORD)
    ci_up = user_repo.pulumi("up", "--yes", "-v=9", "--logtostderr", "--logflow", env=ci_env)
    assert len(user_repo.objects("content", other["id"])) == 1
    assert app["client_secret"] not in ci_up.stdout + ci_up.stderr, "a secret from the environment is never logged"
    user_repo.pulumi("preview", "--expect-no-changes", env=ci_env)
    config_file = (user_repo.directory / "Pulumi.ci.yaml").read_text()
    assert "pingone:" not in config_file, "the connection stayed in the environment"
    user_repo.pulumi("destroy", "--yes", env=ci_env)
    user_repo.pulumi("stack", "rm", "ci", "--yes")
    assert user_repo.objects("content", other["id"]) == []
    user_repo.pulumi("stack", "select", "dev")

    # the policy pack in project mode: written by the package's command into the repo, run by a typed preview
    command = [str(user_repo.directory / "venv" / "bin" / "pingone-notifications"), "policy-pack", "policy"]
    write = subprocess.run(command, cwd=user_repo.directory, env=user_repo.env, capture_output=True, text=True,
                           check=True)  # fmt: skip
    assert "pulumi preview --policy-pack policy" in write.stdout
    for level, ok in (("advisory", True), ("mandatory", False)):
        config = user_repo.directory / f"policy-{level}.json"
        config.write_text(json.dumps({"user-quota-bounds": {"maxPerUser": 5, "enforcementLevel": level}}))
        run = user_repo.pulumi("preview", "--policy-pack", "policy", "--policy-pack-config", str(config), check=False)
        text = run.stdout + run.stderr
        assert (run.returncode == 0) is ok, text[-3000:]
        assert f"[{level}]  user-quota-bounds" in text, text[-3000:]
        assert "NotificationPolicy 'policy': quotas[0].total is 10" in text, text[-3000:]
        # the error once: no tracebacks of the program the engine stopped (issue 15, item 7)
        assert "Traceback" not in text, text[-3000:]
        assert "KeyboardInterrupt" not in text

    export = user_repo.pulumi("stack", "export").stdout
    user_repo.pulumi("destroy", "--yes")
    assert all(user_repo.objects(kind) == [] for kind in ("phone", "policy", "content"))

    # secrets: in none of the state, `stack export` or what the CLI printed
    secrets = [WORKER_SECRET, GATEWAY_PASSWORD, ROTATED_PASSWORD]
    texts = [export, user_repo.quick_start.stdout, user_repo.quick_start.stderr, *user_repo.outputs]
    state = [p for p in (user_repo.directory / ".pulumi-state").rglob("*") if p.is_file()]
    texts += [p.read_text(errors="replace") for p in state]
    assert [(s, i) for i, text in enumerate(texts) for s in secrets if s in text] == []
    # At -v=9 the engine itself traces every value it passes over gRPC, secrets unwrapped, and hands a dynamic
    # provider the whole stack config (README, "Secrets"); nothing else — our provider, the program, the SDK —
    # may show one. This fails, to be revisited, the day upstream stops tracing them.
    engine_trace = re.compile(r'"msg":"(Unm|M)arshaling property for RPC\[')
    verbose_lines = [line for text in user_repo.verbose for line in text.splitlines()]
    traced = [line for line in verbose_lines if any(s in line for s in secrets)]
    assert traced, "upstream's -v=9 trace of secrets is gone: update the README's Secrets section and this test"
    assert [line[:300] for line in traced if not engine_trace.search(line)] == []
    figures("user-repo", commands=len(user_repo.outputs) // 2, texts_scanned=len(texts),
            verbose_lines=len(verbose_lines), engine_trace_lines_with_a_secret=len(traced))  # fmt: skip
