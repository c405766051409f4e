"""Issue 18: `pingone-notifications export` -> a ready Pulumi project that adopts everything with no change.

An emulator environment is filled out of band through the API (tests/engine/export_data.py: every kind and
option), exported with the CLI, and the generated project is run with the real pulumi CLI: the only writes
of the first `up` are the secret updates (PingOne never returns secrets: seed 002, "the client secret is not
returned"), and a preview afterwards has nothing to change.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pingone_notifications import cli
from pingone_notifications.client import PingOneClient
from pingone_notifications.config import resolve_connection
from pingone_notifications.testing import EmulatorProcess, PulumiStack

from .export_data import TRUSTED_EMAILS, fill_environment, register_accounts

ROOT = Path(__file__).resolve().parents[2]
TOKEN_PATH = "/as/token"
SECRETS = {
    "acmeSmsGatewayClientSecret": "gateway-secret-2",
    "backupGatewayPassword": "backup-pw-2",
    "twilioAuthToken": "twilio-token-2",
    "syniverseAuthToken": "syn-token-2",
}


def plain(config: Mapping[str, Any]) -> dict[str, str]:
    return {k: (v.value if isinstance(v, auto.ConfigValue) else v) for k, v in config.items()}


@pytest.fixture
def api_env(emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A worker app (its PINGONE_* variables set, as a user of the CLI would) and an API client."""
    admin = emulator.add_environment(env_type="PRODUCTION")
    app = emulator.add_worker_app(admin["id"])
    config = plain(emulator.stack_config(app))
    for key, var in (
        ("pingone:regionCode", "PINGONE_REGION_CODE"),
        ("pingone:environmentId", "PINGONE_ENVIRONMENT_ID"),
        ("pingone:clientId", "PINGONE_CLIENT_ID"),
        ("pingone:clientSecret", "PINGONE_CLIENT_SECRET"),
        ("pingone:apiUrl", "PINGONE_API_URL"),
        ("pingone:authUrl", "PINGONE_AUTH_URL"),
    ):
        monkeypatch.setenv(var, config[key])
    api = PingOneClient(resolve_connection(None, config, {}))
    try:
        yield admin, app, api
    finally:
        api.close()


def new_environments(emulator: EmulatorProcess, app: Mapping[str, Any], count: int = 1) -> list[str]:
    """Production environments the worker app (the same client) also manages."""
    ids = [
        str(emulator.add_environment(env_type="PRODUCTION", trusted_emails=TRUSTED_EMAILS)["id"]) for _ in range(count)
    ]
    register_accounts(emulator)
    emulator.add_worker_app(app["environment_id"], environments=ids, client_id=app["client_id"],
                            client_secret=app["client_secret"])  # fmt: skip
    return ids


def writes_since(emulator: EmulatorProcess, seq: int) -> list[tuple[str, str]]:
    return [
        (r["method"], r["path"]) for r in emulator.requests(seq) if r["method"] != "GET" and TOKEN_PATH not in r["path"]
    ]


def check_code(out: Path) -> None:
    """The generated program is formatted by ruff, passes ruff's checks and mypy --strict."""
    env = {**os.environ, "MYPYPATH": str(ROOT / "provider")}
    for command in (
        ["ruff", "format", "--isolated", "--check", "--diff", "."],
        ["ruff", "check", "--isolated", "--select", "E,F,W,I,UP,B,SIM", "."],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "__main__.py"],
    ):
        result = subprocess.run(command, cwd=out, capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"


def live_state(emulator: EmulatorProcess, env_id: str) -> dict[str, Any]:
    """Everything an admin would see, without the write timestamps."""

    def strip(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if k not in ("updatedAt", "_links")}

    return {
        kind: sorted((strip(o) for o in emulator.objects(env_id, kind)), key=lambda o: str(o.get("id")))
        for kind in ("content", "policy", "phone", "settings")
    }


def no_secrets(obj: Mapping[str, Any]) -> dict[str, Any]:
    # (the secret update sends the resource's full object: `numbers: []` where PingOne had none)
    out = {k: v for k, v in obj.items() if k != "authToken" and v != []}
    if "authentication" in out:
        out["authentication"] = {
            k: v for k, v in out["authentication"].items() if k not in ("password", "clientSecret", "authToken")
        }
    return out


def export(out: Path, *environments: str, extra: tuple[str, ...] = ()) -> None:
    args = ["export", "--out", str(out), *extra]
    for e in environments:
        args += ["--environment", e]
    assert cli.main(args) == 0


def secret_config(out: Path, stack: str) -> dict[str, Any]:
    """The secrets the export's README asks for, with the values the test 'rotated' them to."""
    readme = (out / "README.md").read_text()
    keys = [
        line.split()[6]
        for line in readme.splitlines()
        if line.startswith(f"pulumi config set --secret --stack {stack} notifications:")
    ]
    return {k: auto.ConfigValue(SECRETS[k.split(":", 1)[1]], secret=True) for k in keys}


@pytest.mark.engine
def test_export_one_environment_round_trip(
    pulumi_cli: Path, emulator: EmulatorProcess, api_env: Any, tmp_path: Path, figures: Any
) -> None:
    _, app, api = api_env
    [env_id] = new_environments(emulator, app)
    made = fill_environment(api, env_id)
    before = live_state(emulator, env_id)
    out = tmp_path / "notifications"

    seq = emulator.last_seq()
    export(out, f"prod={env_id}")
    assert writes_since(emulator, seq) == [], "export only reads"
    program = (out / "__main__.py").read_text()
    assert "adopt=" in program
    assert made["gateway"] not in program, "references, not copied IDs"
    assert '"fallback_chain": [acme_sms_gateway.id, twilio.id]' in program, "a policy's chain names the providers"
    assert 'acme_sms_gateway.id,\n        "PINGONE_TWILIO"' in program, "so do the settings'"
    assert (out / "texts" / "strong-authentication-email-en.body.html").read_bytes().count(b"\r\n") == 1
    assert "gateway-secret" not in "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    check_code(out)

    config = {**emulator.stack_config(app), **secret_config(out, "prod")}
    assert len(config) - len(emulator.stack_config(app)) == 4, "four providers have a secret"
    register_accounts(emulator, rotated=True)  # the tokens set in config are the ones Twilio/Syniverse now accept
    with PulumiStack.for_project(out, "prod", config=config) as stack:
        seq = emulator.last_seq()
        preview = stack.preview()
        assert set(preview.change_summary) == {"create"}
        shown = "\n".join(stack.output)
        assert "Acme SMS gateway" in shown
        assert "updates it: authentication.client_secret" in shown
        assert "as it is (no write)" in shown
        # the default policy's chains name providers adopted in the same run: compared as PingOne has them
        assert "'Default Notification Policy' in environment" in shown
        assert "as it is (no write) (if the objects it references are the ones PingOne has there)" in shown
        started = time.monotonic()
        up = stack.up()
        seconds = time.monotonic() - started
        writes = writes_since(emulator, seq)
        phone = f"/na/v1/environments/{env_id}/notificationsSettings/phoneDeliverySettings"
        assert sorted(writes) == sorted(
            ("PUT", f"{phone}/{made[k]}") for k in ("gateway", "backup", "twilio", "syniverse")
        ), "the first up writes only the four secrets"
        objects = up.summary.resource_changes.get("create", 0) - 1  # the stack itself
        after = live_state(emulator, env_id)
        for kind in ("content", "policy", "settings"):
            assert after[kind] == before[kind], f"{kind}: adopted without any change"
        assert [no_secrets(p) for p in after["phone"]] == [no_secrets(p) for p in before["phone"]]
        assert {p["provider"]: p.get("authToken") for p in after["phone"] if "authToken" in p} == {
            "CUSTOM_TWILIO": "twilio-token-2",
            "CUSTOM_SYNIVERSE": "syn-token-2",
        }, "the secrets set in config reached PingOne"
        summary = stack.preview(expect_no_changes=True).change_summary  # fails on any change
        assert set(summary) == {"same"}, summary
        stack.destroy()
        assert writes_since(emulator, seq)[len(writes) :] == [], "adopted objects are kept on destroy"
    assert live_state(emulator, env_id)["policy"] == before["policy"]
    figures("export round trip", objects=objects, writes=len(writes), up_seconds=f"{seconds:.1f}")


@pytest.mark.engine
def test_export_two_environments_one_program_two_stacks(
    pulumi_cli: Path, emulator: EmulatorProcess, api_env: Any, tmp_path: Path, figures: Any
) -> None:
    _, app, api = api_env
    started = time.monotonic()
    dev, prod = new_environments(emulator, app, 2)
    fill_environment(api, dev, flavour="dev")
    fill_environment(api, prod, flavour="prod")
    before = {e: live_state(emulator, e) for e in (dev, prod)}
    out = tmp_path / "notifications"
    export(out, f"dev={dev}", f"prod={prod}")
    check_code(out)
    program = (out / "__main__.py").read_text()
    assert program.count("PhoneDeliverySettings(") == 4, "one declaration per object, shared by both stacks"
    assert 'config.get_bool("manageGeneralSmsEnProd")' in program, "the prod-only content is per stack"
    dev_config = (out / "Pulumi.dev.yaml").read_text()
    assert "sms.dev.acme.example" in dev_config
    assert "sms.dev.acme.example" not in program
    assert "manageGeneralSmsEnProd: false" in dev_config
    for stack_name, env_id in (("dev", dev), ("prod", prod)):
        config = {**emulator.stack_config(app), **secret_config(out, stack_name)}
        register_accounts(emulator, rotated=True)
        with PulumiStack.for_project(out, stack_name, config=config) as stack:
            seq = emulator.last_seq()
            stack.up()
            writes = writes_since(emulator, seq)
            assert len(writes) == 4, writes
            assert {m for m, _ in writes} == {"PUT"}, writes
            assert all("/phoneDeliverySettings/" in p for _, p in writes), writes
            summary = stack.preview(expect_no_changes=True).change_summary
            assert set(summary) == {"same"}, summary
            after = live_state(emulator, env_id)
            for kind in ("content", "policy", "settings"):
                assert after[kind] == before[env_id][kind], f"{stack_name} {kind}: adopted without any change"
            stack.destroy()
    figures("export two environments", stacks=2, seconds=f"{time.monotonic() - started:.1f}")


def test_export_with_defaults_still_describes_the_live_objects(
    emulator: EmulatorProcess, api_env: Any, tmp_path: Path
) -> None:
    _, app, api = api_env
    [env_id] = new_environments(emulator, app)
    fill_environment(api, env_id)
    out = tmp_path / "notifications"
    export(out, f"prod={env_id}", extra=("--include-defaults",))
    program = (out / "__main__.py").read_text()
    assert '"grant_type": "CLIENT_CREDENTIALS"' in program, "PingOne's defaults are written out"
    assert 'charset="UTF-8"' in program
    assert "Objects the first `pulumi up` would still change" not in (out / "README.md").read_text()
    check_code(out)


@pytest.mark.engine
def test_destroy_deletes_adopted_objects_only_when_the_stack_opts_in(
    pulumi_cli: Path, emulator: EmulatorProcess, api_env: Any, tmp_path: Path
) -> None:
    _, app, api = api_env
    [env_id] = new_environments(emulator, app)
    made = fill_environment(api, env_id)
    out = tmp_path / "notifications"
    export(out, f"prod={env_id}")
    config = {**emulator.stack_config(app), **secret_config(out, "prod"), "notifications:retainOnDelete": "false"}
    register_accounts(emulator, rotated=True)
    with PulumiStack.for_project(out, "prod", config=config) as stack:
        stack.up()
        stack.destroy()
    assert [c for c in emulator.objects(env_id, "content") if not c["default"]] == [], "custom contents deleted"
    assert emulator.objects(env_id, "phone") == [], "providers deleted"
    [default] = emulator.objects(env_id, "policy")
    assert default["id"] == made["default_policy"], "the default policy cannot be deleted: kept"
    assert "providerConfiguration" not in default, "its chains went, so the providers they named could be deleted"
    assert default["quotas"][0]["total"] == 10, "the rest of it is left as it was"
    [settings] = emulator.objects(env_id, "settings")
    assert settings["smsProvidersFallbackChain"] == [], "settings reset to PingOne's defaults"
