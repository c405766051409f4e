"""Contract-test fixtures: a fresh environment, worker app and bearer token per test, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pingone_notifications.testing import EmulatorProcess

from . import openapi_contract


@dataclass
class Api:
    """A token-authenticated client for one environment of the emulator."""

    http: httpx.Client
    base: str  # e.g. http://127.0.0.1:1234/na/v1
    env: dict[str, Any]
    app: dict[str, Any]

    @property
    def env_path(self) -> str:
        return f"/environments/{self.env['id']}"

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, f"{self.base}{self.env_path}{path}", **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def error(self, method: str, path: str, status: int = 400, **kwargs: Any) -> dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        assert all(body.get(k) for k in ("id", "code", "message")), body
        return body


def token(emulator: EmulatorProcess, app: dict[str, Any], region: str) -> str:
    response = httpx.post(
        f"{emulator.url}/{region.lower()}/{app['environment_id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def make_api(emulator: EmulatorProcess, region: str = "NA", env_type: str = "PRODUCTION", **env_kw: Any) -> Api:
    env = emulator.add_environment(region=region, env_type=env_type, **env_kw)
    app = emulator.add_worker_app(env["id"])
    http = httpx.Client(headers={"Authorization": f"Bearer {token(emulator, app, region)}"}, timeout=30)
    return Api(http, f"{emulator.url}/{region.lower()}/v1", env, app)


@pytest.fixture(autouse=True)
def responses_match_the_openapi_document(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every response of the emulated PingOne API that a test in this directory receives (through any httpx
    client, the provider's included) validates against PingOne's OpenAPI document (issue 16 item 10); a
    mismatch fails the test that received it."""
    found: list[str] = []
    send = httpx.Client.send

    def checked(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = send(self, request, **kwargs)
        if request.url.host == "127.0.0.1":
            response.read()
            try:
                body = response.json() if response.content else None
            except ValueError:
                body = response.text
            found.extend(openapi_contract.problems(request.method, request.url.path, response.status_code, body))
        return response

    monkeypatch.setattr(httpx.Client, "send", checked)
    yield found
    assert not found, "responses that do not match the OpenAPI document:\n  " + "\n  ".join(found[:30])


@pytest.fixture
def api(emulator: EmulatorProcess) -> Iterator[Api]:
    client = make_api(emulator)
    yield client
    client.http.close()


@pytest.fixture
def sandbox_api(emulator: EmulatorProcess) -> Iterator[Api]:
    client = make_api(emulator, env_type="SANDBOX")
    yield client
    client.http.close()


def detail_codes(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(d["code"], d.get("target")) for d in body.get("details", [])]


def trust(api: Api, *addresses: str) -> None:
    """Make addresses trusted sender addresses of the api's environment (emulator control endpoint)."""
    response = httpx.put(
        f"{api.base.rsplit('/', 2)[0]}/__emulator/environments/{api.env['id']}/trusted-emails",
        json={"addresses": list(addresses)},
    )
    assert response.status_code == 200, response.text
