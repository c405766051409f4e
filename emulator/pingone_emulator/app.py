"""Assembles the emulator: routes, P1Error rendering, region-less path aliases, fault and rate-limit middleware."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .api import api_routes
from .control import control_routes
from .errors import ApiError
from .faults import FaultMiddleware, RequestLog
from .ratelimit import RateLimitConfig, RateLimitMiddleware, rate_limit_routes
from .state import EmulatorState, Settings
from .store import Store

__all__ = ["Emulator", "build"]


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.to_json(), status_code=exc.status, headers=exc.headers)


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "NOT_FOUND", 405: "INVALID_REQUEST"}.get(exc.status_code, "REQUEST_FAILED")
    message = "The requested resource was not found." if exc.status_code == 404 else str(exc.detail)
    return JSONResponse(
        {"id": "00000000-0000-4000-8000-000000000000", "code": code, "message": message}, status_code=exc.status_code
    )


class _RegionAlias:
    """``/v1/...`` and ``/{envId}/as/token`` without a region prefix address NA, like the default hosts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            parts = path.split("/")
            if path.startswith("/v1/") or (len(parts) == 4 and parts[2:] == ["as", "token"]):
                scope = {**scope, "path": "/na" + path, "raw_path": b"/na" + scope.get("raw_path", path.encode())}
        await self.app(scope, receive, send)


@dataclass
class Emulator:
    """The ASGI app plus handles on its state, log and fault controls (for in-process use and tests)."""

    app: ASGIApp
    state: EmulatorState
    log: RequestLog
    faults: FaultMiddleware
    rate_limits: RateLimitMiddleware


def build(
    db: str = ":memory:",
    settings: Settings | None = None,
    seed: dict[str, Any] | None = None,
    rate_limit: RateLimitConfig | None = None,
) -> Emulator:
    store = Store(db)
    state = EmulatorState(store, settings)
    log = RequestLog()
    inner = Starlette(exception_handlers={ApiError: _api_error, HTTPException: _http_error})
    # Rate limits sit inside the fault middleware, so the request log records their 429s too.
    rate_limits = RateLimitMiddleware(inner)
    if rate_limit is not None:
        rate_limits.configure(rate_limit)
    faults = FaultMiddleware(rate_limits, log)
    for route in [*control_routes(state, log, faults), *rate_limit_routes(rate_limits), *api_routes(state)]:
        inner.router.routes.append(route)
    if seed:
        apply_seed(state, seed)
    return Emulator(_RegionAlias(faults), state, log, faults, rate_limits)


def apply_seed(state: EmulatorState, seed: dict[str, Any]) -> None:
    """Create the environments and worker apps a seed document lists (idempotent)."""
    for env in seed.get("environments", []):
        state.create_environment(
            env_id=env.get("id"),
            name=env.get("name"),
            region=env.get("region", "NA"),
            env_type=env.get("type", "SANDBOX"),
            languages=env.get("languages"),
            trusted_emails=env.get("trusted_emails"),
        )
    for app in seed.get("worker_apps", []):
        state.create_worker_app(
            environment_id=app["environment_id"],
            client_id=app.get("client_id"),
            client_secret=app.get("client_secret"),
            auth_method=app.get("token_endpoint_auth_method", "CLIENT_SECRET_BASIC"),
            environments=app.get("environments"),
        )


def load_seed(path: str | Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a seed file is a JSON object with 'environments' and 'worker_apps'")
    return data
