"""`pingone-notifications send --dry-run` against the emulator, as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pingone_notifications.testing import EmulatorProcess


def run(emulator: EmulatorProcess, app: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PINGONE_REGION_CODE": "EU",
        "PINGONE_ENVIRONMENT_ID": app["environment_id"],
        "PINGONE_CLIENT_ID": app["client_id"],
        "PINGONE_CLIENT_SECRET": app["client_secret"],
        "PINGONE_API_URL": emulator.api_url,
        "PINGONE_AUTH_URL": emulator.auth_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "pingone_notifications.cli", "send", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_send_dry_run_shows_the_rendered_message_and_the_route(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(region="EU", env_type="PRODUCTION")
    app = emulator.add_worker_app(env["id"])
    out = run(
        emulator,
        app,
        "--dry-run",
        "--environment-id",
        env["id"],
        "--method",
        "SMS",
        "--phone",
        "+442079460123",
        "--user-id",
        "u1",
        "--template",
        "strong_authentication",
        "--locale",
        "de-AT",
        "--var",
        "otp=654321",
    )
    assert out.returncode == 0, out.stderr
    assert "SMS (DRY_RUN, template strong_authentication, locale de" in out.stdout
    assert "654321" in out.stdout
    assert "via:     PingOne Twilio [PINGONE_TWILIO]" in out.stdout
    raw = run(
        emulator,
        app,
        "--dry-run",
        "--json",
        "--environment-id",
        env["id"],
        "--method",
        "Email",
        "--email",
        "jo@acme.example",
        "--user-id",
        "u1",
    )
    assert json.loads(raw.stdout)["status"] == "DRY_RUN"
    assert app["client_secret"] not in out.stdout + out.stderr + raw.stdout


def test_send_errors_are_messages_not_tracebacks(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(region="EU", env_type="PRODUCTION")
    app = emulator.add_worker_app(env["id"])
    out = run(
        emulator,
        app,
        "--dry-run",
        "--environment-id",
        env["id"],
        "--method",
        "SMS",
        "--phone",
        "+442079460123",
        "--user-id",
        "u1",
        "--template",
        "strong_authentication",
    )
    assert out.returncode == 1
    assert out.stderr.startswith("error: send a test SMS in environment")
    assert "requires ${otp}" in out.stderr
    assert "Traceback" not in out.stderr
