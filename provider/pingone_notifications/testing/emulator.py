"""The local PingOne emulator as a subprocess (``pingone-emulator serve``) and its control API."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pulumi import automation as auto

__all__ = ["EmulatorProcess"]


@dataclass
class EmulatorProcess:
    """A ``pingone-emulator serve`` subprocess on a free loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    http: httpx.Client = field(repr=False)

    @classmethod
    def start(
        cls,
        *,
        db: str = ":memory:",
        token_lifetime: float = 3600.0,
        page_size: int = 100,
        seed: Path | None = None,
        detach: bool = False,
        log_file: Path | None = None,
        port: int = 0,
    ) -> EmulatorProcess:
        args = [sys.executable, "-m", "pingone_emulator", "serve", "--port", str(port), "--db", db,
                "--token-lifetime", str(token_lifetime), "--page-size", str(page_size)]  # fmt: skip
        if seed is not None:
            args += ["--seed", str(seed)]
        stderr = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, start_new_session=detach)
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        if "listening on " not in line:
            process.kill()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        url = line.split("listening on ", 1)[1].strip()
        emulator = cls(url, process, httpx.Client(base_url=url, timeout=30.0))
        deadline = time.monotonic() + 10
        while True:
            try:
                emulator.http.get("/__emulator/health").raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    emulator.stop()
                    raise
                time.sleep(0.05)
        return emulator

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.http.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    # control API ----------------------------------------------------------------------------------------------
    def control(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, f"/__emulator/{path}", json=body)
        if response.status_code >= 400:
            raise RuntimeError(f"emulator control {method} {path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def add_environment(self, *, region: str = "NA", env_type: str = "SANDBOX", env_id: str | None = None,
                        name: str | None = None, languages: list[str] | None = None,
                        trusted_emails: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
        """A new environment; ``trusted_emails``: the addresses its settings may use as from/replyTo."""
        body = {"region": region, "type": env_type, "id": env_id, "name": name, "languages": languages or [],
                "trusted_emails": trusted_emails}  # fmt: skip
        result: dict[str, Any] = self.control("POST", "environments", {k: v for k, v in body.items() if v is not None})
        return result

    def add_worker_app(self, environment_id: str, *, environments: list[str] | None = None,
                       client_id: str | None = None, client_secret: str | None = None,
                       auth_method: str = "CLIENT_SECRET_BASIC") -> dict[str, Any]:  # fmt: skip
        body = {"environment_id": environment_id, "environments": environments or [], "client_id": client_id,
                "client_secret": client_secret, "token_endpoint_auth_method": auth_method}  # fmt: skip
        result: dict[str, Any] = self.control("POST", "worker-apps", {k: v for k, v in body.items() if v is not None})
        return result

    def add_provider_account(self, provider: str, auth_token: str, *, sid: str | None = None,
                             numbers: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
        """Register a Twilio (``sid``) or Syniverse account whose credentials PingOne will accept."""
        body = {"provider": provider, "auth_token": auth_token, "sid": sid, "numbers": numbers}
        result: dict[str, Any] = self.control("POST", "provider-accounts", {k: v for k, v in body.items() if v})
        return result

    def requests(self, after: int = 0) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", f"requests?after={after}")["requests"]
        return result

    def last_seq(self) -> int:
        return int(self.control("GET", "requests?after=999999999999")["last_seq"])

    def set_faults(self, **config: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.control("PUT", "faults", config)
        return result

    def clear_faults(self) -> dict[str, Any]:
        result: dict[str, Any] = self.control("DELETE", "faults")
        return result

    def set_rate_limit(
        self, requests_per_second: float, *, burst: float | None = None, scope: str = "license"
    ) -> dict[str, Any]:
        """PingOne-style rate limit (429 ``REQUEST_LIMITED`` with ``Retry-After``); 0 switches it off."""
        body = {"requests_per_second": requests_per_second, "burst": burst, "scope": scope}
        result: dict[str, Any] = self.control("PUT", "rate-limits", body)
        return result

    def rate_limit_status(self) -> dict[str, Any]:
        """The limit in force and how many requests it allowed and refused (``limited_total``)."""
        result: dict[str, Any] = self.control("GET", "rate-limits")
        return result

    def objects(self, environment_id: str, kind: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", f"objects?environment={environment_id}&kind={kind}")
        return result

    @property
    def api_url(self) -> str:
        return f"{self.url}/{{region}}/v1"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/{{region}}"

    def stack_config(self, app: Mapping[str, Any], region: str | None = None) -> dict[str, Any]:
        """Stack config (``pingone:*``) pointing at this emulator as the given worker app."""
        env = next(e for e in self.control("GET", "environments") if e["id"] == app["environment_id"])
        return {
            "pingone:regionCode": region or env["region"],
            "pingone:environmentId": app["environment_id"],
            "pingone:clientId": app["client_id"],
            "pingone:clientSecret": auto.ConfigValue(app["client_secret"], secret=True),
            "pingone:apiUrl": self.api_url,
            "pingone:authUrl": self.auth_url,
        }
