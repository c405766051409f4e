"""Issue 15: every example as a user runs it — `cd` into it, typed `pulumi` commands — and the demo, against the
emulator: `up`, `preview --expect-no-changes`, `refresh`, `destroy`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import psutil
import pytest
from pulumi import automation as auto

from pingone_notifications.client import PingOneClient
from pingone_notifications.config import resolve_connection
from pingone_notifications.testing import EmulatorProcess

from .typed import TypedProject, user_shell_environment

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
Example = Callable[[str, Mapping[str, Any]], TypedProject]


@pytest.fixture
def example(pulumi_cli: Path, tmp_path: Path) -> Iterator[Example]:
    """An example's directory as its README leaves it (a `venv` with this package: the one running the tests),
    a logged-in local backend, stack `dev` with the given config; destroyed at the end if anything is left."""
    projects: list[TypedProject] = []

    def make(name: str, config: Mapping[str, Any]) -> TypedProject:
        directory = tmp_path / name
        shutil.copytree(EXAMPLES / name, directory)
        (directory / "venv").symlink_to(sys.prefix)
        (tmp_path / "state").mkdir(exist_ok=True)
        env = {**user_shell_environment(tmp_path / "home"), "PULUMI_CONFIG_PASSPHRASE": "example"}
        project = TypedProject(directory, env)
        project.pulumi("login", (tmp_path / "state").as_uri())
        project.pulumi("stack", "init", "dev")
        for key, value in config.items():
            secret = isinstance(value, auto.ConfigValue) and value.secret
            text = value.value if isinstance(value, auto.ConfigValue) else value
            project.pulumi("config", "set", *(["--secret"] if secret else []), key, "--", text)
        projects.append(project)
        return project

    yield make
    for project in projects:
        project.pulumi("destroy", "--yes", check=False)


def outputs(project: TypedProject) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(project.pulumi("stack", "output", "--json").stdout)
    return result


def settle(project: TypedProject) -> None:
    """After `up`: nothing to change, nothing drifted, and still nothing to change."""
    project.pulumi("preview", "--expect-no-changes")
    refresh = project.pulumi("refresh", "--yes", "--expect-no-changes")
    assert "unchanged" in refresh.stdout
    project.pulumi("preview", "--expect-no-changes")


def test_minimal(example: Example, emulator: EmulatorProcess) -> None:
    env = emulator.add_environment()
    app = emulator.add_worker_app(env["id"])
    project = example("minimal", {**emulator.stack_config(app), "environmentId": env["id"]})
    project.pulumi("up", "--yes")
    content_id = outputs(project)["content_id"]
    [live] = [c for c in emulator.objects(env["id"], "content") if not c["default"]]
    assert (live["id"], live["content"], live["sender"]) == (content_id, "Your Acme code is ${otp}", "Acme")
    settle(project)
    project.pulumi("destroy", "--yes")
    assert [c for c in emulator.objects(env["id"], "content") if not c["default"]] == []


def test_multi_region(example: Example, emulator: EmulatorProcess) -> None:
    sites = {}
    config: dict[str, object] = {"pingone:apiUrl": emulator.api_url, "pingone:authUrl": emulator.auth_url}
    for region in ("NA", "EU"):
        admin = emulator.add_environment(region=region, env_type="PRODUCTION")
        target = emulator.add_environment(region=region, env_type="PRODUCTION")
        app = emulator.add_worker_app(admin["id"], environments=[target["id"]])
        sites[region] = target
        config[region.lower()] = json.dumps(
            {"environmentId": target["id"], "workerEnvironmentId": admin["id"], "clientId": app["client_id"]}
        )
        config[f"{region.lower()}ClientSecret"] = auto.ConfigValue(app["client_secret"], secret=True)
    project = example("multi-region", config)
    seq = emulator.last_seq()  # this run's token requests only, whatever ran before on this emulator
    project.pulumi("up", "--yes")
    out = outputs(project)
    for region, env in sites.items():
        policies = {p["id"]: p for p in emulator.objects(env["id"], "policy")}
        assert policies[out[f"{region.lower()}_policy_id"]]["name"] == "Acme"
        contents = [c for c in emulator.objects(env["id"], "content") if not c["default"]]
        assert len(contents) == 3
        assert emulator.objects(env["id"], "settings")[0]["restrictions"] == {"smsVoiceQuota": {"daily": 20}}
    regions = {e["path"].split("/")[1] for e in emulator.requests(seq) if "/as/token" in e["path"]}
    assert {"na", "eu"} <= regions, "each region got its own token"
    settle(project)
    project.pulumi("destroy", "--yes")


def test_adopt_existing(example: Example, emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(env_type="PRODUCTION")
    app = emulator.add_worker_app(env["id"])
    config = {k: (v.value if isinstance(v, auto.ConfigValue) else v) for k, v in emulator.stack_config(app).items()}
    api = PingOneClient(resolve_connection(None, config, {}))
    base = f"/environments/{env['id']}"
    gateway = api.create(
        f"{base}/notificationsSettings/phoneDeliverySettings",
        {
            "provider": "CUSTOM_PROVIDER",
            "name": "Legacy gateway",
            "authentication": {"method": "BEARER", "authToken": "x"},
            "requests": [{"deliveryMethod": "SMS", "method": "POST", "url": "https://old.example.com/sms"}],
        },
        lookup=lambda: None,
    )
    welcome = api.create(
        f"{base}/templates/general/contents",
        {"locale": "en", "deliveryMethod": "Email", "subject": "Hi", "body": "old"},
        lookup=lambda: None,
    )
    api.close()
    [default] = [p for p in emulator.objects(env["id"], "policy") if p["default"]]
    before = {kind: len(emulator.objects(env["id"], kind)) for kind in ("phone", "policy", "content")}

    project = example("adopt-existing", {**emulator.stack_config(app), "environmentId": env["id"],
                                         "gatewayToken": auto.ConfigValue("new-token", secret=True)})  # fmt: skip
    project.pulumi("up", "--yes")
    out = outputs(project)
    assert out["default_policy_id"] == default["id"]
    assert out["legacy_gateway_id"] == gateway["id"]
    assert out["welcome_content_id"] == welcome["id"]
    after = {kind: len(emulator.objects(env["id"], kind)) for kind in ("phone", "policy", "content")}
    assert after == before, "nothing was created: everything was adopted"
    policy = next(p for p in emulator.objects(env["id"], "policy") if p["id"] == default["id"])
    assert policy["quotas"][0]["total"] == 8
    assert emulator.objects(env["id"], "phone")[0]["authentication"]["authToken"] == "new-token"
    settle(project)
    project.pulumi("destroy", "--yes")
    assert [p["id"] for p in emulator.objects(env["id"], "policy")] == [default["id"]]
    assert [p["id"] for p in emulator.objects(env["id"], "phone")] == [gateway["id"]], "retain_on_delete kept it"
    assert [c for c in emulator.objects(env["id"], "content") if not c["default"]] == []


def test_custom_sms_provider_keeps_its_secret(example: Example, emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(env_type="PRODUCTION")
    app = emulator.add_worker_app(env["id"])
    secret = "gateway-oauth-secret-4d1e"
    config = {**emulator.stack_config(app), "environmentId": env["id"],
              "gatewayClientSecret": auto.ConfigValue(secret, secret=True)}  # fmt: skip
    project = example("custom-sms-provider", config)
    project.pulumi("up", "--yes")
    assert outputs(project)["gateway_authentication"] == "[secret]", "an output holding the secret is secret"
    [gateway] = emulator.objects(env["id"], "phone")
    assert gateway["authentication"]["clientSecret"] == secret
    assert emulator.objects(env["id"], "settings")[0]["smsProvidersFallbackChain"] == [gateway["id"], "PINGONE_TWILIO"]
    settle(project)
    export = project.pulumi("stack", "export").stdout
    project.pulumi("destroy", "--yes")
    assert secret not in export
    assert not [text for text in project.outputs if secret in text]


def test_demo_from_the_readme_command(pulumi_cli: Path, tmp_path: Path, figures: Any) -> None:
    env = {**os.environ, "PINGONE_DEMO_DIR": str(tmp_path / "demo")}

    def demo(action: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "scripts" / "demo.py"), action], env=env,
                              capture_output=True, text=True, timeout=900)  # fmt: skip

    stack_files = {f: (ROOT / f).read_text() for f in ("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml")}
    try:
        up = demo("up")
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        # typed commands in the root project: Pulumi's own output, live
        for line in ("$ pulumi stack select --create dev", "$ pulumi up --yes --stack prod", "Updating (dev)",
                     "Updating (prod)", "Outputs:"):  # fmt: skip
            assert line in up.stdout, line
        for line in ("=== stack dev: what exists where ===", "=== stack prod: what exists where ===",
                     "dev-na   region NA", "prod-eu  region EU", "prod-na  region NA", "make demo-down"):  # fmt: skip
            assert line in up.stdout, line
        assert "in the emulator: 1 phone provider(s), 2 policies (incl. the default), 15 custom contents" in up.stdout
        # one dry-run message per channel per environment, rendered through the stack's own configuration
        assert up.stdout.count("(DRY_RUN, template strong_authentication") == 9
        assert "text:    Votre code Acme est 428913. Il expire dans 5 minutes." in up.stdout
        assert "via:     Acme SMS gateway (EU) [CUSTOM_PROVIDER]" in up.stdout
        assert 'from:    "Acme Europe" <noreply@acme.example>' in up.stdout
        state = json.loads((tmp_path / "demo" / "emulator.json").read_text())
        assert psutil.pid_exists(state["pid"]), "the emulator stays up for inspection"
        # the demo's secrets (worker app secrets, the gateway's OAuth secret) appear nowhere but in the emulator
        seed = json.loads((ROOT / "demo" / "emulator-seed.json").read_text())
        secrets = [a["client_secret"] for a in seed["worker_apps"]] + ["demo-gateway-oauth-secret"]
        files = [p for p in (tmp_path / "demo").rglob("*") if p.is_file() and not p.name.startswith("emulator.sqlite3")]
        for text in [up.stdout, up.stderr, *(p.read_text(errors="replace") for p in files)]:
            assert not [s for s in secrets if s in text]
        figures("secrets/demo", secrets=len(secrets), files_scanned=len(files))

        again = demo("up")
        assert again.returncode == 0
        assert again.stdout.count("Updating (") == 2
        assert re.findall(r"[-+~] \d+ (?:to )?(?:create|update|delete|replace)", again.stdout) == [], (
            "a second demo run changes nothing"
        )
        assert {f: (ROOT / f).read_text() for f in stack_files} == stack_files, "the project's files stay as they are"
    finally:
        down = demo("down")
    assert down.returncode == 0, down.stdout[-3000:] + down.stderr[-3000:]
    assert "stopped the emulator" in down.stdout
    assert {f: (ROOT / f).read_text() for f in stack_files} == stack_files, "demo-down keeps the stack files"
    assert not psutil.pid_exists(state["pid"]) or psutil.Process(state["pid"]).status() == psutil.STATUS_ZOMBIE
